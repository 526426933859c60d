import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
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

describe('built-in rules renamed to follow the naming vocabulary', () => {
  const RENAMES = {
    'hpa-target-missing': 'hpa-target-unknown',
    'ingress-backend-missing': 'ingress-backend-unknown',
    'netpol-selects-nothing': 'netpol-selector-no-match',
    'priorityclass-missing': 'priorityclass-unknown',
    'pvc-claim-missing': 'pvc-claim-unknown',
    'statefulset-service-missing': 'statefulset-service-unknown',
  };

  it('keep their former ids as aliases, and no other built-in rule has any', () => {
    const aliased = Object.fromEntries(builtinRules.flatMap((r) => (r.aliases ?? []).map((alias) => [alias, r.id])));
    expect(aliased).toEqual(RENAMES);
  });

  const claimless = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: shop }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
---
apiVersion: v1
kind: Pod
metadata: { name: app, namespace: shop }
spec:
  containers:
    - name: app
      image: example/app:1.0.0
  volumes:
    - name: data
      persistentVolumeClaim: { claimName: date }
`;

  it('a config, --rule and a suppression comment written with a former id still apply', () => {
    const lint = (files: Record<string, string>, args: string[] = []) => {
      const dir = tempTree(files);
      return runCli(['lint', '.', '-f', 'json', ...args], { cwd: dir });
    };
    expect(findingsOf(lint({ 'app.yaml': claimless }), ['pvc-claim-unknown', 'pvc-claim-missing'])).toEqual([
      'app.yaml:15 pvc-claim-unknown',
    ]);
    const configured = lint({ 'app.yaml': claimless, '.kube-intent.yaml': 'rules: { pvc-claim-missing: off }\n' });
    expect(configured.stderr).toBe('');
    expect(findingsOf(configured, ['pvc-claim-unknown'])).toEqual([]);
    const flagged = lint({ 'app.yaml': claimless }, ['--rule', 'pvc-claim-missing=warning']);
    expect(JSON.parse(flagged.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'pvc-claim-unknown').severity).toBe('warning');
    const commented = claimless.replace(
      '      persistentVolumeClaim:',
      '      # kube-intent-ignore pvc-claim-missing -- restored by hand\n      persistentVolumeClaim:',
    );
    expect(findingsOf(lint({ 'app.yaml': commented }), ['pvc-claim-unknown'])).toEqual([]);
    const otherRule = commented.replace('ignore pvc-claim-missing', 'ignore pvc-claim-typo');
    expect(findingsOf(lint({ 'app.yaml': otherRule }), ['pvc-claim-unknown'])).toEqual(['app.yaml:16 pvc-claim-unknown']);
  });

  it('explain answers to the former id', () => {
    const r = runCli(['explain', 'netpol-selects-nothing']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe(
      '(netpol-selects-nothing is a former id of netpol-selector-no-match; it still works in the config, --rule and suppressions)',
    );
  });
});
