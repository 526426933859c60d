import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** cli.cjs first, then its lazily loaded chunks and the public API. */
const BUNDLES = [
  'dist/cli.cjs',
  ...fs
    .readdirSync(path.join(ROOT, 'dist'))
    .filter((f) => (f.endsWith('.cjs') && f !== 'cli.cjs') || f === 'index.js')
    .map((f) => `dist/${f}`),
].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'));

/**
 * Bare module specifiers the built bundles still load at run time (require, import, the plugin
 * importer); not the ones inside string literals (ajv's source for standalone validators).
 */
function loadedAtRunTime(): Set<string> {
  const found = new Set<string>();
  for (const code of BUNDLES)
    for (const [, spec] of code.matchAll(/(?<![`'"])(?:require\(|import\(|from\s*|\b[a-zA-Z_$][\w$]*\()["']([@a-z][^"']*)["']\)?/g)) {
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!builtinModules.includes(name) && !name.startsWith('node:')) found.add(name);
    }
  return found;
}

describe('package.json', () => {
  it('depends only on what the bundles load from node_modules at run time; bundled packages are devDependencies', () => {
    const runtime = loadedAtRunTime();
    const dependencies = Object.keys(pkg.dependencies ?? {});
    for (const name of dependencies) expect(runtime.has(name), `${name} is a dependency but the bundles never load it`).toBe(true);
    for (const name of Object.keys(pkg.devDependencies)) expect(runtime.has(name), `${name} is loaded at run time`).toBe(false);
    // The bundles do contain the moved packages (yaml's parser, commander's Command, ajv in a chunk of its own).
    expect(BUNDLES[0]).toContain('unknown option');
    expect(BUNDLES.some((code) => code.includes('schema with key or id'))).toBe(true);
    expect(dependencies).toEqual([]);
  });

  it('says where the project lives and where to report bugs', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) });
    expect(pkg.bugs.url).toMatch(/^https:\/\/.+\/issues$/);
  });

  it('publishes the config schema under a real $id', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, pkg.exports['./config.schema.json']), 'utf8'));
    expect(schema.$id).toBe(`https://cdn.jsdelivr.net/npm/${pkg.name}/src/engine/config.schema.json`);
    expect(pkg.files).toContain('src');
  });

  it('installed from its packed tarball (what npx and the Action run), it lints with no build and only its dependencies', () => {
    const work = tempTree({ 'k8s/d.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const npm = (args: string[], cwd: string) =>
      spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    // dist/ is what the suite's global setup built; packing must not build again.
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const shipped = files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(['bin/kube-intent', 'dist/cli.cjs', 'dist/index.js', 'src/engine/config.schema.json']));
    expect(shipped.some((f) => f.startsWith('test/') || f.startsWith('node_modules/'))).toBe(false);
    const installed = npm(
      ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', path.join(work, filename)],
      work,
    );
    expect(installed.status, installed.stderr).toBe(0);
    const modules = fs.readdirSync(path.join(work, 'node_modules')).filter((m) => !m.startsWith('.'));
    for (const bundled of ['ajv', 'chalk', 'commander', 'yaml']) expect(modules).not.toContain(bundled);
    const run = spawnSync(path.join(work, 'node_modules/.bin/kube-intent'), ['lint', 'k8s', '-f', 'compact'], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^k8s\/d\.yaml:17:\d+: warning cpu-request-missing /);

    // The README's Install section: `npm pack` writes this tarball, and a global install of it gives a working command.
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm pack');
    expect(readme).toContain(`npm install --global ./${filename}`);
    expect(readme).toContain(`npm install --save-dev ../kube-intent/${filename}`);
    const prefix = path.join(work, 'global');
    const global = npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        path.join(work, filename),
      ],
      work,
    );
    expect(global.status, global.stderr).toBe(0);
    const bin = process.platform === 'win32' ? path.join(prefix, 'kube-intent.cmd') : path.join(prefix, 'bin', 'kube-intent');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(pkg.version);
    const linted = spawnSync(bin, ['lint', 'k8s', '-f', 'compact'], { cwd: work, encoding: 'utf8' });
    expect(linted.stdout).toMatch(/^k8s\/d\.yaml:17:\d+: warning cpu-request-missing /);
  }, 180_000);
});
