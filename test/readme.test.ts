import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { GENERATED } from '../scripts/rule-docs.js';

/** Output samples in the README that claim to come from `kube-intent lint examples` must be real. */
const ROOT = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function lintExamples(): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/kube-intent'), 'lint', 'examples'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  expect(r.status).toBe(1);
  return r.stdout;
}

/** Code blocks that show findings of the example app (they start with an examples/ file header). */
const samples = [...readme.matchAll(/^```\n(examples\/shop\/[\s\S]*?)^```$/gm)].map((m) => m[1]);

describe('README', () => {
  it('starts with the two set-up commands for a fresh clone', () => {
    const first = /^```sh\n([\s\S]*?)^```$/m.exec(readme)?.[1] ?? '';
    expect(first).toContain('npm ci && npx kube-intent lint examples');
    expect(first).toContain('npm ci && npm test');
  });

  it('shows example-app output exactly as the tool prints it', () => {
    expect(samples.length).toBeGreaterThanOrEqual(2);
    const output = lintExamples();
    for (const sample of samples) {
      // Samples are excerpts: each file header and each whole finding (position line to the next) must be real.
      const findings = sample.split(/\n(?=examples\/|  \d+:\d+ )/).map((part) => part.trimEnd());
      for (const part of findings) expect(output).toContain(part);
    }
  });
});

describe('docs generated from the rules', () => {
  for (const [file, render] of Object.entries(GENERATED)) {
    it(`${file} matches the rules' metadata (run \`node scripts/gen-rule-docs.mjs\` after changing a rule)`, () => {
      const current = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect(render(current, builtinRules)).toBe(current);
    });
  }

  it('the README lists every rule once, in a table, linked to its docs anchor, with its default and what it catches', () => {
    for (const rule of builtinRules) {
      const rows = readme.split('\n').filter((line) => line.startsWith(`| [\`${rule.id}\`](docs/rules.md#${rule.id})`));
      expect(rows, rule.id).toHaveLength(1);
      expect(rows[0]).toContain(` | ${rule.enabledByDefault === false ? `off (${rule.severity})` : rule.severity} | `);
      expect(rows[0]).toContain((rule.docs.catches ?? rule.summary).replace(/\|/g, '\\|'));
    }
  });

  it('docs/rules.md has a section anchored by every id, and an anchor for every former id', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    for (const rule of builtinRules) {
      expect(page.split('\n').filter((line) => line === `### ${rule.id}`)).toHaveLength(1);
      for (const alias of rule.aliases ?? []) expect(page).toContain(`<a id="${alias}"></a>\n### ${rule.id}\n`);
      expect(page).toContain(`- **Fix:** ${rule.docs.fix}`);
    }
  });

  it('a rules table naming an unknown category, or a category without a table, is an error rather than a silent gap', () => {
    const render = GENERATED['README.md'];
    expect(() => render('<!-- rules-table: nonsense -->\n<!-- /rules-table -->', builtinRules)).toThrow(/unknown rule category "nonsense"/);
    expect(() => render(readme.replace('<!-- rules-table: input -->', '<!-- rules-table: custom -->'), builtinRules)).toThrow(
      /no rules table for the categories input/,
    );
  });
});
