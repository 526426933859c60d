import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { builtinRuleDocsUrl, RULES_PAGE_URL } from '../src/engine/docs-url.js';
import { lintPaths } from '../src/engine/run.js';
import { loadRules } from '../src/engine/user-rules.js';
import sarif from '../src/report/sarif.js';
import { DEPLOYMENT_WITHOUT_CPU, tempTree } from './helpers.js';
import { runCli } from './run-cli.js';

const ROOT = path.resolve(__dirname, '..');
const rules = await loadRules(builtinRules, { config: {}, file: null, baseDir: ROOT }, [], ROOT);

describe('rule docs anchors', () => {
  it('every built-in rule links its section of docs/rules.md on the repository named in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const repository = String(pkg.repository.url)
      .replace(/^git\+/, '')
      .replace(/\.git$/, '');
    expect(RULES_PAGE_URL).toBe(`${repository}/blob/main/docs/rules.md`);
    for (const rule of rules) expect(rule.docsUrl).toBe(`${RULES_PAGE_URL}#${rule.id}`);
  });

  it('SARIF carries the anchor as helpUri and former ids as deprecatedIds, and stays schema-valid', () => {
    const dir = tempTree({ 'web.yaml': DEPLOYMENT_WITHOUT_CPU });
    const result = lintPaths({ paths: [dir], config: {}, rules, maxFileSize: 1 << 24 });
    const log = JSON.parse(sarif(result, { color: false, rules, width: 100, cwd: dir }));
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const descriptors: Array<{ id: string; helpUri?: string; deprecatedIds?: string[] }> = log.runs[0].tool.driver.rules;
    for (const rule of builtinRules) {
      const d = descriptors.find((x) => x.id === rule.id)!;
      expect(d.helpUri).toBe(builtinRuleDocsUrl(rule.id));
      expect(d.deprecatedIds).toEqual(rule.aliases?.length ? rule.aliases : undefined);
    }
  });

  it('explain prints the anchor; a plugin rule shows its own docsUrl, or none', () => {
    expect(runCli(['explain', 'cpu-request-missing']).stdout).toContain(`\nDocs: ${RULES_PAGE_URL}#cpu-request-missing\n`);
    const plugin = (extra: string) =>
      `export default { id: 'team-label', severity: 'info', category: 'custom', summary: 's', ${extra} docs: { declared: 'd', interpreted: 'i', fix: 'f' }, check() {} };\n`;
    const dir = tempTree({
      'linked.mjs': plugin(`docsUrl: 'https://wiki.example/team-label',`),
      'plain.mjs': plugin(''),
      'bad.mjs': plugin(`docsUrl: 'wiki/team-label',`),
    });
    expect(runCli(['explain', 'team-label', '--plugin', './linked.mjs'], { cwd: dir }).stdout).toContain(
      '\nDocs: https://wiki.example/team-label\n',
    );
    expect(runCli(['explain', 'team-label', '--plugin', './plain.mjs'], { cwd: dir }).stdout).not.toContain('Docs:');
    const bad = runCli(['explain', 'team-label', '--plugin', './bad.mjs'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('docsUrl must be an absolute http(s) URL, got "wiki/team-label"');
  });
});
