import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/engine/config.js';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';
import { BIN } from './run-cli.js';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../package.json'), 'utf8'));

function cli(args: string[], cwd?: string, env: Record<string, string> = {}) {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...inherited, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SUPPRESSED = DEPLOYMENT_ONLY_CPU_MISSING.replace(
  /^(\s*)(resources:)/m,
  '$1# kube-intent-ignore cpu-request-missing -- sized by the mesh\n$1$2',
);

describe('commands users expect', () => {
  it('version and --version print the package version', () => {
    expect(cli(['version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(cli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('a mistyped command gets "did you mean", not "no such file"; a real file of that name is linted', () => {
    const dir = tempTree({ lnt: DEPLOYMENT_ONLY_CPU_MISSING });
    const typo = cli(['lnt', 'k8s/'], tempTree({}));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('kube-intent: unknown command "lnt" (did you mean lint?); to lint a file named lnt, write ./lnt\n');
    expect(cli(['explian', 'x'], dir).stderr).toContain('(did you mean explain?)');
    expect(cli(['lnt', '-f', 'compact'], dir).stdout).toMatch(/^lnt:17:\d+: warning cpu-request-missing /);
    // With the command named, a path is a path: a missing one is reported as missing.
    const named = cli(['lint', 'lnt'], tempTree({}));
    expect(named.code).toBe(2);
    expect(named.stderr).not.toContain('did you mean');
  });

  it('init writes a commented .kube-intent.yaml that the config loader accepts, with the schema line; never overwrites unasked', () => {
    const dir = tempTree({});
    expect(cli(['init'], dir)).toMatchObject({ code: 0, stdout: 'wrote .kube-intent.yaml\n' });
    const text = fs.readFileSync(path.join(dir, '.kube-intent.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(
      `# yaml-language-server: $schema=https://cdn.jsdelivr.net/npm/kube-intent@${pkg.version}/src/engine/config.schema.json`,
    );
    expect(parseConfig('.kube-intent.yaml', text)).toEqual({ failOn: 'error', rules: {} });
    // Each commented example is valid too once uncommented.
    const uncommented = text
      .replace(/^# ?(?=(maxWarnings|ignore|plugins|cluster|  |#   ))/gm, '')
      .replace(/^#   /gm, '  ')
      .replace('rules: {}', 'rules:');
    expect(Object.keys(parseConfig('x.yaml', uncommented.replace(/^(plugins:.*)$/m, '')))).toEqual(
      expect.arrayContaining(['failOn', 'maxWarnings', 'rules', 'ignore', 'cluster']),
    );
    const again = cli(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('kube-intent: .kube-intent.yaml already exists; `kube-intent init --force` overwrites it\n');
    expect(cli(['init', '--force'], dir).code).toBe(0);
  });

  it('--print-config shows the file with the command line on top, and lints nothing', () => {
    const dir = tempTree({ '.kube-intent.yaml': 'failOn: warning\nrules:\n  cpu-limit-missing: info\n', 'bad.yaml': 'a: [\n' });
    const r = cli(['lint', '--print-config', '--rule', 'liveness-probe-missing=off', '--max-warnings', '3'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      failOn: 'warning',
      maxWarnings: 3,
      rules: { 'cpu-limit-missing': 'info', 'liveness-probe-missing': 'off' },
    });
    expect(parseConfig('printed.json', r.stdout)).toEqual(JSON.parse(r.stdout));
  });

  it('--color forces colour even to a pipe, --no-color forbids it, the default colours only terminals', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    expect(cli(['lint', 'd.yaml', '--color'], dir).stdout).toContain('\u001b[');
    expect(cli(['lint', 'd.yaml'], dir).stdout).not.toContain('\u001b[');
    expect(cli(['lint', 'd.yaml', '--no-color'], dir, { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(cli(['lint', 'd.yaml', '--color', '-f', 'sarif', '-o', 'x.sarif'], dir).stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'x.sarif'), 'utf8')).not.toContain('\u001b[');
  });

  it('--no-inline-config reports what suppression comments and annotations hide', () => {
    const dir = tempTree({
      'c.yaml': SUPPRESSED,
      'a.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: a\n  annotations: { kube-intent.io/ignore: cpu-request-missing }'),
    });
    expect(cli(['lint', '.', '-f', 'compact'], dir).stdout).toBe('');
    const all = cli(['lint', '.', '-f', 'compact', '--no-inline-config'], dir).stdout.trimEnd().split('\n');
    expect(all.map((l) => l.split(' ')[0] + ' ' + l.split(' ')[2])).toEqual([
      'a.yaml:18:24: cpu-request-missing',
      'c.yaml:18:24: cpu-request-missing',
    ]);
  });

  it('--report-unused-suppressions reports stale comments and annotation entries as errors, and only those', () => {
    const stale = DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: stale').replace(
      /^(\s*)(image:)/m,
      '$1# kube-intent-ignore image-tag-floating -- pinned elsewhere\n$1$2',
    );
    const annotated = DEPLOYMENT_ONLY_CPU_MISSING.replace(
      'name: web',
      'name: a\n  annotations: { kube-intent.io/ignore: "cpu-request-missing, liveness-probe-missng" }',
    );
    const dir = tempTree({ 'used.yaml': SUPPRESSED, 'stale.yaml': stale, 'a.yaml': annotated });
    const r = cli(['lint', '.', '-f', 'compact', '--report-unused-suppressions', '--rule', 'cpu-request-missing=off'], dir);
    expect(r.code).toBe(1);
    // With the rule off, the comment in used.yaml suppresses nothing either.
    expect(
      r.stdout
        .split('\n')
        .filter((l) => l.includes('unused-suppression'))
        .map((l) => l.slice(0, l.indexOf(':'))),
    ).toEqual(['a.yaml', 'stale.yaml', 'used.yaml']);
    const normal = cli(['lint', '.', '-f', 'compact', '--report-unused-suppressions'], dir);
    const unused = normal.stdout
      .trimEnd()
      .split('\n')
      .filter((l) => l.includes('unused-suppression'));
    expect(unused).toHaveLength(2);
    expect(unused[0]).toMatch(
      /^a\.yaml:\d+:\d+: error unused-suppression kube-intent\.io\/ignore on Deployment a lists liveness-probe-missng, which reports nothing on it$/,
    );
    expect(unused[1]).toMatch(
      /^stale\.yaml:\d+:\d+: error unused-suppression kube-intent-ignore image-tag-floating suppresses nothing here$/,
    );
    expect(cli(['lint', '.', '--report-unused-suppressions', '--no-inline-config'], dir).code).toBe(2);
  });

  it('several formats in one run, each to its --output; one may go to stdout', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = cli(['lint', 'd.yaml', '-f', 'sarif', '-o', 'k.sarif', '-f', 'junit', '-o', 'k.xml', '-f', 'compact'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^d\.yaml:17:\d+: warning cpu-request-missing /);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'k.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'k.xml'), 'utf8')).toContain('<testcase name="cpu-request-missing Deployment web"');
    // An output given before its format still pairs with it.
    expect(cli(['lint', 'd.yaml', '-o', 'j.json', '-f', 'json'], dir).stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'j.json'), 'utf8')).findings).toHaveLength(1);
    expect(cli(['lint', 'd.yaml', '-f', 'json', '-f', 'sarif'], dir)).toMatchObject({
      code: 2,
      stderr: 'kube-intent: only one --format can write to stdout: give the others an --output FILE\n',
    });
    expect(cli(['lint', 'd.yaml', '-f', 'json', '-o', 'a', '-f', 'sarif', '-o', 'a'], dir).code).toBe(2);
    expect(cli(['lint', 'd.yaml', '-f', 'yaml'], dir).stderr).toContain(
      'unknown format; use one of stylish, json, sarif, junit, github, gitlab, compact',
    );
  });

  it('the README documents every lint option and every format', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8');
    const help = cli(['lint', '--help']).stdout;
    const options = [...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]).filter((o) => o !== '--help');
    expect(options).toEqual(expect.arrayContaining(['--stdin-filename', '--report-unused-suppressions', '--sarif-category']));
    for (const option of options) expect(readme, option).toContain(`\`${option}`);
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'compact']) expect(readme).toContain(`| \`${format}\``);
  });
});
