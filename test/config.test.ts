import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfig, loadConfig, parseConfig } from '../src/engine/config.js';
import { DEPLOYMENT_WITHOUT_CPU, lint, tempTree } from './helpers.js';

const errorOf = (text: string) => {
  try {
    parseConfig('.kube-intent.yaml', text);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('config validation', () => {
  it('accepts a full, valid config', () => {
    const config = parseConfig(
      'c.yaml',
      `failOn: warning
maxWarnings: 10
rules:
  cpu-request-missing: off
  duplicate-object: { severity: error }
ignore:
  paths: ["charts/**/tests/**"]
  objects: [{ kind: Job, namespace: ci }]
plugins: ["./rules.js"]
cluster:
  defaultStorageClass: { name: standard, volumeBindingMode: Immediate }
  zones: [a, b, c]
`,
    );
    expect(config.failOn).toBe('warning');
    expect(config.cluster?.zones).toEqual(['a', 'b', 'c']);
  });

  it('validates the cluster storage keys', () => {
    const config = parseConfig('c.yaml', 'cluster:\n  defaultStorageClass: { name: gp3 }\n  zones: 1\n  strict: true\n');
    expect(config.cluster).toEqual({ defaultStorageClass: { name: 'gp3' }, zones: 1, strict: true });
    expect(errorOf('cluster:\n  defaultStorageClass: { name: gp3, volumeBindingMode: Lazy }\n')).toBe(
      '.kube-intent.yaml:2:37: cluster.defaultStorageClass.volumeBindingMode must be one of "Immediate", "WaitForFirstConsumer"',
    );
    expect(errorOf('cluster:\n  defaultStorageClass: { volumeBindingMode: Immediate }\n')).toMatch(
      /^\.kube-intent\.yaml:2:\d+: cluster\.defaultStorageClass .*name/,
    );
    expect(errorOf('cluster:\n  zones: 0\n')).toMatch(/^\.kube-intent\.yaml:2:\d+: cluster\.zones /);
    expect(errorOf('cluster:\n  zones: []\n')).toMatch(/^\.kube-intent\.yaml:2:\d+: cluster\.zones /);
    expect(errorOf('cluster:\n  zones: [a, a]\n')).toMatch(/^\.kube-intent\.yaml:2:\d+: cluster\.zones /);
    expect(errorOf('cluster:\n  strict: yes please\n')).toMatch(/^\.kube-intent\.yaml:2:\d+: cluster\.strict /);
  });

  it('names the file, line, column and the unknown key', () => {
    expect(errorOf('failOn: error\nrulez:\n  x: off\n')).toBe('.kube-intent.yaml:2:1: rulez is not a known setting (did you mean rules?)');
    expect(errorOf('failOn: error\nzzz: 1\n')).toBe('.kube-intent.yaml:2:1: zzz is not a known setting');
  });

  it('names the bad nested value and lists the allowed ones', () => {
    expect(errorOf('rules:\n  cpu-request-missing: loud\n')).toMatch(/^\.kube-intent\.yaml:2:3: rules\.cpu-request-missing /);
    expect(errorOf('failOn: sometimes\n')).toBe('.kube-intent.yaml:1:1: failOn must be one of "error", "warning", "info", "none"');
  });

  it('points into lists', () => {
    expect(errorOf('ignore:\n  objects:\n    - kind: Job\n      nmae: x\n')).toBe(
      '.kube-intent.yaml:4:7: ignore.objects.0.nmae is not a known setting',
    );
  });

  it('reports YAML syntax errors in the config with a position', () => {
    expect(errorOf('rules: [unclosed\n')).toMatch(/^\.kube-intent\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('is found by walking up from the working directory', () => {
    const dir = tempTree({ '.kube-intent.yaml': 'failOn: info\n', 'a/b/c/.keep': '' });
    expect(findConfig(path.join(dir, 'a/b/c'))).toBe(path.join(dir, '.kube-intent.yaml'));
    expect(loadConfig(undefined, path.join(dir, 'a/b')).config.failOn).toBe('info');
  });

  it('an explicit --config that does not exist is an error', () => {
    expect(() => loadConfig('/nonexistent/.kube-intent.yaml', '/')).toThrow(ConfigError);
  });
});

describe('config effects', () => {
  it('turns a rule off, or changes its severity', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_WITHOUT_CPU });
    expect(lint([dir], { rules: { 'cpu-request-missing': 'off' } }).findings).toHaveLength(0);
    expect(lint([dir], { rules: { 'cpu-request-missing': { severity: 'error' } } }).findings[0].severity).toBe('error');
    expect(
      lint([dir], { rules: { 'cpu-request-missing': 'info' } }, { overrides: { 'cpu-request-missing': 'error' } }).findings[0].severity,
    ).toBe('error');
  });

  it('ignores paths and objects', () => {
    const dir = tempTree({
      'apps/d.yaml': DEPLOYMENT_WITHOUT_CPU,
      'vendor/d.yaml': DEPLOYMENT_WITHOUT_CPU.replace('name: web', 'name: other'),
    });
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(lint(['.'], { ignore: { paths: ['vendor/**'] } }).findings.map((f) => f.location.file)).toEqual(['apps/d.yaml']);
    } finally {
      process.chdir(cwd);
    }
    expect(lint([dir], { ignore: { objects: [{ kind: 'Deployment', name: 'web' }] } }).findings.map((f) => f.object?.name)).toEqual([
      'other',
    ]);
    expect(lint([dir], { ignore: { objects: [{ name: 'o*' }] } }).findings.map((f) => f.object?.name)).toEqual(['web']);
  });
});

describe('suppression', () => {
  it('by annotation, for the listed rules only', () => {
    const annotated = DEPLOYMENT_WITHOUT_CPU.replace(
      '  name: web\n',
      '  name: web\n  annotations:\n    kube-intent.io/ignore: "duplicate-object, cpu-request-missing"\n',
    );
    const dir = tempTree({ 'd.yaml': annotated });
    const [f] = lint([dir]).findings;
    expect(f.suppressed).toEqual({ kind: 'annotation', justification: 'kube-intent.io/ignore annotation' });
    const other = tempTree({ 'd.yaml': annotated.replace('cpu-request-missing', 'memory-limit-missing') });
    expect(lint([other]).findings[0].suppressed).toBeUndefined();
  });

  it('by a comment on the line above the reported field, with its reason', () => {
    const commented = DEPLOYMENT_WITHOUT_CPU.replace(
      '        - name: web',
      '        # kube-intent-ignore cpu-request-missing -- batch job, runs alone\n        - name: web',
    );
    const dir = tempTree({ 'd.yaml': commented });
    const result = lint([dir]);
    expect(result.findings[0].suppressed).toEqual({
      kind: 'comment',
      justification: 'batch job, runs alone',
      comment: { file: path.join(dir, 'd.yaml'), line: 13 },
    });
    expect(result.summary.warnings).toBe(0);
  });

  it('a comment two lines above does not count', () => {
    const far = DEPLOYMENT_WITHOUT_CPU.replace('      containers:', '      # kube-intent-ignore cpu-request-missing\n      containers:');
    expect(lint([tempTree({ 'd.yaml': far })]).findings[0].suppressed).toBeUndefined();
  });
});

it('the generated config validator is up to date with config.schema.json', async () => {
  // @ts-expect-error plain JavaScript build script
  const { generateConfigValidator, VALIDATOR_PATH } = await import('../scripts/gen-config-validator.mjs');
  expect(fs.readFileSync(VALIDATOR_PATH, 'utf8')).toBe(generateConfigValidator());
});
