import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/engine/config.js';
import { clusterPaths, formatClusterProblem, loadCluster, nodePoolOf, nodeZoneOf, type LoadedCluster } from '../src/sim/input/index.js';
import { tempTree } from './helpers.js';

type Obj = Record<string, any>;

const PROFILE = `apiVersion: kube-intent.io/v1alpha1
kind: ClusterProfile
kubernetesVersion: "1.33"
provider: gke
zones: [europe-west1-b, europe-west1-c, europe-west1-d]
nodePools:
  - name: general
    instanceType: e2-standard-4
    countPerZone: 2
  - name: gpu
    instanceType: g2-standard-8
    zones: [europe-west1-b]
    count: 1
    labels: { accelerator: l4 }
    taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
systemOverheadPerNode:
  requests: { cpu: 250m, memory: 300Mi }
`;

function load(files: Record<string, string>, names = Object.keys(files)): LoadedCluster {
  const dir = tempTree(files);
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return loadCluster(names);
  } finally {
    process.chdir(cwd);
  }
}

const errors = (c: LoadedCluster) => c.problems.filter((p) => p.severity === 'error').map(formatClusterProblem);
const warnings = (c: LoadedCluster) => c.problems.filter((p) => p.severity === 'warning').map(formatClusterProblem);
const names = (objects: Obj[]) => objects.map((o) => o.metadata.name);

describe('ClusterProfile', () => {
  const cluster = load({ 'profile.yaml': PROFILE });

  it('expands pools into named nodes, per zone', () => {
    expect(errors(cluster)).toEqual([]);
    expect(names(cluster.nodes)).toEqual([
      'general-europe-west1-b-1',
      'general-europe-west1-b-2',
      'general-europe-west1-c-1',
      'general-europe-west1-c-2',
      'general-europe-west1-d-1',
      'general-europe-west1-d-2',
      'gpu-europe-west1-b-1',
    ]);
    expect(cluster.kubernetesVersion).toBe('1.33');
    expect(cluster.kubernetesVersionSource).toBe('profile');
    expect(cluster.provider).toBe('gke');
  });

  it('gives nodes the standard labels, the pool label and the pool taints', () => {
    const gpu = cluster.nodes[6] as Obj;
    expect(gpu.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'gpu-europe-west1-b-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/zone': 'europe-west1-b',
      'topology.kubernetes.io/region': 'europe-west1',
      'node.kubernetes.io/instance-type': 'g2-standard-8',
      'cloud.google.com/gke-nodepool': 'gpu',
      accelerator: 'l4',
    });
    expect(gpu.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    expect(nodePoolOf(gpu)).toBe('gpu');
    expect(nodeZoneOf(gpu)).toBe('europe-west1-b');
    expect((cluster.nodes[0] as Obj).spec.taints).toBeUndefined();
  });

  it('computes allocatable with the GKE formula and keeps the GPU', () => {
    const general = cluster.nodes[0] as Obj;
    expect(general.status.allocatable.cpu).toBe('3920m');
    expect(general.status.allocatable.pods).toBe('110');
    expect(general.status.capacity.cpu).toBe('4');
    const gpu = cluster.nodes[6] as Obj;
    expect(gpu.status.allocatable['nvidia.com/gpu']).toBe('1');
    expect(gpu.status.allocatable.cpu).toBe('7910m');
  });

  it('holds the system overhead in one bound pod per node', () => {
    expect(cluster.systemOverhead).toEqual({ requests: { cpu: '250m', memory: '300Mi' }, pods: 1 });
    expect(cluster.runningPods).toHaveLength(7);
    const pod = cluster.runningPods[0] as Obj;
    expect(pod.spec.nodeName).toBe('general-europe-west1-b-1');
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '300Mi' });
    expect(pod.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('spreads count round-robin over the zones and explicit allocatable wins over the formula', () => {
    const c = load({
      'p.yaml': `apiVersion: kube-intent.io/v1alpha1
kind: ClusterProfile
provider: eks
nodePools:
  - name: apps
    instanceType: m5.large
    zones: [us-east-1a, us-east-1b]
    count: 3
    allocatable: { cpu: 1800m }
`,
    });
    expect(errors(c)).toEqual([]);
    expect(names(c.nodes)).toEqual(['apps-us-east-1a-1', 'apps-us-east-1b-1', 'apps-us-east-1a-2']);
    const node = c.nodes[0] as Obj;
    expect(node.status.allocatable.cpu).toBe('1800m');
    expect(node.status.allocatable.pods).toBe('29');
    expect(node.metadata.labels['eks.amazonaws.com/nodegroup']).toBe('apps');
    expect(node.metadata.labels['topology.kubernetes.io/region']).toBe('us-east-1');
    expect(c.kubernetesVersion).toBe('1.34');
    expect(c.kubernetesVersionSource).toBe('default');
  });

  it('accepts a pool given by capacity alone, and one without zones', () => {
    const c = load({
      'p.yaml': `apiVersion: kube-intent.io/v1alpha1
kind: ClusterProfile
nodePools:
  - name: big
    count: 2
    capacity: { cpu: "64", memory: 256Gi }
    maxPods: 250
`,
    });
    expect(errors(c)).toEqual([]);
    expect(names(c.nodes)).toEqual(['big-1', 'big-2']);
    const node = c.nodes[0] as Obj;
    expect(node.status.allocatable).toMatchObject({ cpu: '64', memory: `${256 * 1024 * 1024 - 100 * 1024}Ki`, pods: '250' });
    expect(node.metadata.labels['topology.kubernetes.io/zone']).toBeUndefined();
    expect(nodePoolOf(node)).toBe('big');
  });
});

describe('ClusterProfile errors, with file:line:column', () => {
  const bad = (body: string) => errors(load({ 'p.yaml': `apiVersion: kube-intent.io/v1alpha1\nkind: ClusterProfile\n${body}` }));

  it('an unknown key, with a suggestion', () => {
    expect(bad('nodePool:\n  - name: a\n')).toContain('p.yaml:3:1: nodePool is not a known setting (did you mean nodePools?)');
    expect(bad('nodePools:\n  - name: a\n    count: 1\n    instanceTyp: e2-standard-4\n')).toContain(
      'p.yaml:6:5: nodePools.0.instanceTyp is not a known setting (did you mean instanceType?)',
    );
  });

  it('a bad enum value and a bad quantity', () => {
    expect(bad('provider: gcp\nnodePools: [{ name: a, count: 1, capacity: { cpu: 1, memory: 1Gi } }]\n')).toEqual([
      'p.yaml:3:1: provider must be one of "gke", "eks", "aks", "generic"',
    ]);
    const quantity = bad('nodePools:\n  - name: a\n    count: 1\n    capacity: { cpu: lots, memory: 1Gi }\n');
    expect(quantity).toHaveLength(1);
    expect(quantity[0]).toMatch(/^p\.yaml:6:17: nodePools\.0\.capacity\.cpu /);
    expect(
      bad('nodePools:\n  - name: a\n    count: 1\n    instanceType: e2-standard-2\n    taints: [{ key: x, effect: NoScheduled }]\n'),
    ).toEqual(['p.yaml:7:24: nodePools.0.taints.0.effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute"']);
  });

  it('an unknown instance type, with a suggestion and the catalogue', () => {
    const [message] = bad('provider: gke\nnodePools:\n  - name: a\n    count: 1\n    instanceType: e2-standrd-4\n');
    expect(message).toMatch(
      /^p\.yaml:7:5: unknown instance type "e2-standrd-4" \(did you mean e2-standard-4\?\); the built-in catalogue has e2-standard-2, /,
    );
    expect(message).not.toContain('m5.large');
  });

  it('a machine type of another cloud', () => {
    expect(bad('provider: eks\nnodePools:\n  - name: a\n    count: 1\n    instanceType: e2-standard-4\n')).toEqual([
      "p.yaml:7:5: e2-standard-4 is a GKE machine type, but the profile's provider is eks",
    ]);
  });

  it('countPerZone without zones, both counts, no count, no size', () => {
    expect(bad('nodePools:\n  - name: a\n    countPerZone: 1\n    instanceType: e2-standard-2\n')).toEqual([
      'p.yaml:5:5: countPerZone needs zones, on the pool or the profile',
    ]);
    expect(bad('zones: [z]\nnodePools:\n  - name: a\n    count: 1\n    countPerZone: 1\n    instanceType: e2-standard-2\n')).toEqual([
      'p.yaml:7:5: give either count (spread over the zones) or countPerZone, not both',
    ]);
    expect(bad('nodePools:\n  - name: a\n    instanceType: e2-standard-2\n')).toEqual([
      'p.yaml:4:5: node pool "a" needs count (nodes in all) or countPerZone',
    ]);
    expect(bad('nodePools:\n  - name: a\n    count: 1\n    capacity: { cpu: 2 }\n')).toEqual([
      'p.yaml:4:5: node pool "a" needs an instanceType, or capacity (or allocatable) with cpu and memory',
    ]);
  });

  it('a duplicate pool and a wrong apiVersion', () => {
    expect(
      bad('nodePools:\n  - { name: a, count: 1, instanceType: e2-standard-2 }\n  - { name: a, count: 1, instanceType: e2-standard-2 }\n'),
    ).toContain('p.yaml:5:7: node pool "a" is declared twice');
    const c = load({
      'p.yaml':
        'apiVersion: kube-intent.dev/v1alpha1\nkind: ClusterProfile\nnodePools: [{ name: a, count: 1, instanceType: e2-standard-2 }]\n',
    });
    expect(errors(c)[0]).toBe('p.yaml:1:1: apiVersion must be "kube-intent.io/v1alpha1"');
  });

  it('a second profile', () => {
    const one =
      'apiVersion: kube-intent.io/v1alpha1\nkind: ClusterProfile\nnodePools: [{ name: a, count: 1, instanceType: e2-standard-2 }]\n';
    const c = load({ 'a.yaml': one, 'b.yaml': one.replace('name: a', 'name: b') });
    expect(errors(c)).toEqual(['b.yaml:1:1: a second ClusterProfile (the first is at a.yaml:1); give one profile per run']);
  });
});

const NODE = (name: string, zone: string, kubelet = 'v1.33.4-gke.100') => `  - apiVersion: v1
    kind: Node
    metadata:
      name: ${name}
      labels: { kubernetes.io/hostname: ${name}, topology.kubernetes.io/zone: ${zone}, cloud.google.com/gke-nodepool: default-pool }
    spec:
      providerID: gce://project/${zone}/${name}
    status:
      capacity: { cpu: "4", memory: 16393524Ki, pods: "110" }
      allocatable: { cpu: 3920m, memory: 13219124Ki, pods: "110" }
      nodeInfo: { kubeletVersion: ${kubelet} }
`;
const NODE_LIST = `apiVersion: v1
kind: List
items:
${NODE('gke-a', 'europe-west1-b')}${NODE('gke-b', 'europe-west1-c', 'v1.32.9-gke.1')}`;

const POD = (name: string, node: string | null, phase = 'Running') => `  - apiVersion: v1
    kind: Pod
    metadata: { name: ${name}, namespace: shop }
    spec:
${node ? `      nodeName: ${node}\n` : ''}      containers: [{ name: c, image: i, resources: { requests: { cpu: 500m } } }]
    status: { phase: ${phase} }
`;

describe('kubectl output', () => {
  it('reads `kubectl get nodes -o yaml` next to `kubectl get pods -A -o yaml`', () => {
    const pods = `apiVersion: v1\nkind: List\nitems:\n${POD('running', 'gke-a')}${POD('done', 'gke-a', 'Succeeded')}${POD('failed', 'gke-b', 'Failed')}${POD('waiting', null, 'Pending')}${POD('elsewhere', 'gke-gone')}`;
    const c = load({ 'nodes.yaml': NODE_LIST, 'pods.yaml': pods });
    expect(errors(c)).toEqual([]);
    expect(names(c.nodes)).toEqual(['gke-a', 'gke-b']);
    expect(names(c.runningPods)).toEqual(['running']);
    expect(warnings(c)).toEqual([
      'pods.yaml:27:17: pod shop/waiting is not bound to a node (Pending in the cluster); it is not counted as running load',
      'pods.yaml:35:7: pod shop/elsewhere runs on node "gke-gone", which the cluster files do not declare; it is left out',
    ]);
    expect(c.provider).toBe('gke');
    expect(c.kubernetesVersion).toBe('1.33');
    expect(c.kubernetesVersionSource).toBe('nodes');
  });

  it('reads Node documents, falls back to capacity, and reports a node without either', () => {
    const docs = `apiVersion: v1
kind: Node
metadata: { name: n1 }
status: { capacity: { cpu: "2", memory: 4Gi, pods: "110" } }
---
apiVersion: v1
kind: Node
metadata: { name: n2 }
`;
    const c = load({ 'n.yaml': docs });
    expect(names(c.nodes)).toEqual(['n1']);
    expect((c.nodes[0] as Obj).status.allocatable.cpu).toBe('2');
    expect(errors(c)).toEqual([
      'n.yaml:6:1: node "n2" has neither status.allocatable nor status.capacity: nothing to place pods against; skipped',
    ]);
    expect(warnings(c)).toEqual(['n.yaml:4:11: node "n1" has no status.allocatable; its capacity is used as allocatable']);
    expect(c.provider).toBe('generic');
  });

  it('clamps kubelet versions outside 1.32-1.34 and says so', () => {
    const c = load({ 'n.yaml': `apiVersion: v1\nkind: List\nitems:\n${NODE('a', 'z', 'v1.30.1')}` });
    expect(c.kubernetesVersion).toBe('1.32');
    expect(warnings(c)[0]).toMatch(
      /^n\.yaml:14:\d+: the nodes run Kubernetes 1\.30; the simulation words its messages as kube-scheduler 1\.32 does/,
    );
  });

  it('rejects a node declared twice, passes volumes and classes through, and warns about other kinds once per file', () => {
    const extra = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: standard-rwo }
provisioner: pd.csi.storage.gke.io
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: a }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: b }
`;
    const c = load({
      'a.yaml': NODE_LIST,
      'b.yaml': `apiVersion: v1\nkind: List\nitems:\n${NODE('gke-a', 'europe-west1-b')}`,
      'c.yaml': extra,
    });
    expect(errors(c)).toEqual(['b.yaml:7:7: node "gke-a" is declared twice (also in a.yaml:4); this one is skipped']);
    expect(names(c.storageClasses)).toEqual(['standard-rwo']);
    expect(warnings(c)).toEqual([expect.stringMatching(/^c\.yaml:7:1: 2 Deployment objects ignored: --cluster reads Nodes, Pods, /)]);
  });

  it('a file with no node at all is an error', () => {
    const c = load({ 'pods.yaml': `apiVersion: v1\nkind: List\nitems:\n${POD('x', 'node-x')}` });
    expect(errors(c)).toEqual([
      'pods.yaml:1:1: the cluster files declare no node: give `kubectl get nodes -o yaml` output or a ClusterProfile with nodePools',
    ]);
  });

  it('a missing file and broken YAML are errors', () => {
    expect(errors(load({ 'x.yaml': 'a: [' }, ['x.yaml', 'missing.yaml']))).toEqual([
      'missing.yaml:1:1: no such file or folder',
      expect.stringMatching(/^x\.yaml:1:\d+: YAML syntax error/),
    ]);
  });

  it('a profile and kubectl nodes combine into one cluster', () => {
    const c = load({ 'nodes.yaml': NODE_LIST, 'profile.yaml': PROFILE });
    expect(errors(c)).toEqual([]);
    expect(c.nodes).toHaveLength(9);
    // The overhead is for the profile's nodes; kubectl's nodes show their real pods.
    expect(c.runningPods).toHaveLength(7);
  });
});

describe('cluster.profile in the config', () => {
  it('is relative to the config file and applies only without --cluster', () => {
    const dir = tempTree({
      'repo/.kube-intent.yaml': 'cluster:\n  profile: clusters/prod.yaml\n',
      'repo/clusters/prod.yaml': PROFILE,
      'repo/app/x.yaml': '',
    });
    const config = loadConfig(undefined, path.join(dir, 'repo/app'));
    expect(config.config.cluster?.profile).toBe('clusters/prod.yaml');
    // Outside the working directory: shown absolute, as the config file itself is.
    expect(clusterPaths([], config, path.join(dir, 'repo/app'))).toEqual([path.join(dir, 'repo/clusters/prod.yaml')]);
    expect(clusterPaths([], config, path.join(dir, 'repo'))).toEqual([path.join('clusters', 'prod.yaml')]);
    expect(clusterPaths(['mine.yaml'], config, dir)).toEqual(['mine.yaml']);
    expect(clusterPaths([], { config: {}, file: null, baseDir: dir }, dir)).toEqual([]);
  });
});

it('the generated profile validator is up to date with profile.schema.json', async () => {
  // @ts-expect-error plain JavaScript build script
  const { generateProfileValidator, PROFILE_VALIDATOR_PATH } = await import('../scripts/gen-config-validator.mjs');
  expect(fs.readFileSync(PROFILE_VALIDATOR_PATH, 'utf8')).toBe(generateProfileValidator());
});

describe('cluster folders and JSON', () => {
  it('a folder reads every file in it, so cluster.profile can name nodes and pods together', () => {
    const pods = `apiVersion: v1\nkind: List\nitems:\n${POD('running', 'gke-a')}`;
    const c = load({ 'snapshot/nodes.yaml': NODE_LIST, 'snapshot/pods.yaml': pods }, ['snapshot']);
    expect(errors(c)).toEqual([]);
    expect(names(c.nodes)).toEqual(['gke-a', 'gke-b']);
    expect(names(c.runningPods)).toEqual(['running']);
  });

  it('reads `kubectl get nodes -o json`', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'j1' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      ],
    });
    const c = load({ 'nodes.json': json });
    expect(errors(c)).toEqual([]);
    expect(names(c.nodes)).toEqual(['j1']);
  });
});
