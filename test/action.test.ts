import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';

const ROOT = path.resolve(__dirname, '..');
const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
const lintStep = action.runs.steps.find((s: { id?: string }) => s.id === 'lint');

/**
 * Stand-ins that record every kube-intent run in `calls` and run this checkout's CLI: npx on PATH
 * (as npx runs a published version: `npx <args>`), and an action folder whose bin/kube-intent is
 * a shim (`checkout <args>`). `built: false` leaves out dist/ and node_modules/, and puts an npm
 * on PATH that records `npm <args>` and "builds" by linking this checkout's.
 */
function fakeRunners(built = true): { bin: string; actionPath: string; calls: string } {
  const bin = tempTree({});
  const actionPath = tempTree({});
  const calls = path.join(bin, 'calls');
  const cli = JSON.stringify(path.join(ROOT, 'bin/kube-intent'));
  fs.writeFileSync(
    path.join(bin, 'npx'),
    `#!/usr/bin/env bash\nprintf 'npx %s\\n' "$*" >> ${JSON.stringify(calls)}\n[ "$1" = --yes ] || exit 90\nshift 2\nexec ${JSON.stringify(process.execPath)} ${cli} "$@"\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(bin, 'npm'),
    `#!/usr/bin/env bash\nprintf 'npm %s\\n' "$*" >> ${JSON.stringify(calls)}\n` +
      `case "$1" in ci) ln -s ${JSON.stringify(path.join(ROOT, 'node_modules'))} node_modules ;; run) ln -s ${JSON.stringify(path.join(ROOT, 'dist'))} dist ;; esac\n`,
    { mode: 0o755 },
  );
  fs.mkdirSync(path.join(actionPath, 'bin'));
  fs.writeFileSync(
    path.join(actionPath, 'bin/kube-intent'),
    `const fs = require('node:fs');\nfs.appendFileSync(${JSON.stringify(calls)}, 'checkout ' + process.argv.slice(2).join(' ') + '\\n');\n` +
      `const r = require('node:child_process').spawnSync(process.execPath, [${cli}, ...process.argv.slice(2)], { stdio: 'inherit' });\n` +
      'process.exit(r.status ?? 2);\n',
  );
  if (built) {
    fs.mkdirSync(path.join(actionPath, 'dist'));
    fs.writeFileSync(path.join(actionPath, 'dist/cli.cjs'), '');
    fs.mkdirSync(path.join(actionPath, 'node_modules/ajv'), { recursive: true });
  }
  return { bin, actionPath, calls };
}

/** Runs the action's lint step the way the runner does (bash -eo pipefail), with the inputs' defaults. */
function runStep(cwd: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}, built = true) {
  const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, (v as { default: string }).default]));
  const merged = { ...defaults, ...inputs };
  const outputFile = path.join(cwd, '.github-output');
  fs.writeFileSync(outputFile, '');
  const runners = fakeRunners(built);
  const full: Record<string, string> = {
    ...process.env,
    NO_COLOR: '1',
    GITHUB_OUTPUT: outputFile,
    GITHUB_ACTION_PATH: runners.actionPath,
    PATH: `${runners.bin}${path.delimiter}${process.env.PATH}`,
    ...env,
  };
  for (const [name, value] of Object.entries(lintStep.env as Record<string, string>)) {
    const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value);
    if (input) full[name] = merged[input[1]];
  }
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', lintStep.run], { cwd, env: full, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  const calls = fs.existsSync(runners.calls) ? fs.readFileSync(runners.calls, 'utf8').trimEnd().split('\n') : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, calls };
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs, passed to the script only through env', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        'version',
        'args',
        'working-directory',
        'paths',
        'format',
        'fail-on',
        'sarif-file',
        'max-warnings',
        'config',
        'changed',
      ]),
    );
    for (const step of action.runs.steps) expect(step.run).not.toContain('${{');
  });

  it("runs the action's own checkout once per job, built there only when it is not yet", () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const lint = 'lint . --fail-on error --format github --format sarif --output kube-intent.sarif';
    const ready = runStep(dir);
    expect(ready.calls).toEqual([`checkout ${lint}`]);
    expect(ready.code).toBe(0);
    const fresh = runStep(dir, {}, {}, false);
    expect(fresh.calls).toEqual(['npm ci --no-audit --no-fund --ignore-scripts', 'npm run build', `checkout ${lint}`]);
    expect(fresh.stdout).toMatch(/^::warning file=d\.yaml,line=17/m);
  });

  it('a failed build of the checkout stops the step with exit code 2 and says to set version', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const brokenNpm = tempTree({});
    fs.writeFileSync(path.join(brokenNpm, 'npm'), '#!/usr/bin/env bash\necho "npm ERR! network" >&2\nexit 1\n', { mode: 0o755 });
    const r = runStep(dir, {}, { PATH: `${brokenNpm}${path.delimiter}${process.env.PATH}` }, false);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("::error title=kube-intent::could not build kube-intent from the action's checkout");
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.calls).toEqual([]);
  });

  it('the version input runs that published version with npx instead, and builds nothing', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = runStep(dir, { version: '9.9.9' }, {}, false);
    expect(r.calls).toEqual([
      'npx --yes kube-intent@9.9.9 lint . --fail-on error --format github --format sarif --output kube-intent.sarif',
    ]);
    expect(r.code).toBe(0);
  });

  it('one lint run writes the log format, the SARIF file and what args asks for', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = runStep(dir, { args: '--rule cpu-limit-missing=info\n-f junit -o reports/k.xml' });
    expect(r.calls).toHaveLength(1);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning file=d\.yaml,line=17/m);
    expect(fs.readFileSync(path.join(dir, 'kube-intent.sarif'), 'utf8')).toContain('"cpu-limit-missing"');
    expect(fs.readFileSync(path.join(dir, 'reports/k.xml'), 'utf8')).toContain('<testcase name="cpu-limit-missing Deployment web"');
  });

  it('working-directory: SARIF locations stay relative to the repository root', () => {
    const repo = tempTree({ 'deploy/d.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    spawnSync('git', ['init', '-q'], { cwd: repo });
    const r = runStep(path.join(repo, 'deploy'));
    expect(r.stdout).toMatch(/^::warning file=d\.yaml,line=17/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'deploy/kube-intent.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'deploy/d.yaml',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('an older Node.js stops the step with exit code 2 and an annotation saying what to do', () => {
    const dir = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const oldNode = tempTree({});
    fs.writeFileSync(path.join(oldNode, 'node'), `#!/usr/bin/env bash\n[ "$1" = --version ] && { echo v18.19.0; exit 0; }\nexit 1\n`, {
      mode: 0o755,
    });
    const r = runStep(dir, {}, { PATH: `${oldNode}${path.delimiter}${process.env.PATH}` });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::error title=kube-intent::kube-intent needs Node.js 20.19 or later, found v18.19.0');
    expect(r.calls).toEqual([]);
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
    expect(r.calls).toHaveLength(1);
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

  it('the README workflow pins upload-sarif@v4 and uses every input it documents', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect([...readme.matchAll(/codeql-action\/upload-sarif@(\S+)/g)].map((m) => m[1])).toEqual(['v4']);
    for (const input of Object.keys(action.inputs)) expect(readme).toContain(`\`${input}\``);
  });
});
