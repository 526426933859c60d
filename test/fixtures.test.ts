import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { parseConfig } from '../src/engine/config.js';
import { lintPaths } from '../src/engine/run.js';
import { loadCluster } from '../src/sim/input/index.js';
import { simulationFor } from '../src/sim/output/setup.js';

/**
 * Every fixtures/<rule-id>/*.yaml|json is linted with every rule enabled. A line ending in
 * `# expect: rule-a, rule-b` must be reported by those rules; every other finding of the folder's
 * rule, or of a rule named in the file's expectations, fails the test. `rule@severity` also checks
 * the severity. A sibling `<name>.config.yaml` is used as the config for that fixture, a sibling
 * `<name>.cluster.yaml` as its cluster (as `lint --cluster` would).
 */
const root = path.resolve(__dirname, '../fixtures');
const allOn = Object.fromEntries(
  builtinRules.map((r) => [r.id, r.enabledByDefault === false ? r.severity : undefined]).filter(([, s]) => s),
) as Record<string, 'error' | 'warning' | 'info'>;
const EXPECT = /#\s*expect:\s*([a-z0-9@,\s-]+)$/;

interface Expectation {
  line: number;
  ruleId: string;
  severity?: string;
}

function readExpectations(file: string): Expectation[] {
  const out: Expectation[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = EXPECT.exec(text.trimEnd());
      if (!m) return;
      for (const item of m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [ruleId, severity] = item.split('@');
        out.push({ line: i + 1, ruleId, severity });
      }
    });
  return out;
}

const folders = fs.existsSync(root)
  ? fs
      .readdirSync(root)
      // fixtures/simulate holds the simulate engine's scenarios (test/sim-scenarios.test.ts), not a rule's fixtures.
      .filter((d) => d !== 'simulate' && fs.statSync(path.join(root, d)).isDirectory())
      .sort()
  : [];

describe('rule fixtures', () => {
  it('every rule has a fixture folder, and every folder names a rule', () => {
    const ids = builtinRules.map((r) => r.id).sort();
    expect(folders.filter((f) => !ids.includes(f))).toEqual([]);
    expect(ids.filter((id) => !folders.includes(id))).toEqual([]);
  });

  for (const folder of folders) {
    const dir = path.join(root, folder);
    const files = fs
      .readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.config.yaml') && !f.endsWith('.cluster.yaml'))
      .sort();
    describe(folder, () => {
      it('has at least one positive and one negative fixture', () => {
        const withExpect = files.filter((f) => readExpectations(path.join(dir, f)).some((e) => e.ruleId === folder));
        expect(withExpect.length, 'a fixture that expects this rule').toBeGreaterThan(0);
        expect(files.length - withExpect.length, 'a fixture that must stay silent for this rule').toBeGreaterThan(0);
      });
      for (const file of files) {
        it(file, () => {
          const full = path.join(dir, file);
          const configFile = full.replace(/\.(ya?ml|json)$/, '.config.yaml');
          const config = fs.existsSync(configFile) ? parseConfig(configFile, fs.readFileSync(configFile, 'utf8')) : {};
          const clusterFile = full.replace(/\.(ya?ml|json)$/, '.cluster.yaml');
          const simulate = fs.existsSync(clusterFile)
            ? simulationFor(loadCluster([clusterFile]), { usage: 'request', whatIfs: [] })
            : undefined;
          const result = lintPaths({
            paths: [full],
            config,
            rules: builtinRules,
            overrides: allOn,
            maxFileSize: 16 * 1024 * 1024,
            simulate,
          });
          const expectations = readExpectations(full);
          const checked = new Set([folder, ...expectations.map((e) => e.ruleId)]);
          const actual = result.findings
            .filter((f) => checked.has(f.ruleId) && !f.suppressed)
            .map((f) => `${f.location.line} ${f.ruleId}`)
            .sort();
          const wanted = [...new Set(expectations.map((e) => `${e.line} ${e.ruleId}`))].sort();
          expect(actual, describeFindings(result.findings.filter((f) => checked.has(f.ruleId)))).toEqual(wanted);
          for (const e of expectations.filter((x) => x.severity)) {
            const f = result.findings.find((x) => x.ruleId === e.ruleId && x.location.line === e.line);
            expect(f?.severity, `${e.ruleId} at line ${e.line}`).toBe(e.severity);
          }
        });
      }
    });
  }
});

function describeFindings(findings: { location: { line: number }; ruleId: string; message: string }[]): string {
  return findings.map((f) => `line ${f.location.line} ${f.ruleId}: ${f.message}`).join('\n');
}
