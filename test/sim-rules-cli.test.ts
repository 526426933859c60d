import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsOf, runCli } from './run-cli.js';

/**
 * Each simulation rule through the CLI, alone: `lint <its failing fixture> --cluster <the fixture's cluster>`
 * reports it on the workload's lines the fixture's `# expect:` comments name (file:line), its passing fixture
 * on its own cluster does not, and without --cluster the rule is silent.
 */
const root = path.resolve(__dirname, '..');
const RULES: Record<string, { fails: string; passes: string }> = {
  'pod-fits-no-node': { fails: 'too-big', passes: 'fits' },
  'pod-unschedulable': { fails: 'no-room-left', passes: 'room' },
  'preemption-required': { fails: 'preempts', passes: 'room' },
  'node-loss-unschedulable': { fails: 'one-node-short', passes: 'spare-room' },
  'zone-loss-unschedulable': { fails: 'zone-short', passes: 'spare-room' },
};

function expectedLines(file: string, ruleId: string): string[] {
  return fs
    .readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (new RegExp(`#\\s*expect:.*\\b${ruleId}\\b`).test(line) ? [`${file}:${i + 1} ${ruleId}`] : []));
}

function lint(ruleId: string, fixture: string, withCluster: boolean): string[] {
  const file = `fixtures/${ruleId}/${fixture}.yaml`;
  const cluster = withCluster ? ['--cluster', `fixtures/${ruleId}/${fixture}.cluster.yaml`] : [];
  const run = runCli(['lint', file, ...cluster, '--format', 'json', '--fail-on', 'none'], { cwd: root });
  expect(run.code, run.stderr).toBe(0);
  return findingsOf(run, [ruleId]);
}

describe('simulation rules, each linted alone with lint --cluster', () => {
  for (const [ruleId, { fails, passes }] of Object.entries(RULES)) {
    it(`${ruleId}: reported at the workload's file:line with its cluster, silent without one`, () => {
      const wanted = expectedLines(`fixtures/${ruleId}/${fails}.yaml`, ruleId);
      expect(wanted.length).toBeGreaterThan(0);
      expect(lint(ruleId, fails, true)).toEqual(wanted);
      expect(lint(ruleId, fails, false)).toEqual([]);
      expect(lint(ruleId, passes, true)).toEqual([]);
    });
  }
});
