import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { parseConfig } from '../src/engine/config.js';
import { markedDocuments, renderExample, ruleExamples, type RuleExample } from '../src/engine/rule-examples.js';
import { lintPaths } from '../src/engine/run.js';
import { lintSimulation } from '../src/sim/output/command.js';
import { tempTree } from './helpers.js';
import { runCli } from './run-cli.js';

/**
 * `explain` shows a reported and a not-reported example taken from the rule's fixtures (documents
 * marked with a trailing `# example: fails` / `# example: passes` comment). Each example must be true on its own: linted
 * alone, the failing one is reported exactly on its `# expect:` lines, the passing one not at all.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures');
const allOn = Object.fromEntries(builtinRules.filter((r) => r.enabledByDefault === false).map((r) => [r.id, r.severity])) as Record<
  string,
  'error' | 'warning' | 'info'
>;
const EXPECT = /#\s*expect:\s*([a-z0-9@,\s-]+)$/;

function expectedLines(text: string, ruleId: string): number[] {
  return text.split('\n').flatMap((line, i) => {
    const m = EXPECT.exec(line.trimEnd());
    return m && m[1].split(',').some((item) => item.trim().split('@')[0] === ruleId) ? [i + 1] : [];
  });
}

function reportedLines(example: RuleExample, ruleId: string): number[] {
  const { text, config, cluster } = example;
  const dir = tempTree({
    'example.yaml': Buffer.from(text, example.encoding ?? 'utf8'),
    ...(cluster !== undefined ? { 'cluster.yaml': cluster } : {}),
  });
  const file = path.join(dir, 'example.yaml');
  const parsed = config ? parseConfig('example.config.yaml', config) : {};
  const simulate =
    cluster !== undefined
      ? lintSimulation([path.join(dir, 'cluster.yaml')], { config: parsed, file: null, baseDir: dir }, dir, 1 << 24)
      : undefined;
  const result = lintPaths({
    paths: [file],
    config: parsed,
    rules: builtinRules,
    overrides: allOn,
    maxFileSize: 1 << 24,
    simulate,
  });
  const lines = result.findings.filter((f) => f.ruleId === ruleId && !f.suppressed).map((f) => f.location.line);
  return [...new Set(lines)].sort((a, b) => a - b);
}

describe('explain examples from the fixtures', () => {
  for (const rule of builtinRules) {
    it(`${rule.id}: one reported and one clean example, each true when linted alone`, () => {
      const examples = ruleExamples(FIXTURES, rule.id);
      expect(examples.fails, 'a document marked "# example: fails"').toBeDefined();
      expect(examples.passes, 'a document marked "# example: passes"').toBeDefined();
      const fails = examples.fails!;
      const wanted = expectedLines(fails.text, rule.id);
      expect(wanted.length, `${fails.file}: the failing example carries an expect for the rule`).toBeGreaterThan(0);
      expect(reportedLines(fails, rule.id), fails.file).toEqual(wanted);
      const passes = examples.passes!;
      expect(expectedLines(passes.text, rule.id)).toEqual([]);
      expect(reportedLines(passes, rule.id), passes.file).toEqual([]);
    });
  }

  it('each folder marks each kind of example in one file only, so the choice does not depend on file order', () => {
    for (const rule of builtinRules) {
      const dir = path.join(FIXTURES, rule.id);
      for (const kind of ['fails', 'passes'] as const) {
        const files = fs.readdirSync(dir).filter((f) => {
          const text = fs.readFileSync(path.join(dir, f), 'utf8');
          return !f.endsWith('.config.yaml') && markedDocuments(text, kind) !== undefined;
        });
        expect(files, `${rule.id}: files marked ${kind}`).toHaveLength(1);
      }
    }
  });

  it('takes only the marked documents, and shows the reported lines instead of the expect comments', () => {
    const source = [
      'apiVersion: v1',
      'kind: ConfigMap',
      '---',
      'kind: Service # example: fails',
      'spec: {} # expect: other-rule',
      '--- # expect: some-rule',
      '# A pod.',
      'kind: Pod #example:fails',
      'spec: {} # expect: some-rule, other-rule@error',
      '---',
      'kind: Job # example: passes',
      '',
    ].join('\n');
    const fails = markedDocuments(source, 'fails')!;
    expect(fails).toBe(
      'kind: Service\nspec: {} # expect: other-rule\n--- # expect: some-rule\n# A pod.\nkind: Pod\nspec: {} # expect: some-rule, other-rule@error\n',
    );
    expect(renderExample(fails, 'some-rule')).toBe(
      'kind: Service\nspec: {}\n--- # ← reported\n# A pod.\nkind: Pod\nspec: {} # ← reported\n',
    );
    expect(markedDocuments(source, 'passes')).toBe('kind: Job\n');
    expect(markedDocuments('kind: Pod\n', 'passes')).toBeUndefined();
  });

  it('explain prints both examples, with the config a fixture needs', () => {
    const r = runCli(['explain', 'service-target-port-unknown']);
    expect(r.code).toBe(0);
    const examples = ruleExamples(FIXTURES, 'service-target-port-unknown');
    expect(r.stdout).toContain(`\nReported (${examples.fails!.file}):\n\n`);
    expect(r.stdout).toContain(`\nNot reported (${examples.passes!.file}):\n\n`);
    const shown = renderExample(examples.fails!.text, 'service-target-port-unknown')
      .trimEnd()
      .replace(/^(?=.)/gm, '    ');
    expect(r.stdout).toContain(shown);
    expect(r.stdout).toContain('# ← reported');
    expect(r.stdout).not.toContain('# expect:');
    expect(r.stdout).not.toContain('# example:');

    const withConfig = builtinRules.find((rule) => ruleExamples(FIXTURES, rule.id).fails?.config)!;
    const configured = runCli(['explain', withConfig.id]).stdout;
    expect(configured).toMatch(/\n {2}with this config \(fixtures\/[a-z-]+\/[a-z-]+\.config\.yaml\):\n\n {4}\S/);
  });
});
