import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers.js';
import { findingsOf, runCli } from './run-cli.js';

const root = path.resolve(__dirname, '..');
const example = ['examples/shop', '--cluster', 'examples/cluster/profile.yaml'];
const SIMULATION_RULES = [
  'pod-fits-no-node',
  'pod-unschedulable',
  'preemption-required',
  'node-loss-unschedulable',
  'zone-loss-unschedulable',
];

const profile = (cpu: string) => `apiVersion: kube-intent.io/v1alpha1
kind: ClusterProfile
provider: generic
nodePools:
  - name: general
    zones: [zone-a, zone-b]
    countPerZone: 1
    allocatable: { cpu: "${cpu}", memory: 16Gi, pods: "110" }
`;
const deployment = (replicas: number, cpu: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: app
          image: example/api:1.0.0
          resources: { requests: { cpu: "${cpu}", memory: 1Gi }, limits: { memory: 1Gi } }
`;

describe('kube-intent simulate', () => {
  it('prints the node table, the Pending pod with its scheduler message, and the what-ifs; exit 1 for Pending pods', () => {
    const r = runCli(['simulate', ...example, '--lose-zone', 'europe-west1-b'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}NODE +ZONE +POOL/m);
    expect(r.stdout).toMatch(/Pending \(\d+\)\n {2}shop\/recommender-\d/);
    expect(r.stdout).toMatch(/scheduler: +0\/\d+ nodes are available: /);
    expect(r.stdout).toContain('lose zone europe-west1-b');
    expect(r.stdout).toContain('kube-scheduler picks one of them at random');
  });

  it('exits 0 when every pod fits and no finding reaches --fail-on', () => {
    const dir = tempTree({ 'app.yaml': deployment(2, '1'), 'cluster.yaml': profile('4') });
    const r = runCli(['simulate', 'app.yaml', '--cluster', 'cluster.yaml', '--fail-on', 'none'], { cwd: dir });
    expect(r.code).toBe(0);
    const pending = runCli(['simulate', 'app.yaml', '--cluster', 'cluster.yaml'], {
      cwd: tempTree({ 'app.yaml': deployment(3, '3'), 'cluster.yaml': profile('4') }),
    });
    expect(pending.code).toBe(1);
  });

  it('writes the JSON contract, with the lint findings of the same cluster', () => {
    const r = runCli(['simulate', ...example, '--format', 'json', '--drain', 'each'], { cwd: root });
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'version',
      'kubernetesVersion',
      'assumptions',
      'nodes',
      'pods',
      'whatIf',
      'evictionOrder',
      'findings',
    ]);
    expect(out.kubernetesVersion).toBe('1.34');
    expect(out.assumptions).toMatchObject({ tieBreak: 'first-by-name', usage: 'request' });
    const pending = out.pods.filter((p: { pending: unknown }) => p.pending);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending[0]).toMatchObject({
      node: null,
      pending: { message: expect.stringMatching(/^0\/\d+ nodes are available: /), certain: false },
      certainty: 'order',
    });
    const certainties = new Set(out.pods.map((p: { certainty: string }) => p.certainty));
    expect([...certainties].every((c) => ['exact', 'tie-break', 'order', 'unknown-state'].includes(c as string))).toBe(true);
    expect(out.whatIf.filter((w: { kind: string }) => w.kind === 'drain')).toHaveLength(out.nodes.length);
    expect(Object.keys(out.evictionOrder).sort()).toEqual(out.nodes.map((n: { name: string }) => n.name).sort());
    expect(findingsOf(r, ['pod-unschedulable'])).toEqual([
      expect.stringMatching(/^examples\/shop\/recommender\.yaml:\d+ pod-unschedulable$/),
    ]);
  });

  it('writes one self-contained HTML file with --output', () => {
    const dir = tempTree({});
    const file = path.join(dir, 'cluster.html');
    const r = runCli(['simulate', ...example, '--format', 'html', '--output', file], { cwd: root });
    expect(r.stdout).toBe('');
    const page = fs.readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<link|https?:\/\//);
    expect(page).toContain('<div class="bar" data-resource="memory">');
  });

  it('needs a cluster, and refuses what-if targets the cluster does not have (exit 2)', () => {
    const none = runCli(['simulate', 'examples/shop'], { cwd: root });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^kube-intent: simulate needs a cluster: --cluster FILE/);
    const bad = runCli(['simulate', ...example, '--lose-node', 'no-such-node'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lose-node no-such-node: the cluster has no node "no-such-node" \(use worst or one of: general-/);
    const usage = runCli(['simulate', ...example, '--usage', 'peak'], { cwd: root });
    expect(usage.code).toBe(2);
  });

  it('reports a bad profile with file:line:column and exits 2', () => {
    const dir = tempTree({
      'app.yaml': deployment(1, '1'),
      'cluster.yaml': profile('4').replace('provider: generic', 'provider: openstack'),
    });
    const r = runCli(['simulate', 'app.yaml', '--cluster', 'cluster.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kube-intent: cluster\.yaml:3:\d+: /);
    expect(r.stderr).not.toMatch(/at .*\.(ts|js|cjs):\d+/);
  });
});

describe('README', () => {
  it('shows the simulate example as the tool prints it, line for line and in order', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /^```\n\$ npx kube-intent (simulate [^\n]+)\n([\s\S]*?)^```$/m.exec(readme);
    expect(block, 'a "$ npx kube-intent simulate ..." block').not.toBeNull();
    const actual = runCli(block![1].split(' '), { cwd: root }).stdout.split('\n');
    let at = 0;
    for (const line of block![2].trimEnd().split('\n')) {
      const found = actual.indexOf(line, at);
      expect(found, `README line not in the output (or out of order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    expect(block![2]).toContain('Pending (1)');
    expect(block![2]).toContain('What if');
  });
});

describe('lint with a cluster', () => {
  it('runs the simulation rules with --cluster, and stays silent without a cluster', () => {
    const files = { 'app.yaml': deployment(3, '3'), 'cluster.yaml': profile('4') };
    const dir = tempTree(files);
    const withCluster = runCli(['lint', 'app.yaml', '--cluster', 'cluster.yaml', '--format', 'json'], { cwd: dir });
    expect(findingsOf(withCluster, SIMULATION_RULES)).toEqual([
      'app.yaml:9 node-loss-unschedulable',
      'app.yaml:9 pod-unschedulable',
      'app.yaml:9 zone-loss-unschedulable',
    ]);
    const without = runCli(['lint', 'app.yaml', '--format', 'json'], { cwd: dir });
    expect(findingsOf(without, SIMULATION_RULES)).toEqual([]);
  });

  it('takes the cluster from the config\u2019s cluster.profile, relative to the config file', () => {
    const dir = tempTree({
      'deploy/app.yaml': deployment(1, '64'),
      'ops/cluster.yaml': profile('4'),
      '.kube-intent.yaml': 'cluster:\n  profile: ops/cluster.yaml\n',
    });
    const r = runCli(['lint', 'deploy', '--format', 'json'], { cwd: dir });
    expect(findingsOf(r, SIMULATION_RULES)).toEqual(['deploy/app.yaml:9 pod-fits-no-node']);
    expect(r.code).toBe(1);
  });
});

describe('start-up cost', () => {
  /** Static (non-type) imports reachable from a module: what lint evaluates before any dynamic import() runs. */
  function staticImports(entry: string, seen = new Set<string>()): Set<string> {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const text = fs.readFileSync(entry, 'utf8');
    for (const m of text.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'/gms)) {
      const target = path.resolve(path.dirname(entry), m[1].replace(/\.js$/, '.ts'));
      if (fs.existsSync(target)) staticImports(target, seen);
    }
    return seen;
  }

  it('lint never loads the simulator: engine, input and report are only imported dynamically', () => {
    const reached = [...staticImports(path.join(root, 'src/cli.ts'))].map((f) => path.relative(root, f));
    expect(reached).toContain('rules/pod-fits-no-node.ts');
    expect(reached.filter((f) => /^src\/sim\/(engine|input)\/|^src\/sim\/output\/(report|setup|command|what-if|format)/.test(f))).toEqual(
      [],
    );
  });
});
