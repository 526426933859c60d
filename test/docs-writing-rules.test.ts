import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from './helpers.js';

/**
 * docs/writing-rules.md is run as written: every fenced block whose info string carries a file name
 * (```js acme-rules.js) becomes that file in a temp project that has kube-intent installed, and
 * every ```sh command followed by a ```text output block must print exactly that output.
 */
const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin/kube-intent');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const guide = fs.readFileSync(path.join(ROOT, 'docs/writing-rules.md'), 'utf8');

interface Block {
  lang: string;
  name: string | undefined;
  body: string;
}

const blocks: Block[] = [...guide.matchAll(/^```(\w+)(?: (\S+))?\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], name: m[2], body: m[3] }));
const files = blocks.filter((b) => b.name && b.name !== 'output');
const runs = blocks.flatMap((b, i) =>
  b.lang === 'sh' && blocks[i + 1]?.name === 'output' ? [{ command: b.body.trim(), output: blocks[i + 1].body }] : [],
);

/** A temp project: the guide's files, "type": "module", and kube-intent installed as npm would (package.json, dist/index.js, types). */
function project(): string {
  const dir = tempTree({
    ...Object.fromEntries(files.map((b) => [b.name!, b.body])),
    'package.json': JSON.stringify({ type: 'module', private: true }),
    'node_modules/kube-intent/package.json': fs.readFileSync(path.join(ROOT, 'package.json')),
    'node_modules/kube-intent/dist/index.js': fs.readFileSync(path.join(ROOT, 'dist/index.js')),
  });
  const types = spawnSync(
    process.execPath,
    [TSC, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(dir, 'node_modules/kube-intent/dist/types')],
    { encoding: 'utf8' },
  );
  expect(types.stdout + types.stderr).toBe('');
  return dir;
}

function kubeIntent(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectations(text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const m = /#\s*expect:\s*([a-z0-9,\s-]+)$/.exec(line.trimEnd());
    return m ? m[1].split(',').map((id) => `${i + 1} ${id.trim()}`) : [];
  });
}

describe('docs/writing-rules.md', () => {
  let dir: string;
  beforeAll(() => {
    dir = project();
  });

  it('has one example of each kind, with manifests that expect findings', () => {
    expect(files.map((b) => b.name)).toEqual(expect.arrayContaining(['acme-rules.js', 'acme-budgets.js', '.kube-intent.yaml']));
    expect(files.filter((b) => b.lang === 'yaml' && expectations(b.body).length > 0).length).toBe(3);
    expect(runs.length).toBe(2);
  });

  it('its manifests produce exactly the findings their # expect comments name', () => {
    const manifests = files.filter((b) => b.lang === 'yaml' && b.name !== '.kube-intent.yaml');
    const plugins = files.filter((b) => b.lang === 'js').flatMap((b) => ['--plugin', `./${b.name}`]);
    const r = kubeIntent(dir, ['lint', ...plugins, '-f', 'json', ...manifests.map((b) => b.name!)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const found = (JSON.parse(r.stdout).findings as Array<{ ruleId: string; location: { file: string; line: number } }>)
      .map((f) => `${f.location.file} ${f.location.line} ${f.ruleId}`)
      .sort();
    const wanted = manifests.flatMap((b) => expectations(b.body).map((e) => `${b.name} ${e}`)).sort();
    expect(found).toEqual(wanted);
  });

  it('its commands print the output the guide shows', () => {
    for (const run of runs) {
      const [program, ...args] = run.command.split(/\s+/);
      expect(program).toBe('kube-intent');
      const r = kubeIntent(dir, args);
      expect(r.stderr).toBe('');
      expect(r.stdout, run.command).toBe(run.output);
    }
  });

  it('the plugin type-checks, and a TypeScript plugin gets real types from the package', () => {
    fs.writeFileSync(
      path.join(dir, 'typed-rule.ts'),
      `import { defineRule, type RuleDefinition } from 'kube-intent';
const rule: RuleDefinition = defineRule({
  id: 'typed-rule', severity: 'info', category: 'custom', summary: 'typed',
  docs: { declared: 'd', interpreted: 'i', fix: 'f' },
  check(ctx) {
    for (const w of ctx.workloads()) ctx.report({ object: w.object, path: w.podSpecPath, message: \`\${w.object.display} has \${w.containers.length} containers\` });
  },
});
export default [rule];
`,
    );
    fs.writeFileSync(
      path.join(dir, 'wrong-rule.ts'),
      `import { defineRule } from 'kube-intent';\nexport default defineRule({ id: 'x', severity: 'loud', category: 'custom', summary: 's', docs: { declared: 'd', interpreted: 'i', fix: 'f' }, check() {} });\n`,
    );
    const tsconfig = (include: string[]) =>
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          allowJs: true,
          checkJs: true,
          noEmit: true,
          types: [],
        },
        include,
      });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig(['acme-rules.js', 'acme-budgets.js', 'typed-rule.ts', 'wrong-rule.ts']));
    const r = spawnSync(process.execPath, [TSC, '-p', dir], { cwd: dir, encoding: 'utf8' });
    const errors = r.stdout.split('\n').filter((line) => / error TS\d+/.test(line));
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^wrong-rule\.ts\(2,.*'"loud"' is not assignable to type 'Severity'/);
  });
});
