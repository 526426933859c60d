import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

/** A copy of the launcher and bundle in a temp folder, so its code caches start empty. */
function installCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-launcher-'));
  fs.cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.copyFileSync(path.join(root, 'dist/cli.cjs'), path.join(dir, 'dist/cli.cjs'));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

function run(dir: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(dir, 'bin/kube-intent'), ...args], { encoding: 'utf8', cwd: dir });
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
