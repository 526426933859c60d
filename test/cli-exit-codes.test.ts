import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';

const BIN = path.resolve(__dirname, '../bin/kube-intent');

function run(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const POD_WITH_BAD_YAML = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n';

describe('exit codes, as a user runs the binary', () => {
  it('0 when nothing reaches the threshold (warnings only, default --fail-on error)', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = run(['lint', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cpu-request-missing');
    expect(r.stdout).toMatch(/d\.yaml\n\s+17:24\s+warning\s+cpu-request-missing/);
  });

  it('1 when findings reach --fail-on', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    expect(run(['lint', dir, '--fail-on', 'warning']).code).toBe(1);
    expect(run(['lint', dir, '--fail-on', 'none', '--rule', 'cpu-request-missing=error']).code).toBe(0);
    expect(run(['lint', dir, '--rule', 'cpu-request-missing=error']).code).toBe(1);
  });

  it('1 for a broken file among good ones (it is a finding, not a crash)', () => {
    const dir = tempTree({ 'bad.yaml': POD_WITH_BAD_YAML, 'good.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = run(['lint', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('yaml-syntax');
    expect(r.stdout).toContain('cpu-request-missing');
    expect(r.stderr).toBe('');
  });

  it('honours failOn from the config file found upward', () => {
    const dir = tempTree({ '.kube-intent.yaml': 'failOn: warning\n', 'apps/d.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    expect(run(['lint', 'apps'], { cwd: dir }).code).toBe(1);
  });

  it('2 for an invalid config, naming file, line and key, without a stack trace', () => {
    const dir = tempTree({ '.kube-intent.yaml': 'failOn: error\nrulez: {}\n', 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = run(['lint', 'd.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kube-intent: .kube-intent.yaml:2:1: rulez is not a known setting (did you mean rules?)\n');
  });

  it('2 for an unknown rule in the config or on the command line, with a suggestion', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = run(['lint', dir, '--rule', 'cpu-requst-missing=off']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean cpu-request-missing?');
  });

  it('2 for usage errors', () => {
    expect(run(['lint', '--fail-on', 'sometimes', '.']).code).toBe(2);
    expect(run(['lint', '--rule', 'nonsense']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
    const r = run(['explain', 'no-such-rule']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule "no-such-rule"/);
  });

  it('2 when nothing could be linted at all', () => {
    const r = run(['lint', '/nonexistent/manifests']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kube-intent: /nonexistent/manifests: no such file or folder\n');
    const empty = tempTree({ 'README.md': '# not a manifest' });
    const e = run(['lint', empty]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/no manifests found/);
  });

  it('reads stdin for -', () => {
    const r = run(['lint', '-', '--format', 'json'], { input: DEPLOYMENT_ONLY_CPU_MISSING });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings[0].location.file).toBe('<stdin>');
  });

  it('empty stdin is an error, not a clean run (the render before the pipe failed)', () => {
    const r = run(['lint', '-'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kube-intent: <stdin>: standard input is empty: nothing to lint (did the command that renders the manifests fail?)\n',
    );
  });

  it('an unknown rule id in the config names the file, line and column, and the near miss', () => {
    const dir = tempTree({
      '.kube-intent.yaml': 'failOn: error\nrules:\n  liveness-probe-missng: off\n',
      'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    });
    const r = run(['lint', 'd.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kube-intent: .kube-intent.yaml:3:3: rules.liveness-probe-missng: unknown rule (did you mean liveness-probe-missing?)\n',
    );
  });

  it('--help shows defaults a person can read', () => {
    const help = run(['lint', '--help']).stdout;
    expect(help).toContain('(default: 128 MiB)');
    expect(help).not.toMatch(/default: (\{\}|\[\]|16777216)/);
  });

  it('--output writes the report to a file', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const out = path.join(dir, 'report.json');
    const r = run(['lint', dir, '-f', 'json', '-o', out]);
    expect(r.stdout).toBe('');
    expect(
      JSON.parse(fs.readFileSync(out, 'utf8')).findings.filter((f: { ruleId: string }) => f.ruleId === 'cpu-request-missing'),
    ).toHaveLength(1);
  });

  it('colours only when asked or on a TTY', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    expect(run(['lint', dir]).stdout).not.toContain('\u001b[');
    expect(run(['lint', dir], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(run(['lint', dir, '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('same bytes whatever the argument order', () => {
    const dir = tempTree({
      'a.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
      'b.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: api'),
    });
    const one = run(['lint', path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'), '-f', 'json']).stdout;
    const two = run(['lint', path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'), '-f', 'json']).stdout;
    expect(one).toBe(two);
  });
});

describe('rules and explain', () => {
  it('lists every rule, also as JSON', () => {
    const table = run(['rules']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^RULE\s+SEVERITY\s+CATEGORY\s+SUMMARY/);
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout);
    expect(json.rules.find((r: { id: string }) => r.id === 'cpu-request-missing')).toMatchObject({
      severity: 'warning',
      category: 'resources',
    });
  });

  it('explains a rule with declared / interpreted / fix', () => {
    const r = run(['explain', 'cpu-request-missing']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Declared:.*\nInterpreted:.*\nFix:/);
  });
});

describe('output read by a pipe that closes early', () => {
  it('`| head` ends the report quietly, and the exit code still counts the findings', () => {
    const many = Array.from({ length: 400 }, (_, i) => DEPLOYMENT_ONLY_CPU_MISSING.replace(/name: web\b/g, `name: web-${i}`)).join(
      '\n---\n',
    );
    const dir = tempTree({ 'many.yaml': many });
    const r = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" lint "${dir}" --fail-on warning | head -c 100 >/dev/null`],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.status).toBe(1);
  });
});
