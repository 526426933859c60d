import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';

const ROOT = path.resolve(__dirname, '..');
const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
const lintStep = action.runs.steps.find((s: { id?: string }) => s.id === 'lint');

/** Runs the action's lint step the way the runner does (bash -eo pipefail), with the inputs' defaults. */
function runStep(cwd: string, inputs: Record<string, string> = {}) {
  const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, (v as { default: string }).default]));
  const merged = { ...defaults, ...inputs };
  const outputFile = path.join(cwd, '.github-output');
  fs.writeFileSync(outputFile, '');
  const env: Record<string, string> = {
    ...process.env,
    NO_COLOR: '1',
    GITHUB_OUTPUT: outputFile,
    KUBE_INTENT: path.join(ROOT, 'bin/kube-intent'),
  };
  for (const [name, value] of Object.entries(lintStep.env as Record<string, string>)) {
    const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value);
    if (input) env[name] = merged[input[1]];
  }
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', lintStep.run], { cwd, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs, passed to the script only through env', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['paths', 'format', 'fail-on', 'sarif-file', 'max-warnings', 'config', 'changed']),
    );
    for (const step of action.runs.steps) expect(step.run).not.toContain('${{');
  });

  it('annotates, writes SARIF, and fails the step on errors', () => {
    const dir = tempTree({
      'apps/d.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
      'apps/bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n',
    });
    const r = runStep(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=apps\/bad\.yaml,line=4/m);
    expect(r.stdout).toMatch(/^::warning file=apps\/d\.yaml,line=17/m);
    expect(r.outputs).toEqual({ 'sarif-file': 'kube-intent.sarif', 'exit-code': '1' });
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'kube-intent.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(['cpu-request-missing', 'yaml-syntax']);
  });

  it('passes several paths and leaves globs to kube-intent; fail-on and max-warnings gate', () => {
    const dir = tempTree({
      'a/d.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
      'b/e.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: e'),
      'c/f.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    });
    const r = runStep(dir, { paths: 'a/d.yaml\n  b/*.yaml', 'sarif-file': 'out/report.sarif' });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^::warning /gm)).toHaveLength(2);
    expect(fs.existsSync(path.join(dir, 'out/report.sarif'))).toBe(true);
    expect(runStep(dir, { paths: 'a b', 'fail-on': 'warning' }).code).toBe(1);
    expect(runStep(dir, { 'max-warnings': '2' }).code).toBe(1);
    expect(runStep(dir, { 'max-warnings': '3' }).code).toBe(0);
  });

  it('format sarif writes only the file; an empty sarif-file writes none', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const sarifOnly = runStep(dir, { format: 'sarif', 'sarif-file': 'k.sarif' });
    expect(sarifOnly.code).toBe(0);
    expect(sarifOnly.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'k.sarif'), 'utf8')).version).toBe('2.1.0');
    const none = runStep(dir, { format: 'stylish', 'sarif-file': '' });
    expect(none.outputs).toEqual({ 'sarif-file': '', 'exit-code': '0' });
    expect(none.stdout).toContain('cpu-request-missing');
  });

  it('a usage error stops the step with exit code 2', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = runStep(dir, { 'fail-on': 'sometimes' });
    expect(r.code).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
  });
});
