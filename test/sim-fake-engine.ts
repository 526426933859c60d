import { parseQuantity } from '../src/k8s/quantity.js';
import { podEffectiveRequest } from '../src/k8s/resources.js';
import type { ApiObject, NodeState, Placement, SimulationInput, SimulationResult } from '../src/sim/types.js';
import { asRecord } from '../src/util/raw.js';

/**
 * A test double of the engine for the output's own logic (what-ifs, eviction, packing, formats): first fit by node
 * name on cpu, memory and pods, cordoned nodes skipped, nothing else modelled. Its Pending message imitates the
 * scheduler's shape only; the real engine's messages are tested against the scheduler goldens.
 */
export function fakeSimulate(input: SimulationInput): SimulationResult {
  const nodes: NodeState[] = input.nodes.map((n) => {
    const labels = asRecord(asRecord(n.metadata).labels) as Record<string, string>;
    const alloc = asRecord(asRecord(n.status).allocatable);
    return {
      name: String(asRecord(n.metadata).name),
      zone: labels['topology.kubernetes.io/zone'] ?? null,
      pool: labels.pool ?? null,
      allocatable: {
        cpu: (parseQuantity(alloc.cpu)?.value ?? 0) * 1000,
        memory: parseQuantity(alloc.memory)?.value ?? 0,
        pods: Number(alloc.pods ?? 110),
      },
      requested: { cpu: 0, memory: 0, pods: 0 },
      pods: [],
    };
  });
  const cordoned = new Set(
    input.nodes.filter((n) => asRecord(n.spec).unschedulable === true).map((n) => String(asRecord(n.metadata).name)),
  );
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const add = (node: NodeState, key: string, req: Record<string, number>) => {
    node.requested.cpu += req.cpu;
    node.requested.memory += req.memory;
    node.requested.pods += 1;
    node.pods.push(key);
  };
  for (const pod of input.runningPods ?? []) {
    const node = byName.get(String(asRecord(pod.spec).nodeName));
    if (node) add(node, key(pod), requests(pod));
  }
  const placements: Placement[] = [];
  for (const p of input.pods) {
    const req = requests(p.pod);
    const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : 1));
    const fits = (n: NodeState, empty: boolean) =>
      (empty ? 0 : n.requested.cpu) + req.cpu <= n.allocatable.cpu &&
      (empty ? 0 : n.requested.memory) + req.memory <= n.allocatable.memory &&
      (empty ? 0 : n.requested.pods) + 1 <= n.allocatable.pods;
    const zones = volumeZones(p.pod, input);
    const inVolumeZone = (n: NodeState) => zones.every((z) => n.zone === z);
    const node = sorted.find((n) => !cordoned.has(n.name) && inVolumeZone(n) && fits(n, false));
    const outside = nodes.filter((n) => !cordoned.has(n.name) && !inVolumeZone(n)).length;
    const meta = asRecord(p.pod.metadata);
    const placement: Placement = {
      namespace: String(meta.namespace ?? 'default'),
      name: String(meta.name),
      pod: p.pod,
      ...(p.origin ? { origin: p.origin } : {}),
      node: node?.name ?? null,
      tiedNodes: node ? [node.name] : [],
      // First fit by name has no ties; a Pending pod that fits the empty cluster depends on order.
      certainty: node || !nodes.some((n) => fits(n, true)) ? 'exact' : 'order',
      requests: { ...req, pods: 1 },
      priority: Number(asRecord(p.pod.spec).priority ?? 0),
      pending: node
        ? null
        : {
            message: `0/${nodes.length} nodes are available: ${[
              cordoned.size ? `${cordoned.size} node(s) were unschedulable` : '',
              outside ? `${outside} node(s) didn't match PersistentVolume's node affinity` : '',
              nodes.length - cordoned.size - outside ? `${nodes.length - cordoned.size - outside} Insufficient cpu` : '',
            ]
              .filter(Boolean)
              .sort()
              .join(', ')}.`,
            certain: !nodes.some((n) => fits(n, true)),
          },
    };
    if (node) add(node, `${placement.namespace}/${placement.name}`, req);
    placements.push(placement);
  }
  return { kubernetesVersion: input.kubernetesVersion ?? '1.34', placements, evicted: {}, nodes };
}

/** Zones of the PersistentVolumes the pod's claims are bound to (zone In [z] node affinity). */
function volumeZones(pod: ApiObject, input: SimulationInput): string[] {
  const namespace = String(asRecord(pod.metadata).namespace ?? 'default');
  const volumes = asRecord(pod.spec).volumes;
  const zones: string[] = [];
  for (const v of Array.isArray(volumes) ? volumes.map(asRecord) : []) {
    const claimName = asRecord(v.persistentVolumeClaim).claimName;
    const claim = (input.persistentVolumeClaims ?? []).find(
      (c) => asRecord(c.metadata).name === claimName && String(asRecord(c.metadata).namespace ?? 'default') === namespace,
    );
    const pv = (input.persistentVolumes ?? []).find((x) => asRecord(x.metadata).name === asRecord(claim?.spec).volumeName);
    const terms = asRecord(asRecord(asRecord(pv?.spec).nodeAffinity).required).nodeSelectorTerms;
    const expressions = Array.isArray(terms) ? asRecord(terms[0]).matchExpressions : undefined;
    const values = Array.isArray(expressions) ? asRecord(expressions[0]).values : undefined;
    if (Array.isArray(values)) zones.push(String(values[0]));
  }
  return zones;
}

function key(pod: ApiObject): string {
  const m = asRecord(pod.metadata);
  return `${String(m.namespace ?? 'default')}/${String(m.name)}`;
}

function requests(pod: ApiObject): { cpu: number; memory: number } {
  const spec = asRecord(pod.spec);
  return { cpu: Math.round(podEffectiveRequest(spec, 'cpu') * 1000), memory: podEffectiveRequest(spec, 'memory') };
}

export function node(name: string, zone: string, cpu: string, memory: string, extra: Record<string, unknown> = {}): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'topology.kubernetes.io/zone': zone, pool: 'general' } },
    status: { allocatable: { cpu, memory, pods: '110' }, capacity: { cpu, memory, pods: '110' } },
    ...extra,
  };
}

export function pod(
  namespace: string,
  name: string,
  requests: Record<string, string>,
  extra: Record<string, unknown> = {},
  limits?: Record<string, string>,
): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, labels: { app: name.replace(/-\d+$/, '') } },
    spec: { containers: [{ name: 'main', resources: { requests, ...(limits ? { limits } : {}) } }], ...extra },
  };
}
