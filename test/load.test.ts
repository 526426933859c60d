import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError } from '../src/load/read.js';
import { compileGlob } from '../src/load/glob.js';
import { DEPLOYMENT_WITHOUT_CPU, lint, ruleIds, tempTree } from './helpers.js';

const cpuFindings = (r: ReturnType<typeof lint>) => r.findings.filter((f) => f.ruleId === 'cpu-request-missing');

describe('loading bad input never hides other files', () => {
  it('reports a YAML syntax error with its position and still lints the other files', () => {
    const dir = tempTree({ 'a-broken.yaml': 'kind: [unclosed\n  - x: y\n', 'b-good.yaml': DEPLOYMENT_WITHOUT_CPU });
    const result = lint([dir]);
    const syntax = result.findings.find((f) => f.ruleId === 'yaml-syntax');
    expect(syntax?.location.file).toBe(path.join(dir, 'a-broken.yaml'));
    expect(syntax?.location.line).toBeGreaterThan(0);
    expect(cpuFindings(result)).toHaveLength(1);
  });

  it('reports duplicate mapping keys at the second key, naming the first line', () => {
    const dir = tempTree({ 'dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n' });
    const f = lint([dir]).findings.find((x) => x.ruleId === 'duplicate-key');
    expect(f?.location).toMatchObject({ line: 5, column: 3 });
    expect(f?.message).toContain('first at line 4');
  });

  it('says to render unrendered Helm templates, and lints the rest', () => {
    const dir = tempTree({
      'chart.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
      'ok.yaml': DEPLOYMENT_WITHOUT_CPU,
    });
    const result = lint([dir]);
    const helm = result.findings.find((f) => f.ruleId === 'helm-template-unrendered');
    expect(helm?.message).toContain('helm template');
    expect(helm?.location.line).toBe(4);
    expect(cpuFindings(result)).toHaveLength(1);
  });

  it('treats template braces with parse errors as unrendered Helm, not a syntax error', () => {
    const dir = tempTree({ 't.yaml': '{{- if .Capabilities }}\napiVersion: v1\nkind: x\n{{- end }}\n' });
    expect(ruleIds(lint([dir]))).toEqual(['helm-template-unrendered']);
  });

  it('skips binary files with a clear message', () => {
    const dir = tempTree({ 'image.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), 'ok.yaml': DEPLOYMENT_WITHOUT_CPU });
    const result = lint([dir]);
    expect(result.findings.find((f) => f.ruleId === 'file-unreadable')?.message).toMatch(/binary/);
    expect(cpuFindings(result)).toHaveLength(1);
  });

  it('reports a missing path and a broken symlink without stopping', () => {
    const dir = tempTree({ 'ok.yaml': DEPLOYMENT_WITHOUT_CPU });
    fs.symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'dangling.yaml'));
    const result = lint([path.join(dir, 'missing.yaml'), dir]);
    const messages = result.findings
      .filter((f) => f.ruleId === 'file-unreadable')
      .map((f) => `${path.basename(f.location.file)}: ${f.message}`);
    expect(messages).toEqual(['dangling.yaml: broken symbolic link; skipped', 'missing.yaml: no such file or folder']);
    expect(cpuFindings(result)).toHaveLength(1);
  });

  it('maps permission errors to a one-line message (root can read anything, so the mapping is tested directly)', () => {
    expect(describeError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied; skipped');
  });

  it('survives a symbolic link loop', () => {
    const dir = tempTree({ 'app/ok.yaml': DEPLOYMENT_WITHOUT_CPU });
    fs.symlinkSync(dir, path.join(dir, 'app', 'loop'));
    const result = lint([dir]);
    expect(result.findings.find((f) => f.ruleId === 'file-unreadable')?.message).toMatch(/loop/);
    expect(cpuFindings(result)).toHaveLength(1);
  });

  it('accepts empty files and whitespace-only documents silently', () => {
    const dir = tempTree({ 'empty.yaml': '', 'blank.yaml': '---\n---\n\n', 'ok.yaml': DEPLOYMENT_WITHOUT_CPU });
    expect(ruleIds(lint([dir]))).toEqual(['cpu-request-missing']);
  });

  it('skips a 50 MB file with a clear message instead of exhausting memory', () => {
    const dir = tempTree({ 'ok.yaml': DEPLOYMENT_WITHOUT_CPU });
    const big = path.join(dir, 'huge.yaml');
    const chunk = `${'# padding line for a very large manifest file\n'.repeat(1000)}`;
    const fd = fs.openSync(big, 'w');
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const result = lint([dir]);
    const f = result.findings.find((x) => x.ruleId === 'file-unreadable');
    expect(f?.location.file).toBe(big);
    expect(f?.message).toMatch(/above the 16\.0 MiB limit/);
    expect(cpuFindings(result)).toHaveLength(1);
  });

  it('rejects text that is not UTF-8', () => {
    const dir = tempTree({ 'latin1.yaml': Buffer.from('kind: caf\xe9\n', 'latin1') });
    expect(lint([dir]).findings[0].message).toMatch(/UTF-8/);
  });
});

describe('discovery', () => {
  it('walks folders recursively, only YAML/JSON, skipping node_modules and dot-folders, in sorted order', () => {
    const dir = tempTree({
      'b/deploy.yml': DEPLOYMENT_WITHOUT_CPU,
      'a/deploy.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'x:1' }] },
      }),
      'node_modules/x/deploy.yaml': DEPLOYMENT_WITHOUT_CPU,
      '.git/deploy.yaml': DEPLOYMENT_WITHOUT_CPU,
      'notes.txt': DEPLOYMENT_WITHOUT_CPU,
    });
    const files = cpuFindings(lint([dir])).map((f) => path.relative(dir, f.location.file));
    expect(files).toEqual(['a/deploy.json', 'b/deploy.yml']);
  });

  it('expands globs', () => {
    const dir = tempTree({
      'apps/a/web.yaml': DEPLOYMENT_WITHOUT_CPU,
      'apps/b/web.yaml': DEPLOYMENT_WITHOUT_CPU,
      'other/web.yaml': DEPLOYMENT_WITHOUT_CPU,
    });
    const result = lint([`${dir}/apps/**/*.yaml`]);
    expect(cpuFindings(result).map((f) => path.relative(dir, f.location.file))).toEqual(['apps/a/web.yaml', 'apps/b/web.yaml']);
    expect(lint([`${dir}/nothing/*.yaml`]).findings[0].message).toBe('no file matches this pattern');
  });

  it('reads stdin for -', () => {
    const result = lint(['-'], {}, { readStdin: () => DEPLOYMENT_WITHOUT_CPU });
    expect(cpuFindings(result)[0].location.file).toBe('<stdin>');
  });

  it('expands List kinds into their items with item positions', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${DEPLOYMENT_WITHOUT_CPU.split('\n')
      .map((l, i) => (l ? `${i === 0 ? '  - ' : '    '}${l}` : l))
      .join('\n')}`;
    const result = lint(['-'], {}, { readStdin: () => list });
    expect(result.summary.objects).toBe(1);
    expect(cpuFindings(result)[0].location.line).toBe(16);
  });

  it('does not lint files a kustomization applies as patches', () => {
    const dir = tempTree({
      'kustomization.yaml': 'resources: [deploy.yaml]\npatches:\n  - path: patch.yaml\npatchesStrategicMerge: [legacy-patch.yaml]\n',
      'deploy.yaml': DEPLOYMENT_WITHOUT_CPU,
      'patch.yaml': DEPLOYMENT_WITHOUT_CPU,
      'legacy-patch.yaml': DEPLOYMENT_WITHOUT_CPU,
    });
    const result = lint([`${dir}/*.yaml`]);
    expect(cpuFindings(result).map((f) => path.basename(f.location.file))).toEqual(['deploy.yaml']);
  });

  it('skips a patch file named on the command line (a pre-commit hook passes files one by one), without failing the run', () => {
    const dir = tempTree({
      'kustomization.yaml': 'resources: [deploy.yaml]\npatches:\n  - path: patch.yaml\n',
      'deploy.yaml': DEPLOYMENT_WITHOUT_CPU,
      'patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  replicas: 5\n',
    });
    const alone = lint([path.join(dir, 'patch.yaml')]);
    expect(alone.findings).toEqual([]);
    expect(alone.linted).toBe(true);
    expect(
      cpuFindings(lint([path.join(dir, 'patch.yaml'), path.join(dir, 'deploy.yaml')])).map((f) => path.basename(f.location.file)),
    ).toEqual(['deploy.yaml']);
  });

  it('renders a kustomization folder given as a path, or says which tools are missing', () => {
    const dir = tempTree({ 'kustomization.yaml': 'resources: [deploy.yaml]\nnamespace: shop\n', 'deploy.yaml': DEPLOYMENT_WITHOUT_CPU });
    const saved = process.env.PATH;
    const savedTmp = process.env.TMPDIR;
    try {
      process.env.PATH = '/nonexistent';
      const missing = lint([dir]).findings[0];
      expect(missing.ruleId).toBe('file-unreadable');
      expect(missing.message).toMatch(/neither `kustomize` nor `kubectl`/);
      // No temporary folder for the origin-tracing wrapper: still a clear finding, no crash.
      process.env.TMPDIR = path.join(dir, 'no-such-folder');
      expect(lint([dir]).findings[0].message).toMatch(/neither `kustomize` nor `kubectl`/);
    } finally {
      process.env.PATH = saved;
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    const hasKubectl = (saved ?? '')
      .split(path.delimiter)
      .some((p) => fs.existsSync(path.join(p, 'kubectl')) || fs.existsSync(path.join(p, 'kustomize')));
    if (hasKubectl) {
      const rendered = cpuFindings(lint([dir]));
      expect(rendered).toHaveLength(1);
      expect(rendered[0].object?.namespace).toBe('shop');
      expect(rendered[0].location.file).toBe(path.join(dir, 'deploy.yaml'));
    }
  });
});

describe('compileGlob', () => {
  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'dir/a.yaml', false],
    ['**/*.yaml', 'a.yaml', true],
    ['**/*.yaml', 'x/y/a.yaml', true],
    ['charts/**/tests/**', 'charts/web/tests/t.yaml', true],
    ['charts/**/tests/**', 'charts/web/t.yaml', false],
    ['*.{yaml,yml}', 'a.yml', true],
    ['file?.yaml', 'file1.yaml', true],
    ['[ab].yaml', 'c.yaml', false],
  ])('%s vs %s -> %s', (glob, file, expected) => {
    expect(compileGlob(glob).test(file)).toBe(expected);
  });
});

describe('templates inside data are not unrendered charts', () => {
  it('a syntax error in a file whose templates are all quoted is a syntax error', () => {
    const dir = tempTree({
      'alertmanager.yaml':
        "receivers:\n- name: slack\nslack_configs:\n- channel: '#alerts'\n  send_resolved: true\n   title: '{{ template \"slack.title\" . }}'\n",
    });
    expect(ruleIds(lint([dir]))).toEqual(['yaml-syntax']);
  });
});
