import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers.js';
import { runCli } from './run-cli.js';

/**
 * The input a new user already has: `kubectl get nodes -o yaml` (a List of Nodes with status.allocatable)
 * and `kubectl get pods -A -o yaml` as the load already running, given to simulate as two --cluster files.
 */
const NODES = `apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: Node
  metadata:
    name: ip-10-0-0-10.ec2.internal
    labels:
      kubernetes.io/hostname: ip-10-0-0-10.ec2.internal
      kubernetes.io/os: linux
      node.kubernetes.io/instance-type: m5.large
      topology.kubernetes.io/zone: us-east-1a
      eks.amazonaws.com/nodegroup: general
  spec:
    providerID: aws:///us-east-1a/i-0abc0
  status:
    capacity: {cpu: "2", memory: 7934456Ki, pods: "29", ephemeral-storage: 20959212Ki}
    allocatable: {cpu: 1930m, memory: 7244280Ki, pods: "29", ephemeral-storage: "18242267924"}
    conditions:
      - {type: Ready, status: "True"}
- apiVersion: v1
  kind: Node
  metadata:
    name: ip-10-0-1-10.ec2.internal
    labels:
      kubernetes.io/hostname: ip-10-0-1-10.ec2.internal
      kubernetes.io/os: linux
      node.kubernetes.io/instance-type: m5.large
      topology.kubernetes.io/zone: us-east-1b
      eks.amazonaws.com/nodegroup: general
  spec:
    providerID: aws:///us-east-1b/i-0abc1
  status:
    capacity: {cpu: "2", memory: 7934456Ki, pods: "29", ephemeral-storage: 20959212Ki}
    allocatable: {cpu: 1930m, memory: 7244280Ki, pods: "29", ephemeral-storage: "18242267924"}
    conditions:
      - {type: Ready, status: "True"}
- apiVersion: v1
  kind: Node
  metadata:
    name: ip-10-0-2-10.ec2.internal
    labels:
      kubernetes.io/hostname: ip-10-0-2-10.ec2.internal
      kubernetes.io/os: linux
      node.kubernetes.io/instance-type: m5.large
      topology.kubernetes.io/zone: us-east-1c
      eks.amazonaws.com/nodegroup: general
  spec:
    providerID: aws:///us-east-1c/i-0abc2
  status:
    capacity: {cpu: "2", memory: 7934456Ki, pods: "29", ephemeral-storage: 20959212Ki}
    allocatable: {cpu: 1930m, memory: 7244280Ki, pods: "29", ephemeral-storage: "18242267924"}
    conditions:
      - {type: Ready, status: "True"}
`;

const PODS = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: aws-node-abcde, namespace: kube-system, ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: aws-node, controller: true, uid: u1}]}
  spec:
    nodeName: ip-10-0-0-10.ec2.internal
    priorityClassName: system-node-critical
    priority: 2000001000
    containers:
    - name: aws-node
      image: x
      resources: {requests: {cpu: 25m}}
  status: {phase: Running}
- apiVersion: v1
  kind: Pod
  metadata: {name: coredns-1, namespace: kube-system, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: coredns-5d78c9869d, controller: true, uid: u2}]}
  spec:
    nodeName: ip-10-0-1-10.ec2.internal
    containers:
    - name: coredns
      image: x
      resources: {requests: {cpu: 100m, memory: 70Mi}, limits: {memory: 170Mi}}
  status: {phase: Running}
- apiVersion: v1
  kind: Pod
  metadata: {name: batch-done, namespace: default}
  spec:
    nodeName: ip-10-0-1-10.ec2.internal
    containers:
    - name: c
      image: x
      resources: {requests: {cpu: "1500m"}}
  status: {phase: Succeeded}
- apiVersion: v1
  kind: Pod
  metadata: {name: legacy-big, namespace: default}
  spec:
    nodeName: ip-10-0-2-10.ec2.internal
    containers:
    - name: c
      image: x
      resources: {requests: {cpu: "1200m", memory: 1Gi}}
  status: {phase: Running}
`;

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: app
          image: example/api:1.0.0
          resources: { requests: { cpu: 500m, memory: 1Gi }, limits: { memory: 1Gi } }
`;

interface Report {
  nodes: Array<{ name: string; zone: string; allocatable: Record<string, number>; requested: Record<string, number>; pods: string[] }>;
  pods: Array<{ name: string; node: string | null }>;
  whatIf: Array<{ kind: string; target: string; moved: Array<{ pod: string }>; gone: string[] }>;
}

describe('simulate on kubectl get nodes / get pods output', () => {
  const dir = tempTree({ 'app.yaml': APP, 'nodes.yaml': NODES, 'pods.yaml': PODS });
  const run = runCli(
    ['simulate', 'app.yaml', '--cluster', 'nodes.yaml', '--cluster', 'pods.yaml', '--lose-zone', 'each', '--format', 'json'],
    {
      cwd: dir,
    },
  );
  const report = JSON.parse(run.stdout) as Report;

  it('reads the nodes with their zones and allocatable, and the running pods as load (Succeeded ones ignored)', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(report.nodes.map((n) => [n.name, n.zone])).toEqual([
      ['ip-10-0-0-10.ec2.internal', 'us-east-1a'],
      ['ip-10-0-1-10.ec2.internal', 'us-east-1b'],
      ['ip-10-0-2-10.ec2.internal', 'us-east-1c'],
    ]);
    expect(report.nodes[0].allocatable).toMatchObject({ cpu: 1930, memory: 7244280 * 1024, pods: 29 });
    const onB = report.nodes[1].pods;
    expect(onB).toContain('kube-system/coredns-1');
    expect(onB).not.toContain('default/batch-done');
    expect(report.nodes[2].pods).toContain('default/legacy-big');
    // legacy-big's 1200m leaves 730m on the third node: room for one api pod (500m) there.
    expect(report.pods.map((p) => p.node).filter(Boolean)).toHaveLength(3);
  });

  it('re-places what a controller re-creates after a zone loss; DaemonSet pods go with their node, bare pods are gone', () => {
    const zone = (z: string) => report.whatIf.find((w) => w.kind === 'lose-zone' && w.target === z)!;
    expect(zone('us-east-1a').moved.map((m) => m.pod)).not.toContain('kube-system/aws-node-abcde');
    expect(zone('us-east-1a').gone).toEqual([]);
    expect(zone('us-east-1b').moved.map((m) => m.pod)).toContain('kube-system/coredns-1');
    expect(zone('us-east-1c').gone).toEqual(['default/legacy-big']);
  });
});
