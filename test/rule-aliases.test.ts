import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers.js';
import { findingsOf, runCli } from './run-cli.js';

/**
 * A renamed rule keeps its former id as an alias: the config, --rule, suppression comments and
 * annotations and explain accept it, and findings carry the current id.
 */
const RENAMED = `export default {
  id: 'team-label-missing',
  aliases: ['team-label'],
  severity: 'warning',
  category: 'custom',
  summary: 'A workload has no team label',
  docs: { declared: 'no metadata.labels.team', interpreted: 'nobody is paged for it', fix: 'add a team label' },
  check(ctx) {
    for (const w of ctx.workloads())
      if (!w.object.labels.team) ctx.report({ object: w.object, path: ['metadata', 'labels'], message: w.object.display + ' has no team label' });
  },
};
`;

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}  labels: { app: ${name} }
spec:
  containers:
    - name: app
      image: example/app:1.0.0
`;

function lint(files: Record<string, string>, args: string[] = []) {
  const dir = tempTree({ 'team.mjs': RENAMED, ...files });
  return runCli(['lint', '.', '--plugin', './team.mjs', '-f', 'json', ...args], { cwd: dir });
}

describe('rule aliases (former ids)', () => {
  it('findings carry the current id', () => {
    const r = lint({ 'a.yaml': pod('a') });
    expect(r.stderr).toBe('');
    expect(findingsOf(r, ['team-label', 'team-label-missing'])).toEqual(['a.yaml:5 team-label-missing']);
  });

  it('the config and --rule accept the former id', () => {
    expect(findingsOf(lint({ 'a.yaml': pod('a'), '.kube-intent.yaml': 'rules: { team-label: off }\n' }), ['team-label-missing'])).toEqual(
      [],
    );
    const raised = lint({ 'a.yaml': pod('a') }, ['--rule', 'team-label=error']);
    expect(raised.code).toBe(1);
    expect(JSON.parse(raised.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'team-label-missing').severity).toBe('error');
  });

  it('the current id wins over the former one when both are configured', () => {
    const r = lint({ 'a.yaml': pod('a'), '.kube-intent.yaml': 'rules: { team-label: off, team-label-missing: info }\n' });
    expect(JSON.parse(r.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'team-label-missing').severity).toBe('info');
  });

  it('suppression comments and annotations naming the former id apply', () => {
    const r = lint({
      'a.yaml': pod('a', '  annotations: { kube-intent.io/ignore: team-label }\n'),
      'b.yaml': pod('b').replace('  labels:', '  # kube-intent-ignore team-label -- shared pod\n  labels:'),
      'c.yaml': pod('c'),
    });
    expect(findingsOf(r, ['team-label-missing'])).toEqual(['c.yaml:5 team-label-missing']);
  });

  it('explain accepts the former id and names both', () => {
    const dir = tempTree({ 'team.mjs': RENAMED });
    const byOld = runCli(['explain', 'team-label', '--plugin', './team.mjs'], { cwd: dir });
    expect(byOld.code).toBe(0);
    expect(byOld.stdout.split('\n').slice(0, 2)).toEqual([
      'team-label-missing (warning, custom)',
      '(team-label is a former id of team-label-missing; it still works in the config, --rule and suppressions)',
    ]);
    const byNew = runCli(['explain', 'team-label-missing', '--plugin', './team.mjs'], { cwd: dir });
    expect(byNew.stdout).toContain('Former ids, still accepted: team-label\n');
    const json = JSON.parse(runCli(['rules', '-f', 'json', '--plugin', './team.mjs'], { cwd: dir }).stdout);
    expect(json.rules.find((r: { id: string }) => r.id === 'team-label-missing').aliases).toEqual(['team-label']);
  });

  it('a former id is taken: another rule cannot claim it', () => {
    const dir = tempTree({
      'team.mjs': RENAMED,
      'other.mjs': RENAMED.replace("id: 'team-label-missing',\n  aliases: ['team-label'],", "id: 'team-label',"),
    });
    const r = runCli(['rules', '--plugin', './team.mjs', '--plugin', './other.mjs'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kube-intent: rule id "team-label" of plugin ./other.mjs is already taken by plugin ./team.mjs (former id of team-label-missing); rename one of them\n',
    );
  });
});
