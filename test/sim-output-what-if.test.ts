import { describe, expect, it } from 'vitest';
import { readSelector } from '../src/k8s/labels.js';
import { simulate } from '../src/sim/engine/index.js';
import { buildReport, type DisruptionBudgetRef } from '../src/sim/output/report.js';
import { WhatIfTargetError, type WhatIfRequest } from '../src/sim/output/what-if.js';
import type { PodOrigin, PodToPlace, SimulationInput } from '../src/sim/types.js';
import { fakeSimulate, node, pod } from './sim-fake-engine.js';

const deployment = (name: string): PodOrigin => ({ kind: 'Deployment', namespace: 'shop', name });
const replicas = (name: string, n: number, cpu: string, extra: Record<string, unknown> = {}): PodToPlace[] =>
  Array.from({ length: n }, (_, i) => ({ pod: pod('shop', `${name}-${i}`, { cpu, memory: '100Mi' }, extra), origin: deployment(name) }));

function report(input: SimulationInput, whatIfs: WhatIfRequest[], pdbs: DisruptionBudgetRef[] = []) {
  return buildReport({ input, simulate: fakeSimulate, usage: 'request', whatIfs, pdbs });
}

// a-0 and b-0 hold 2 CPUs, c-0 one. First fit by name: web-0 and web-1 on a-0, web-2 on b-0.
const cluster = [node('a-0', 'a', '2', '4Gi'), node('b-0', 'b', '2', '4Gi'), node('c-0', 'c', '1', '4Gi')];

describe('what-ifs', () => {
  it('re-places the lost node\u2019s pods and leaves every other pod where it was', () => {
    const r = report({ nodes: cluster, pods: replicas('web', 3, '1') }, [{ kind: 'lose-node', target: 'a-0' }]);
    const [w] = r.whatIfs;
    expect(w.nodes).toEqual(['a-0']);
    expect(w.moved).toEqual([
      { pod: 'shop/web-0', from: 'a-0', to: 'b-0' },
      { pod: 'shop/web-1', from: 'a-0', to: 'c-0' },
    ]);
    expect(w.pending).toEqual([]);
    expect(w.result.nodes.find((n) => n.name === 'b-0')?.pods).toEqual(['shop/web-2', 'shop/web-0']);
  });

  it('reports what stays Pending and the workloads left without any replica', () => {
    const pods = [...replicas('web', 2, '1'), ...replicas('api', 1, '1500m')];
    // web-0, web-1 on a-0; api-0 on b-0. Losing zone b: api-0 (1.5 CPU) fits neither a-0 (full) nor c-0 (1 CPU).
    const r = report({ nodes: cluster, pods }, [{ kind: 'lose-zone', target: 'b' }]);
    const [w] = r.whatIfs;
    expect(w.pending.map((p) => p.pod)).toEqual(['shop/api-0']);
    expect(w.pending[0].message).toMatch(/^0\/2 nodes are available: /);
    expect(w.workloadsWithoutReplicas).toEqual([deployment('api')]);
  });

  it('expands each zone and each node, and refuses targets the cluster does not have', () => {
    const r = report({ nodes: cluster, pods: replicas('web', 1, '1') }, [
      { kind: 'lose-zone', target: 'each' },
      { kind: 'drain', target: 'each' },
    ]);
    expect(r.whatIfs.map((w) => `${w.kind} ${w.target}`)).toEqual([
      'lose-zone a',
      'lose-zone b',
      'lose-zone c',
      'drain a-0',
      'drain b-0',
      'drain c-0',
    ]);
    expect(() => report({ nodes: cluster, pods: [] }, [{ kind: 'lose-node', target: 'z-9' }])).toThrow(WhatIfTargetError);
    expect(() => report({ nodes: cluster, pods: [] }, [{ kind: 'lose-zone', target: 'europe' }])).toThrow(
      /no zone "europe" \(it has a, b, c\)/,
    );
  });

  it('chooses as worst the node whose loss leaves the most pods Pending', () => {
    // web-0, web-1 on a-0, big-0 (2 CPU) on b-0, small-0 on c-0: every node is full. Losing b-0 or c-0 strands
    // one pod, losing a-0 strands two.
    const pods = [...replicas('web', 2, '1'), ...replicas('big', 1, '2'), ...replicas('small', 1, '1')];
    const r = report({ nodes: cluster, pods }, [{ kind: 'lose-node', target: 'worst' }]);
    const [w] = r.whatIfs;
    expect(w.target).toBe('a-0');
    expect(w.pending.map((p) => p.pod)).toEqual(['shop/web-0', 'shop/web-1']);
    expect(w.chosen).toMatch(/^worst of 3 nodes: most pods left Pending/);
  });

  it('keeps DaemonSet pods on a drained node, cordons it, and drops them when the node is lost', () => {
    const input: SimulationInput = {
      nodes: cluster,
      pods: replicas('web', 1, '500m'),
      runningPods: [
        {
          ...pod('kube-system', 'proxy-a', { cpu: '100m' }),
          spec: { ...(pod('x', 'y', { cpu: '100m' }).spec as object), nodeName: 'a-0' },
          metadata: {
            namespace: 'kube-system',
            name: 'proxy-a',
            ownerReferences: [{ kind: 'DaemonSet', name: 'proxy', controller: true }],
          },
        },
        {
          ...pod('ops', 'debug', { cpu: '100m' }),
          spec: { ...(pod('x', 'y', { cpu: '100m' }).spec as object), nodeName: 'a-0' },
          metadata: { namespace: 'ops', name: 'debug' },
        },
      ],
    };
    const r = report(input, [
      { kind: 'drain', target: 'a-0' },
      { kind: 'lose-node', target: 'a-0' },
    ]);
    const [drain, lose] = r.whatIfs;
    expect(drain.result.nodes.find((n) => n.name === 'a-0')?.pods).toEqual(['kube-system/proxy-a']);
    expect(drain.moved).toEqual([{ pod: 'shop/web-0', from: 'a-0', to: 'b-0' }]);
    expect(drain.unmanaged).toEqual(['ops/debug']);
    // The DaemonSet's pod goes with its node and is not listed; the bare pod is gone for good.
    expect(lose.gone).toEqual(['ops/debug']);
    expect(lose.result.nodes.map((n) => n.name)).toEqual(['b-0', 'c-0']);
  });

  it('reports the PodDisruptionBudgets that refuse a drain, and not those with room', () => {
    const pods = replicas('web', 3, '500m');
    const pdb = (name: string, minAvailable: number): DisruptionBudgetRef => ({
      namespace: 'shop',
      name,
      selector: readSelector({ matchLabels: { app: 'web' } })!,
      budget: { field: 'minAvailable', value: { count: minAvailable } },
    });
    const r = report({ nodes: cluster, pods }, [{ kind: 'drain', target: 'a-0' }], [pdb('strict', 3), pdb('loose', 2)]);
    expect(r.whatIfs[0].pdbRefusals).toEqual([
      { namespace: 'shop', name: 'strict', onNode: 3, healthy: 3, desiredHealthy: 3, stayPending: 0 },
    ]);
  });

  it('refuses a drain when more replacements stay Pending than the budget allows', () => {
    // Two 1.5-CPU pods, one per node: draining b-0 leaves its pod nowhere to go.
    const pods = replicas('db', 2, '1500m');
    const pdb: DisruptionBudgetRef = {
      namespace: 'shop',
      name: 'db',
      selector: readSelector({ matchLabels: { app: 'db' } })!,
      budget: { field: 'maxUnavailable', value: { count: 1 } },
    };
    const nodes = [node('a-0', 'a', '2', '4Gi'), node('b-0', 'b', '2', '4Gi')];
    const ok = report({ nodes, pods }, [{ kind: 'drain', target: 'b-0' }], [pdb]);
    // maxUnavailable 1 of 2: one disruption allowed, one replacement stays Pending: the drain completes.
    expect(ok.whatIfs[0].pending.map((p) => p.pod)).toEqual(['shop/db-1']);
    expect(ok.whatIfs[0].pdbRefusals).toEqual([]);
    const strict = report(
      { nodes, pods },
      [{ kind: 'drain', target: 'b-0' }],
      [{ ...pdb, budget: { field: 'maxUnavailable', value: { count: 0 } } }],
    );
    expect(strict.whatIfs[0].pdbRefusals.map((x) => x.name)).toEqual(['db']);
  });

  it('pins a moved pod\u2019s zonal claim to its old zone, so losing that zone strands it', () => {
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { namespace: 'shop', name: 'data-db-0' },
      spec: { storageClassName: 'ssd', resources: { requests: { storage: '10Gi' } } },
    };
    const volumes = { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }] };
    const db: PodToPlace = {
      pod: pod('shop', 'db-0', { cpu: '100m' }, volumes),
      origin: { kind: 'StatefulSet', namespace: 'shop', name: 'db' },
    };
    const base = {
      nodes: [node('a-0', 'a', '2', '4Gi'), node('a-1', 'a', '2', '4Gi'), node('b-0', 'b', '2', '4Gi')],
      pods: [db],
      persistentVolumeClaims: [claim],
    };
    const zonal = report(
      { ...base, storageClasses: [{ kind: 'StorageClass', metadata: { name: 'ssd' }, provisioner: 'pd.csi.storage.gke.io' }] },
      [
        { kind: 'lose-zone', target: 'a' },
        { kind: 'lose-node', target: 'a-0' },
      ],
    );
    expect(zonal.whatIfs[0].volumesStranded).toEqual([{ pod: 'shop/db-0', origin: db.origin, claim: 'data-db-0', zone: 'a' }]);
    expect(zonal.whatIfs[0].pending[0].message).toContain("didn't match PersistentVolume's node affinity");
    // Losing one node of zone a: the pod follows its volume to a-1.
    expect(zonal.whatIfs[1].moved).toEqual([{ pod: 'shop/db-0', from: 'a-0', to: 'a-1' }]);
    const network = report(
      { ...base, storageClasses: [{ kind: 'StorageClass', metadata: { name: 'ssd' }, provisioner: 'filestore.csi.storage.gke.io' }] },
      [{ kind: 'lose-zone', target: 'a' }],
    );
    expect(network.whatIfs[0].moved).toEqual([{ pod: 'shop/db-0', from: 'a-0', to: 'b-0' }]);
  });
});

describe('what-ifs after preemption (the real engine)', () => {
  // a-0 and b-0 hold 2 CPUs each. low-0 and low-1 (priority 0, 2 CPUs) fill them; high-0 (priority 1000) preempts
  // the pod on a-0 (candidates tie; the first by name) and takes its place. The victim is gone, not running.
  const priorityClasses = [{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 }];
  const nodes = [node('a-0', 'a', '2', '4Gi'), node('b-0', 'b', '2', '4Gi')];
  const high: PodToPlace = { pod: pod('shop', 'high-0', { cpu: '2' }, { priorityClassName: 'high' }), origin: deployment('high') };

  it('does not put a preempted pod back on its node', () => {
    // DaemonSet pods are placed first whatever their priority: high-0 preempts the agent on a-0.
    const agent: PodToPlace = {
      pod: pod('shop', 'agent', { cpu: '2' }),
      origin: { kind: 'DaemonSet', namespace: 'shop', name: 'agent' },
      perNode: true,
    };
    const r = buildReport({
      input: { nodes, pods: [agent, high], priorityClasses },
      simulate,
      usage: 'request',
      whatIfs: [
        { kind: 'lose-node', target: 'b-0' },
        { kind: 'drain', target: 'b-0' },
      ],
      pdbs: [],
    });
    expect(r.result.evicted).toEqual({ 'shop/agent-a-0': 'shop/high-0' });
    expect(r.result.placements.find((p) => p.name === 'agent-a-0')).toMatchObject({ node: 'a-0', preemptedBy: 'shop/high-0' });
    for (const w of r.whatIfs) expect(w.result.nodes.find((n) => n.name === 'a-0')?.pods).toEqual(['shop/high-0']);
    // The drain leaves the DaemonSet pod of b-0 where it is.
    expect(r.whatIfs[1].result.nodes.find((n) => n.name === 'b-0')?.pods).toEqual(['shop/agent-b-0']);
  });

  it('does not put a preempted running pod back on its node', () => {
    const running = (name: string, on: string) => ({
      ...pod('batch', name, { cpu: '2' }),
      spec: { ...(pod('batch', name, { cpu: '2' }).spec as object), nodeName: on },
      metadata: { namespace: 'batch', name, ownerReferences: [{ kind: 'ReplicaSet', name: 'job', controller: true }] },
    });
    const r = buildReport({
      input: { nodes, pods: [high], runningPods: [running('job-a', 'a-0'), running('job-b', 'b-0')], priorityClasses },
      simulate,
      usage: 'request',
      whatIfs: [{ kind: 'lose-node', target: 'b-0' }],
      pdbs: [],
    });
    expect(r.result.evicted).toEqual({ 'batch/job-a': 'shop/high-0' });
    const [w] = r.whatIfs;
    expect(w.result.nodes.find((n) => n.name === 'a-0')?.pods).toEqual(['shop/high-0']);
    expect(w.moved).toEqual([{ pod: 'batch/job-b', from: 'b-0', to: null }]);
  });
});

describe('N-1 headroom', () => {
  it('says per resource whether the requests fit once the largest node is gone', () => {
    const r = report({ nodes: cluster, pods: replicas('web', 3, '1') }, []);
    const cpu = r.headroom.find((h) => h.resource === 'cpu')!;
    // 3 CPUs requested; 5 allocatable; without a-0 (2 CPUs, first of the largest by name) 3 remain.
    expect(cpu).toMatchObject({ requested: 3000, allocatable: 5000, largestNode: 'a-0', margin: 0, survives: true });
    const more = report({ nodes: cluster, pods: replicas('web', 4, '1') }, []);
    expect(more.headroom.find((h) => h.resource === 'cpu')).toMatchObject({ requested: 4000, survives: false, margin: -1000 });
    expect(r.headroom.map((h) => h.resource)).toEqual(['cpu', 'memory', 'pods']);
  });
});
