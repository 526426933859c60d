import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const BUNDLES = ['dist/cli.cjs', 'dist/index.js'].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'));

/** Bare module specifiers the built bundles still load at run time (require, import, the plugin importer). */
function loadedAtRunTime(): Set<string> {
  const found = new Set<string>();
  for (const code of BUNDLES)
    for (const [, spec] of code.matchAll(/(?:require\(|import\(|from\s*|\b[a-zA-Z_$][\w$]*\()["']([@a-z][^"']*)["']\)?/g)) {
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
    // The bundles do contain the moved packages (yaml's parser, commander's Command).
    expect(BUNDLES[0]).toContain('unknown option');
    expect(dependencies).toEqual(['ajv']);
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
});
