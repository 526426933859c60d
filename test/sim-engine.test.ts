import { describe, expect, it } from 'vitest';
import { admitPod, daemonPods, readPriorityClasses } from '../src/sim/engine/admission.js';
import { readNode } from '../src/sim/engine/cluster.js';
import { feasibleNodesToFind, nodeTreeOrder, runningPodCache, simulate } from '../src/sim/engine/index.js';
import { compilePod, podRequests } from '../src/sim/engine/pod.js';
import { byteOrder, fitErrorMessage, truncateEvent } from '../src/sim/engine/wording.js';
import type { ApiObject } from '../src/sim/types.js';

const node = (name: string, zone: string, cpu = '4', extra: Record<string, unknown> = {}): ApiObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
  status: { allocatable: { cpu, memory: '8Gi', pods: '110' } },
  ...extra,
});
const pod = (name: string, spec: Record<string, unknown> = {}): ApiObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: name.replace(/-\d+$/, '') } },
  spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '100m' } } }], ...spec },
});

describe('admission', () => {
  const classes = readPriorityClasses([{ metadata: { name: 'base' }, value: 7, globalDefault: true }]);

  it('copies limits into missing requests, gives the global default priority and the 300 s tolerations, without touching the input', () => {
    const original = pod('x', {
      containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { memory: '512Mi' } } }],
    });
    const before = JSON.stringify(original);
    const result = admitPod(original, classes);
    expect(JSON.stringify(original)).toBe(before);
    if (!('pod' in result)) throw new Error('rejected');
    const spec = result.pod.spec as Record<string, any>;
    expect(spec.containers[0].resources.requests).toEqual({ cpu: '2', memory: '512Mi' });
    expect(spec.priority).toBe(7);
    expect(spec.priorityClassName).toBe('base');
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('keeps a pod toleration that already covers not-ready and unreachable', () => {
    const result = admitPod(pod('x', { tolerations: [{ operator: 'Exists' }] }), classes);
    if (!('pod' in result)) throw new Error('rejected');
    expect((result.pod.spec as Record<string, unknown>).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('rejects an unknown PriorityClass with the API error', () => {
    expect(admitPod(pod('x', { priorityClassName: 'nope' }), classes)).toEqual({
      error: 'pods "x" is forbidden: no PriorityClass with name nope was found',
    });
  });

  it('makes DaemonSet pods for the nodes the controller targets, pinned by matchFields, with its tolerations', () => {
    const nodes = [
      node('a', 'z'),
      node('b', 'z', '4', { spec: { taints: [{ key: 'gpu', effect: 'NoSchedule' }] } }),
      node('c', 'z', '4', { spec: { unschedulable: true } }),
    ];
    const pods = daemonPods(pod('agent', { nodeSelector: { 'topology.kubernetes.io/zone': 'z' } }), nodes);
    expect(pods.map((p) => (p.metadata as Record<string, unknown>).name)).toEqual(['agent-a', 'agent-c']);
    const spec = pods[0].spec as Record<string, any>;
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }],
    });
    expect(spec.tolerations.map((t: { key: string }) => t.key)).toContain('node.kubernetes.io/unschedulable');
  });
});

describe('requests', () => {
  it('aggregates containers, sidecars, init containers and overhead as PodRequests does', () => {
    const spec = {
      initContainers: [
        { name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '500m', memory: '100Mi' } } },
        { name: 'i', resources: { requests: { cpu: '2' } } },
      ],
      containers: [{ name: 'c', resources: { requests: { cpu: '1', 'nvidia.com/gpu': '1' } } }],
      overhead: { cpu: '250m' },
    };
    expect(podRequests(spec, '1.34')).toEqual({ cpu: 2750, memory: 100 * 1024 * 1024, 'nvidia.com/gpu': 1 });
  });

  it('scores missing cpu and memory requests as 100m and 200Mi per container, an explicit 0 as 0', () => {
    const p = compilePod(pod('x', { containers: [{ name: 'a' }, { name: 'b', resources: { requests: { cpu: '0' } } }] }), '1.34');
    expect(p.nonZeroCpu).toBe(100);
    expect(p.nonZeroMemory).toBe(2 * 200 * 1024 * 1024);
    expect(p.requests.cpu).toBe(0);
  });

  it('reads node allocatable with millicores rounded up', () => {
    const n = readNode(node('a', 'z', '3.9999'), 0);
    expect(n.allocCpu).toBe(4000);
  });
});

describe('messages', () => {
  it('sorts "count reason" byte-wise and adds the PostFilter text', () => {
    const msg = fitErrorMessage(
      12,
      null,
      [
        ...Array.from({ length: 10 }, () => ({ code: 1 as const, reasons: ['Insufficient cpu'] })),
        { code: 2 as const, reasons: ['node(s) were unschedulable'] },
        { code: 2 as const, reasons: ['node(s) were unschedulable'] },
      ],
      12,
      null,
      'preemption: x.',
    );
    expect(msg).toBe('0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable. preemption: x.');
  });

  it('orders texts by their UTF-8 bytes, as Go\u2019s sort.Strings does, astral characters included', () => {
    const texts = ['b', 'a', 'ab', '', 'Z', '\u00e9', '\uffff', '\u{1f600}', 'a\u{1f600}', 'a\uffff', 'a\ud7ff', '10 x', '2 x'];
    const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
    for (const a of texts) for (const b of texts) expect(Math.sign(byteOrder(a, b)), `${a} vs ${b}`).toBe(byBytes(a, b));
    // UTF-16 code units alone would put U+1F600 (a surrogate pair) before U+FFFF.
    expect(byteOrder('\uffff', '\u{1f600}')).toBeLessThan(0);
  });

  it('cuts events above 1024 bytes to 1020 bytes and " ..."', () => {
    const long = 'x'.repeat(2000);
    expect(truncateEvent(long)).toBe(`${'x'.repeat(1020)} ...`);
    expect(truncateEvent('short')).toBe('short');
  });
});

describe('node search', () => {
  it('checks every node below 100 nodes, else the adaptive share, at least 100', () => {
    expect(feasibleNodesToFind(99)).toBe(99);
    expect(feasibleNodesToFind(100)).toBe(100);
    expect(feasibleNodesToFind(1000)).toBe(420);
    expect(feasibleNodesToFind(5000)).toBe(500);
    expect(feasibleNodesToFind(20000)).toBe(1000);
  });

  it('lists nodes zone by zone, round-robin, as the scheduler node tree does', () => {
    const nodes = [node('a1', 'a'), node('a2', 'a'), node('a3', 'a'), node('b1', 'b'), node('c1', 'c'), node('c2', 'c')].map(readNode);
    expect(nodeTreeOrder(nodes).map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });

  it('on a large cluster scores only the nodes found from where the previous search stopped', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, 'z'));
    const result = simulate({ nodes, pods: [{ pod: pod('a') }, { pod: pod('b') }] });
    // 200 nodes: the first pod's search checks n000-n099 (100 feasible), the second starts at n100.
    expect(result.placements[0].tiedNodes).toHaveLength(100);
    expect(result.placements[0].node).toBe('n000');
    expect(result.placements[1].node).toBe('n100');
    expect(result.placements[1].tiedNodes[0]).toBe('n100');
  });
});

describe('simulate', () => {
  it('reports node state: allocatable, requested, pods in binding order', () => {
    const running = {
      ...pod('old'),
      spec: { nodeName: 'a', containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
    };
    const result = simulate({
      nodes: [node('a', 'z')],
      pods: [{ pod: pod('new') }],
      runningPods: [running, { ...pod('done'), spec: { nodeName: 'a' }, status: { phase: 'Succeeded' } }],
    });
    expect(result.nodes).toEqual([
      {
        name: 'a',
        zone: 'z',
        pool: null,
        allocatable: { cpu: 4000, memory: 8 * 1024 ** 3, pods: 110, 'ephemeral-storage': 0 },
        requested: { cpu: 1100, memory: 1024 ** 3, pods: 2, 'ephemeral-storage': 0 },
        pods: ['default/old', 'default/new'],
      },
    ]);
  });

  it('applies the system default spread only with a default spread selector', () => {
    const running = (name: string, at: string, app: string) => ({
      ...pod(name),
      metadata: { name, namespace: 'default', labels: { app } },
      spec: { nodeName: at, containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] },
      status: { phase: 'Running' },
    });
    const input = {
      nodes: [node('a-1', 'a'), node('a-2', 'a'), node('b-1', 'b')],
      runningPods: [running('web-0', 'a-1', 'web'), running('web-1', 'a-2', 'web'), running('other', 'b-1', 'other')],
    };
    const web = pod('web-2', { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] });
    const without = simulate({ ...input, pods: [{ pod: web }] }).placements[0];
    expect([without.node, without.tiedNodes]).toEqual(['a-1', ['a-1', 'a-2', 'b-1']]);
    const withSelector = simulate({ ...input, pods: [{ pod: web, defaultSpreadSelector: { matchLabels: { app: 'web' } } }] }).placements[0];
    expect([withSelector.node, withSelector.tiedNodes]).toEqual(['b-1', ['b-1']]);
  });

  it('calls a pod certain only when it fits no node of the empty cluster', () => {
    const big = pod('big', { containers: [{ name: 'c', resources: { requests: { cpu: '8' } } }] });
    const filler = pod('filler', { containers: [{ name: 'c', resources: { requests: { cpu: '4' } } }] });
    const late = pod('late', { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] });
    const result = simulate({ nodes: [node('a', 'z')], pods: [{ pod: big }, { pod: filler }, { pod: late }] });
    expect(result.placements.map((p) => [p.name, p.node, p.pending?.certain ?? null])).toEqual([
      ['big', null, true],
      ['filler', 'a', null],
      ['late', null, false],
    ]);
  });

  it('says how sure each verdict is: exact, tie-break, then order after a random choice', () => {
    const cpu = (name: string, amount: string) => pod(name, { containers: [{ name: 'c', resources: { requests: { cpu: amount } } }] });
    // One node: nothing is random; "late" fits the empty cluster, so its Pending verdict depends on order.
    const one = simulate({
      nodes: [node('a', 'z')],
      pods: [{ pod: cpu('big', '8') }, { pod: cpu('filler', '4') }, { pod: cpu('late', '1') }],
    });
    expect(one.placements.map((p) => [p.name, p.certainty])).toEqual([
      ['big', 'exact'],
      ['filler', 'exact'],
      ['late', 'order'],
    ]);
    // Two equal nodes: the first pod's node is a tie-break; the second has one best node, but only because of that pick.
    const two = simulate({ nodes: [node('a', 'z'), node('b', 'z')], pods: [{ pod: cpu('first', '1') }, { pod: cpu('second', '1') }] });
    expect(two.placements.map((p) => [p.name, p.tiedNodes, p.certainty])).toEqual([
      ['first', ['a', 'b'], 'tie-break'],
      ['second', ['b'], 'order'],
    ]);
  });

  it('calls a placement a tie-break when the search stopped before checking every node (100 nodes and more)', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, 'z', i === 0 ? '8' : '4'));
    const result = simulate({ nodes, pods: [{ pod: pod('a') }] });
    // n000 is the only best node among the 100 found, but a parallel search may find another 100.
    expect([result.placements[0].node, result.placements[0].tiedNodes, result.placements[0].certainty]).toEqual([
      'n000',
      ['n000'],
      'tie-break',
    ]);
  });

  it('calls a placement unknown-state when its claim is provisioned at once in a zone the provisioner picks', () => {
    const storageClasses = [{ metadata: { name: 'disk' }, provisioner: 'pd.csi.storage.gke.io', volumeBindingMode: 'Immediate' }];
    const claim = {
      metadata: { name: 'data', namespace: 'default' },
      spec: { storageClassName: 'disk', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    const withClaim = pod('db', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] });
    const zonal = simulate({
      nodes: [node('a', 'za', '8'), node('b', 'zb')],
      pods: [{ pod: withClaim }],
      storageClasses,
      persistentVolumeClaims: [claim],
    });
    expect([zonal.placements[0].node, zonal.placements[0].certainty]).toEqual(['a', 'unknown-state']);
    // In one zone the provisioner's pick cannot matter.
    const single = simulate({
      nodes: [node('a', 'za', '8'), node('b', 'za')],
      pods: [{ pod: withClaim }],
      storageClasses,
      persistentVolumeClaims: [claim],
    });
    expect([single.placements[0].node, single.placements[0].certainty]).toEqual(['a', 'exact']);
  });

  it('reuses running pods compiled by an earlier run only for the same version and priority classes', () => {
    const classes = [{ metadata: { name: 'low' }, value: -5 }];
    const running = {
      ...pod('old', { nodeName: 'a', priorityClassName: 'low', containers: [{ name: 'c', resources: { requests: { cpu: '4' } } }] }),
      status: { phase: 'Running' },
    };
    const incoming = pod('new', { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] });
    const input = { nodes: [node('a', 'z')], pods: [{ pod: incoming }], runningPods: [running], priorityClasses: classes };
    const runningPods = runningPodCache();
    const first = simulate(input, { runningPods });
    // The same input with the cache gives what a fresh run gives: the new pod preempts the low-priority one.
    expect(simulate(input, { runningPods })).toEqual(first);
    expect(first.placements[0].preemption?.victims).toEqual(['default/old']);
    // Other priority classes: "low" now outranks the new pod, so the cached priority must not be used.
    const other = simulate({ ...input, priorityClasses: [{ metadata: { name: 'low' }, value: 5 }] }, { runningPods });
    expect([other.placements[0].node, other.placements[0].preemption]).toEqual([null, undefined]);
  });

  it('lets a test follow another tied node and marks preempted pods', () => {
    const classes = [{ metadata: { name: 'high' }, value: 10 }];
    const low = (n: string, name: string) => ({
      ...pod(name),
      spec: { nodeName: n, containers: [{ name: 'c', resources: { requests: { cpu: '4' } } }] },
    });
    const high = pod('high', { priorityClassName: 'high', containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] });
    const result = simulate(
      {
        nodes: [node('a', 'z'), node('b', 'z')],
        pods: [{ pod: high }],
        runningPods: [low('a', 'la'), low('b', 'lb')],
        priorityClasses: classes,
      },
      { pick: (_pod, tied, kind) => (kind === 'preemption' ? tied[1] : undefined) },
    );
    expect(result.placements[0].preemption).toEqual({
      victims: ['default/lb'],
      nominatedNode: 'b',
      firstAttempt: '0/2 nodes are available: 2 Insufficient cpu.',
    });
    expect(result.evicted).toEqual({ 'default/lb': 'default/high' });
    expect(result.nodes.map((n) => n.pods)).toEqual([['default/la'], ['default/high']]);
    // Two equally good preemption candidates: the scheduler picks one at random.
    expect(result.placements[0].certainty).toBe('tie-break');
  });
});
