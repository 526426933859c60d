import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ONLY_CPU_MISSING } from './helpers.js';

const root = path.resolve(__dirname, '..');

/** A copy of the launcher and bundle in a temp folder, so its code caches start empty. */
function installCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-launcher-'));
  fs.cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist'));
  for (const chunk of fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.cjs')))
    fs.copyFileSync(path.join(root, 'dist', chunk), path.join(dir, 'dist', chunk));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

function run(dir: string, args: string[], nodeArgs: string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, path.join(dir, 'bin/kube-intent'), ...args], { encoding: 'utf8', cwd: dir });
}

/** Runs the CLI and lists the files of dist/ it read (chunks are read when first needed). */
function distReads(dir: string, args: string[]) {
  const probe = path.join(dir, 'probe.cjs');
  fs.writeFileSync(
    probe,
    "const fs = require('node:fs'); const read = fs.readFileSync; const seen = new Set();\n" +
      `fs.readFileSync = function (file, ...rest) { const f = String(file); if (f.startsWith(${JSON.stringify(path.join(dir, 'dist') + path.sep)}) && f.endsWith('.cjs')) seen.add(f.slice(${path.join(dir, 'dist').length + 1})); return read.call(this, file, ...rest); };\n` +
      "process.on('exit', () => fs.writeSync(2, `reads: ${[...seen].sort().join(' ')}\\n`));\n",
  );
  const r = run(dir, args, ['-r', probe]);
  return { ...r, reads: /reads: (.*)/.exec(r.stderr)?.[1].split(' ').filter(Boolean) };
}

const caches = (dir: string) =>
  fs
    .readdirSync(path.join(dir, 'dist'))
    .filter((f) => f.endsWith('.cache'))
    .map((f) => f.replace(/^\.cli-.*-(\w+)\.cache$/, '$1'))
    .sort();

describe('launcher', () => {
  it('answers --version from package.json without evaluating the bundle', () => {
    const dir = installCopy();
    fs.writeFileSync(path.join(dir, 'dist/cli.cjs'), 'throw new Error("bundle evaluated")');
    const r = run(dir, ['--version']);
    expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
    expect(r.status).toBe(0);
  });

  it('a small lint with the stylish report reads cli.cjs only; other formats and the simulator read their chunks', () => {
    const dir = installCopy();
    fs.writeFileSync(path.join(dir, 'a.yaml'), DEPLOYMENT_ONLY_CPU_MISSING);
    const stylish = distReads(dir, ['lint', 'a.yaml']);
    expect(stylish.stdout).toContain('cpu-request-missing');
    expect(stylish.reads).toEqual(['cli.cjs']);
    const sarif = distReads(dir, ['lint', 'a.yaml', '-f', 'sarif']);
    expect(JSON.parse(sarif.stdout).runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('cpu-request-missing');
    expect(sarif.reads).toContain('cli.cjs');
    expect(sarif.reads!.some((f) => /^sarif-\w+\.cjs$/.test(f))).toBe(true);
    expect(sarif.reads!.filter((f) => /^(command|ajv|minimatch|format-html)-?/.test(f))).toEqual([]);
    const simulate = distReads(dir, ['simulate', 'a.yaml']);
    expect(simulate.reads).toContain('cli.cjs');
    expect(simulate.reads!.some((f) => /^command-\w+\.cjs$/.test(f))).toBe(true);
  });

  it('keeps a code cache written on the lint path, even when another command ran first', () => {
    const dir = installCopy();
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    expect(run(dir, ['--version']).status).toBe(0);
    expect(caches(dir)).toEqual([]);
    expect(run(dir, ['rules']).status).toBe(0);
    expect(caches(dir)).toEqual(['other']);
    expect(run(dir, ['lint', 'a.yaml']).status).toBe(0);
    expect(caches(dir)).toEqual(['lint', 'other']);
    const lintCache = fs.readdirSync(path.join(dir, 'dist')).find((f) => f.endsWith('-lint.cache'))!;
    const written = fs.statSync(path.join(dir, 'dist', lintCache)).mtimeMs;
    expect(run(dir, ['lint', 'a.yaml']).status).toBe(0);
    expect(fs.statSync(path.join(dir, 'dist', lintCache)).mtimeMs, 'an accepted cache is not rewritten').toBe(written);
  });

  it('keeps the lint cache of a small lint, not of a large one run before it', () => {
    const dir = installCopy();
    const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`;
    fs.writeFileSync(path.join(dir, 'large.yaml'), Array.from({ length: 60 }, (_, i) => configMap(i)).join('---\n'));
    fs.writeFileSync(path.join(dir, 'small.yaml'), configMap(0));
    expect(run(dir, ['lint', 'large.yaml']).status).toBe(0);
    expect(caches(dir)).toEqual(['other']);
    expect(run(dir, ['lint', 'small.yaml']).status).toBe(0);
    expect(caches(dir)).toEqual(['lint', 'other']);
  });
});
