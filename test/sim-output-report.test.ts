import { describe, expect, it } from 'vitest';
import json from '../src/sim/output/format-json.js';
import html from '../src/sim/output/format-html.js';
import stylish from '../src/sim/output/format-stylish.js';
import { messageReasons, explainPending } from '../src/sim/output/explain.js';
import { buildReport } from '../src/sim/output/report.js';
import { simulate } from '../src/sim/engine/index.js';
import type { PodToPlace, SimulationInput } from '../src/sim/types.js';
import { fakeSimulate, node, pod } from './sim-fake-engine.js';

const Mi = 2 ** 20;
const origin = (name: string) => ({ kind: 'Deployment', namespace: 'shop', name, file: 'shop/app.yaml', line: 3 });
const place = (
  name: string,
  requests: Record<string, string>,
  limits?: Record<string, string>,
  extra: Record<string, unknown> = {},
): PodToPlace => ({
  pod: pod('shop', name, requests, extra, limits),
  origin: origin(name.replace(/-\d+$/, '')),
});

const input: SimulationInput = {
  nodes: [node('a-0', 'a', '2', '4Gi'), node('b-0', 'b', '2', '4Gi')],
  pods: [
    place('guaranteed-0', { cpu: '500m', memory: '1Gi' }, { cpu: '500m', memory: '1Gi' }),
    place('burstable-0', { cpu: '500m', memory: '512Mi' }, { memory: '2Gi' }),
    {
      pod: { metadata: { namespace: 'shop', name: 'besteffort-0' }, spec: { containers: [{ name: 'main' }] } },
      origin: origin('besteffort'),
    },
    place('burstable-1', { cpu: '500m', memory: '256Mi' }, undefined, { priority: 1000 }),
    place('huge-0', { cpu: '64', memory: '1Gi' }),
  ],
};

describe('eviction order', () => {
  it('ranks the pods of each node as the kubelet does, under the stated usage assumption', () => {
    const byRequest = buildReport({ input, simulate: fakeSimulate, usage: 'request', whatIfs: [], pdbs: [] });
    const a = byRequest.evictionOrder.find((e) => e.node === 'a-0')!;
    // usage = request: only the BestEffort pod exceeds its request; the rest go by priority, then name.
    expect(a.order.map((e) => e.pod)).toEqual(['shop/besteffort-0', 'shop/burstable-0', 'shop/guaranteed-0', 'shop/burstable-1']);
    expect(a.order.map((e) => e.qos)).toEqual(['BestEffort', 'Burstable', 'Guaranteed', 'Burstable']);
    expect(a.order.map((e) => e.containers[0].oomScoreAdj)).toEqual([1000, 875, -997, 938]);
    const byLimit = buildReport({ input, simulate: fakeSimulate, usage: 'limit', whatIfs: [], pdbs: [] });
    // usage = limit: burstable-0 uses 2Gi against 512Mi requested, so it joins the first group and, with the larger
    // known excess, goes before the BestEffort pod whose excess is unknown.
    expect(byLimit.evictionOrder.find((e) => e.node === 'a-0')!.order.map((e) => e.pod)).toEqual([
      'shop/burstable-0',
      'shop/besteffort-0',
      'shop/guaranteed-0',
      'shop/burstable-1',
    ]);
    // The JSON states the assumption the ranking used.
    const limitJson = JSON.parse(json(byLimit, [], { color: false, width: 100 }));
    expect(limitJson.assumptions.usage).toBe('limit');
    expect(limitJson.assumptions.statements[1]).toContain('uses its memory limit');
  });
});

describe('packing', () => {
  it('gives per-node and cluster requested shares and the free space no declared pod shape fits', () => {
    const r = buildReport({ input, simulate: fakeSimulate, usage: 'request', whatIfs: [], pdbs: [] });
    const a = r.packing.nodes.find((n) => n.node === 'a-0')!;
    expect(a.share.cpu).toBeCloseTo(1500 / 2000);
    expect(a.free.memory).toBe(4096 * Mi - (1024 + 512 + 256) * Mi);
    // a-0 has 500m free: the BestEffort shape (0 CPU) still fits, so nothing is stranded.
    expect(a.stranded).toEqual({});
    expect(r.packing.requestedShare.cpu).toBeCloseTo(1500 / 4000);
    const noTiny = buildReport({
      input: { ...input, pods: input.pods.filter((p) => !JSON.stringify(p.pod).includes('besteffort')) },
      simulate: fakeSimulate,
      usage: 'request',
      whatIfs: [],
      pdbs: [],
    });
    // Without the BestEffort shape every remaining shape needs 500m: a-0 (500m free) still fits one; b-0 is empty.
    expect(noTiny.packing.stranded).toEqual({ cpu: 0, memory: 0 });
    const full = buildReport({
      input: {
        nodes: [node('a-0', 'a', '1', '4Gi')],
        pods: [place('x-0', { cpu: '600m', memory: '1Gi' }), place('x-1', { cpu: '600m', memory: '1Gi' })],
      },
      simulate: fakeSimulate,
      usage: 'request',
      whatIfs: [],
      pdbs: [],
    });
    expect(full.packing.stranded).toEqual({ cpu: 400, memory: 3 * 1024 * Mi });
  });
  it('counts free space as stranded when only pods the node\u2019s taints exclude would fit in it', () => {
    const tainted = node('gpu-0', 'a', '8', '32Gi', {
      spec: { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] },
    });
    const model = place('model-0', { cpu: '7', memory: '8Gi' }, undefined, {
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });
    const r = buildReport({
      input: { nodes: [node('a-0', 'a', '2', '4Gi'), tainted], pods: [model, place('web-0', { cpu: '500m', memory: '1Gi' })] },
      simulate: (i) => simulate(i),
      usage: 'request',
      whatIfs: [],
      pdbs: [],
    });
    const onNode = (name: string) => r.packing.nodes.find((n) => n.node === name)!;
    // gpu-0 keeps 1 CPU and 24Gi free: web-0's shape fits by resources, but web-0 does not tolerate the taint.
    expect(onNode('gpu-0').stranded).toEqual({ cpu: 1000, memory: 24 * 1024 * Mi });
    expect(onNode('a-0').stranded).toEqual({});
    const page = html(r, [], { color: false, width: 100 });
    expect(page).toMatch(/<div class="stranded">.*<li data-node="gpu-0">gpu-0: 1 cpu and 24Gi memory<\/li><\/ul><\/div>/s);
    expect(page).not.toContain('<li data-node="a-0">');
  });
});

describe('full scale', () => {
  // web has an HPA 1..3; the cluster holds two of its pods.
  const nodes = [node('a-0', 'a', '1', '4Gi')];
  const web = (n: number) => place(`web-${n}`, { cpu: '500m', memory: '1Gi' });
  const autoscaled = [{ origin: origin('web'), minReplicas: 1, maxReplicas: 3 }];
  const report = buildReport({
    input: { nodes, pods: [web(1)] },
    simulate: (i) => simulate(i),
    usage: 'request',
    whatIfs: [],
    pdbs: [],
    fullScaleInput: { input: { nodes, pods: [web(1), web(2), web(3)] }, autoscaled },
  });

  it('places the pods again at every HPA maxReplicas and keeps what is Pending only then', () => {
    expect(report.result.placements.every((p) => p.node)).toBe(true);
    expect(report.fullScale!.added).toBe(2);
    expect(report.fullScale!.pendingOnlyAtFullScale.map((p) => p.name)).toEqual(['web-3']);
  });

  it('shows the second pass in stylish, json and html', () => {
    const message = report.fullScale!.pendingOnlyAtFullScale[0].pending!.message;
    expect(message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    const text = stylish(report, [], { color: false, width: 100 });
    expect(text).toContain('at full scale (every HorizontalPodAutoscaler at maxReplicas: Deployment shop/web 1\u21923)');
    expect(text).toContain('2 more pods than at minReplicas: 1 Pending');
    expect(text).toContain(`Pending shop/web-3: ${message}`);
    const out = JSON.parse(json(report, [], { color: false, width: 100 }));
    expect(out.whatIf.find((w: { kind: string }) => w.kind === 'full-scale')).toEqual({
      kind: 'full-scale',
      autoscaled: [{ workload: { kind: 'Deployment', namespace: 'shop', name: 'web' }, minReplicas: 1, maxReplicas: 3 }],
      added: 2,
      pending: [{ pod: 'shop/web-3', workload: { kind: 'Deployment', namespace: 'shop', name: 'web' }, message, certain: false }],
    });
    expect(html(report, [], { color: false, width: 100 })).toMatch(/data-kind="full-scale".*data-pod="shop\/web-3"/s);
  });
});

describe('Pending explanation', () => {
  it('reads the reasons out of the scheduler message, dots in resource names included', () => {
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    expect(messageReasons(message)).toEqual([
      { count: 1, reason: 'node(s) had untolerated taint {dedicated: gpu}' },
      { count: 2, reason: 'Insufficient nvidia.com/gpu' },
    ]);
  });
  it('says declared, interpreted and fix, and whether the verdict is certain', () => {
    const r = fakeSimulate(input);
    const huge = r.placements.find((p) => p.name === 'huge-0')!;
    const e = explainPending(huge);
    expect(e.declared).toBe('requests cpu 64, memory 1Gi');
    expect(e.interpreted).toContain('This is certain');
    expect(e.fix).toContain('lower the request');
  });
});

describe('formats', () => {
  const report = buildReport({
    input,
    simulate: fakeSimulate,
    usage: 'request',
    whatIfs: [{ kind: 'lose-node', target: 'a-0' }],
    pdbs: [],
  });

  it('json follows the contract of issue 15', () => {
    const out = JSON.parse(json(report, [], { color: false, width: 100 }));
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
    // The tie-break and the usage assumption are stated, machine-readable and in words.
    expect(out.assumptions.tieBreak).toBe('first-by-name');
    expect(out.assumptions.usage).toBe('request');
    expect(out.assumptions.statements[0]).toContain('kube-scheduler picks one of them at random');
    expect(out.assumptions.statements[1]).toContain('uses its memory request');
    expect(out.version).toBe(1);
    expect(out.nodes[0]).toEqual({
      name: 'a-0',
      zone: 'a',
      pool: 'general',
      allocatable: { cpu: 2000, memory: 4 * 1024 * Mi, pods: 110 },
      requested: { cpu: 1500, memory: 1792 * Mi, pods: 4 },
      pods: ['shop/guaranteed-0', 'shop/burstable-0', 'shop/besteffort-0', 'shop/burstable-1'],
    });
    const huge = out.pods.find((p: { name: string }) => p.name === 'huge-0');
    expect(huge).toMatchObject({
      namespace: 'shop',
      workload: { kind: 'Deployment', namespace: 'shop', name: 'huge' },
      node: null,
      tiedNodes: [],
      pending: { certain: true },
      certainty: 'exact',
    });
    expect(Object.keys(huge.workload)).toEqual(['kind', 'namespace', 'name']);
    expect(out.pods[0].pending).toBeNull();
    expect(out.pods[0]).toMatchObject({ node: 'a-0', tiedNodes: ['a-0'], certainty: 'exact' });
    expect(Object.keys(out.pods[0])).toEqual(['name', 'namespace', 'workload', 'requests', 'node', 'tiedNodes', 'pending', 'certainty']);
    expect(out.whatIf.map((w: { kind: string }) => w.kind)).toEqual(['lose-node', 'headroom']);
    expect(out.evictionOrder['a-0'][0]).toBe('shop/besteffort-0');
  });

  it('stylish shows the node table, the Pending pods with the message, the what-ifs and the tie-break note', () => {
    const out = stylish(report, [], { color: false, width: 100 });
    expect(out).toMatch(/NODE\s+ZONE\s+POOL/);
    expect(out).toMatch(/a-0\s+a\s+general\s+1\.5\/2 75%/);
    expect(out).toContain('Pending (1)');
    expect(out).toContain(`scheduler:   ${report.result.placements.find((p) => p.name === 'huge-0')!.pending!.message}`);
    expect(out).toContain('certain');
    expect(out).toContain('kube-scheduler picks one of them at random');
    expect(out).toContain('lose node a-0');
    expect(out).toContain('usage assumed = request');
    expect(out.indexOf('Pending (1)')).toBeLessThan(out.indexOf('What if'));
  });

  it('html is one self-contained page with a bar per node and resource and the Pending list', () => {
    const page = html(report, [], { color: false, width: 100 });
    expect(page).not.toMatch(/<script|<link|src=|https?:\/\//);
    expect(page.match(/<div class="node" data-node="/g)?.length).toBe(2 + 1);
    expect(page).toContain('<div class="bar" data-resource="cpu">');
    expect(page).toContain('<span class="pod Guaranteed" data-pod="shop/guaranteed-0" style="width:25.00%"');
    expect(page).toMatch(/<li data-pod="shop\/huge-0" data-certain="true">/);
    expect(page).toContain('data-zone="a"');
  });
});
