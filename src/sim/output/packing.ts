import { asRecord, type Raw } from '../../util/raw.js';
import {
  filtersScheduling,
  firstUntoleratedTaint,
  labelsOf,
  nodeTermsMatch,
  readNodeTerms,
  readTaints,
  readTolerations,
} from '../engine/match.js';
import type { ApiObject, SimulationInput, SimulationResult, ResourceAmounts } from '../types.js';

export interface NodePacking {
  node: string;
  zone: string | null;
  pool: string | null;
  /** Per resource: requested / allocatable (0 when the node has none of it). */
  share: ResourceAmounts;
  free: ResourceAmounts;
  /** Free cpu (millicores) and memory (bytes) no declared pod shape fits into; empty when some shape fits. */
  stranded: ResourceAmounts;
}

export interface Packing {
  nodes: NodePacking[];
  /** Cluster-wide requested / allocatable per resource. */
  requestedShare: ResourceAmounts;
  /** Cluster-wide stranded cpu (millicores) and memory (bytes). */
  stranded: ResourceAmounts;
}

/** Per resource, whether the cluster still holds every placed request after losing its largest node (N−1). */
export interface Headroom {
  resource: string;
  requested: number;
  allocatable: number;
  largestNode: string;
  largestAllocatable: number;
  /** allocatable − largest − requested; negative: the requests no longer fit in what is left. */
  margin: number;
  survives: boolean;
}

const HEADROOM_RESOURCES = ['cpu', 'memory', 'pods'];

export function packing(input: SimulationInput, result: SimulationResult): Packing {
  const shapes = podShapes(input, result);
  const nodeObjects = new Map(input.nodes.map((n) => [String(asRecord(n.metadata).name ?? ''), n]));
  const total = { requested: {} as ResourceAmounts, allocatable: {} as ResourceAmounts };
  const stranded: ResourceAmounts = { cpu: 0, memory: 0 };
  const nodes = result.nodes.map((node) => {
    const share: ResourceAmounts = {};
    const free: ResourceAmounts = {};
    for (const [resource, allocatable] of Object.entries(node.allocatable)) {
      const requested = node.requested[resource] ?? 0;
      share[resource] = allocatable > 0 ? requested / allocatable : 0;
      free[resource] = Math.max(0, allocatable - requested);
      total.allocatable[resource] = (total.allocatable[resource] ?? 0) + allocatable;
      total.requested[resource] = (total.requested[resource] ?? 0) + requested;
    }
    const nodeObject = nodeObjects.get(node.name);
    const usable = shapes.some((shape) => fits(shape.requests, free) && (!nodeObject || shape.mayRunOn(node.name, nodeObject)));
    const nodeStranded: ResourceAmounts = usable ? {} : { cpu: free.cpu ?? 0, memory: free.memory ?? 0 };
    stranded.cpu += nodeStranded.cpu ?? 0;
    stranded.memory += nodeStranded.memory ?? 0;
    return { node: node.name, zone: node.zone, pool: node.pool, share, free, stranded: nodeStranded };
  });
  const requestedShare: ResourceAmounts = {};
  for (const [resource, allocatable] of Object.entries(total.allocatable))
    requestedShare[resource] = allocatable > 0 ? (total.requested[resource] ?? 0) / allocatable : 0;
  return { nodes, requestedShare, stranded };
}

/** The mixin's KubeCPUOvercommit / KubeMemoryOvercommit test: Σ requests ≤ Σ allocatable − the largest node's. */
export function headroom(result: SimulationResult): Headroom[] {
  const resources = [...new Set(result.nodes.flatMap((n) => Object.keys(n.allocatable)))].filter(
    (r) => HEADROOM_RESOURCES.includes(r) || r.includes('/'),
  );
  return resources.sort(byHeadroomOrder).map((resource) => {
    let requested = 0;
    let allocatable = 0;
    let largest = { node: '', amount: -1 };
    for (const n of result.nodes) {
      const amount = n.allocatable[resource] ?? 0;
      requested += n.requested[resource] ?? 0;
      allocatable += amount;
      if (amount > largest.amount || (amount === largest.amount && n.name < largest.node)) largest = { node: n.name, amount };
    }
    const margin = allocatable - largest.amount - requested;
    return {
      resource,
      requested,
      allocatable,
      largestNode: largest.node,
      largestAllocatable: largest.amount,
      margin,
      survives: margin >= 0,
    };
  });
}

function byHeadroomOrder(a: string, b: string): number {
  const rank = (r: string) => (HEADROOM_RESOURCES.includes(r) ? HEADROOM_RESOURCES.indexOf(r) : HEADROOM_RESOURCES.length);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A declared pod shape: its requests, and the node-level filters (taints, nodeSelector, required node affinity) it passes. */
interface PodShape {
  requests: ResourceAmounts;
  mayRunOn(name: string, node: ApiObject): boolean;
}

/**
 * Distinct request vectors and node constraints of the declared pods (DaemonSet pods are pinned to their node,
 * so they use no other node's space). Free space only a pod the node's taints or labels exclude could use is
 * stranded too.
 */
function podShapes(input: SimulationInput, result: SimulationResult): PodShape[] {
  const daemon = new Set(
    input.pods.filter((p) => p.perNode).map((p) => p.origin && `${p.origin.kind}/${p.origin.namespace}/${p.origin.name}`),
  );
  const seen = new Map<string, PodShape>();
  for (const p of result.placements) {
    if (p.origin && daemon.has(`${p.origin.kind}/${p.origin.namespace}/${p.origin.name}`)) continue;
    const requests = { ...p.requests, pods: 1 };
    const spec = asRecord(p.pod.spec);
    const constraints = { tolerations: spec.tolerations, nodeSelector: spec.nodeSelector, affinity: nodeAffinityOf(spec) };
    const key = `${Object.entries(requests)
      .filter(([, v]) => v > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}|${JSON.stringify(constraints)}`;
    if (!seen.has(key)) seen.set(key, { requests, mayRunOn: nodeFilter(spec) });
  }
  return [...seen.values()];
}

function nodeAffinityOf(spec: Raw): unknown {
  return asRecord(asRecord(asRecord(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms;
}

/** TaintToleration and NodeAffinity as they read the node alone. */
function nodeFilter(spec: Raw): (name: string, node: ApiObject) => boolean {
  const tolerations = readTolerations(spec.tolerations);
  const selector = labelsOf(spec.nodeSelector);
  const rawTerms = nodeAffinityOf(spec);
  const terms = Array.isArray(rawTerms) ? readNodeTerms(rawTerms) : undefined;
  return (name, node) => {
    const labels = labelsOf(asRecord(node.metadata).labels);
    if (firstUntoleratedTaint(readTaints(asRecord(node.spec).taints), tolerations, filtersScheduling)) return false;
    for (const key of Object.keys(selector)) if (labels[key] !== selector[key]) return false;
    return !terms || nodeTermsMatch(terms, name, labels);
  };
}

function fits(shape: ResourceAmounts, free: ResourceAmounts): boolean {
  return Object.entries(shape).every(([resource, amount]) => amount <= 0 || (free[resource] ?? 0) >= amount);
}
