import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/engine/run.js';
import { parseQuantity } from '../src/k8s/quantity.js';
import { podEffectiveRequest } from '../src/k8s/resources.js';
import { expandManifests, loadCluster, simulationInput } from '../src/sim/input/index.js';

type Obj = Record<string, any>;
const ROOT = path.resolve(__dirname, '..');

describe('examples/cluster/profile.yaml with examples/shop', () => {
  const cluster = loadCluster([path.join(ROOT, 'examples/cluster/profile.yaml')]);
  const set = lintPaths({ paths: [path.join(ROOT, 'examples/shop')], config: {}, rules: [], maxFileSize: 1 << 24 }).set!;
  const input = simulationInput(cluster, expandManifests(set, { clusterStorageClasses: cluster.storageClasses }));

  it('is a valid profile: three general nodes in three zones and one tainted GPU node', () => {
    expect(cluster.problems).toEqual([]);
    const zones = input.nodes.map((n) => (n as Obj).metadata.labels['topology.kubernetes.io/zone']);
    expect(new Set(zones).size).toBe(3);
    const tainted = input.nodes.filter((n) => (n as Obj).spec.taints?.length);
    expect(tainted.map((n) => (n as Obj).metadata.labels['cloud.google.com/gke-nodepool'])).toEqual(['gpu']);
  });

  it('asks for more GPUs than the cluster has, so at least one pod must stay Pending whatever the order', () => {
    const gpusAllocatable = input.nodes.reduce((sum, n) => sum + Number((n as Obj).status.allocatable['nvidia.com/gpu'] ?? 0), 0);
    const gpusRequested = input.pods.reduce((sum, p) => sum + podEffectiveRequest((p.pod as Obj).spec, 'nvidia.com/gpu'), 0);
    expect(gpusAllocatable).toBe(1);
    expect(gpusRequested).toBe(2);
  });

  it('hands the engine every shop workload and the system overhead on every node', () => {
    const byWorkload = new Map<string, number>();
    for (const p of input.pods) byWorkload.set(p.origin!.name, (byWorkload.get(p.origin!.name) ?? 0) + 1);
    expect(Object.fromEntries(byWorkload)).toEqual({ api: 2, recommender: 2, redis: 1, web: 3, worker: 2 });
    expect(input.runningPods).toHaveLength(4 * 6);
    const overheadCpu = input.runningPods!.reduce(
      (sum, p) => sum + (parseQuantity((p as Obj).spec.containers[0].resources.requests?.cpu)?.value ?? 0),
      0,
    );
    expect(overheadCpu).toBeCloseTo(4 * 0.3, 6);
  });
});

it('simulationInput keeps what the cluster files show over declared namesakes', () => {
  const claim = (ns: string, name: string, phase: string) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    status: { phase },
  });
  const cluster = {
    ...loadCluster([path.join(ROOT, 'examples/cluster/profile.yaml')]),
    persistentVolumeClaims: [claim('shop', 'data', 'Bound')],
  };
  const manifests = {
    pods: [],
    persistentVolumeClaims: [claim('shop', 'data', 'Pending'), claim('shop', 'other', 'Pending')],
    persistentVolumes: [],
    storageClasses: [],
    priorityClasses: [],
    autoscaled: [],
  };
  expect(
    simulationInput(cluster, manifests).persistentVolumeClaims?.map((c) => `${(c as Obj).metadata.name} ${(c as Obj).status.phase}`),
  ).toEqual(['data Bound', 'other Pending']);
});
