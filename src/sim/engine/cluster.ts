import { isRecord } from '../../util/raw.js';
import type { ApiObject } from '../types.js';
import { labelsOf, readTaints, type Labels, type Taint } from './match.js';
import { isScalarResource, milli, termMatches, units, type PodInfo, type PodTerm } from './pod.js';

/**
 * The scheduler's cache: one NodeInfo per node (requested and non-zero requested resources, pods,
 * host ports) plus counters kept up to date on every bind and unbind, so that topology spread and
 * inter-pod affinity never rescan all pods for each pod they place.
 */

export interface NodeInfo {
  index: number;
  name: string;
  labels: Labels;
  taints: Taint[];
  unschedulable: boolean;
  hasPreferNoSchedule: boolean;
  allocCpu: number;
  allocMemory: number;
  allocEphemeral: number;
  allocPods: number;
  allocScalar: Map<string, number>;
  reqCpu: number;
  reqMemory: number;
  reqEphemeral: number;
  reqScalar: Map<string, number>;
  nonZeroCpu: number;
  nonZeroMemory: number;
  /** In NodeInfo.Pods order: appended on add, swap-removed on remove, as the scheduler's cache does. */
  pods: PodInfo[];
  /** The lowest priority among `pods` (Infinity when empty): preemption skips nodes without a lower-priority pod. */
  minPriority: number;
  /** `protocol/port` -> host IPs using it. */
  ports: Map<string, string[]>;
  disks: Map<string, number>;
  images: Map<string, number>;
}

export const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
export const POOL_LABELS = [
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'karpenter.sh/nodepool',
  'kubernetes.azure.com/agentpool',
  'agentpool',
  'node.kubernetes.io/pool',
];

export function readNode(node: ApiObject, index: number): NodeInfo {
  const meta = isRecord(node.metadata) ? node.metadata : {};
  const spec = isRecord(node.spec) ? node.spec : {};
  const status = isRecord(node.status) ? node.status : {};
  const alloc = isRecord(status.allocatable) ? status.allocatable : {};
  const taints = readTaints(spec.taints);
  const allocScalar = new Map<string, number>();
  for (const [k, v] of Object.entries(alloc)) if (isScalarResource(k)) allocScalar.set(k, units(v));
  const images = new Map<string, number>();
  for (const image of Array.isArray(status.images) ? status.images.filter(isRecord) : []) {
    for (const name of Array.isArray(image.names) ? image.names : []) images.set(String(name), Number(image.sizeBytes ?? 0));
  }
  return {
    index,
    name: String(meta.name ?? ''),
    labels: labelsOf(meta.labels),
    taints,
    unschedulable: spec.unschedulable === true,
    hasPreferNoSchedule: taints.some((t) => t.effect === 'PreferNoSchedule'),
    allocCpu: milli(alloc.cpu),
    allocMemory: units(alloc.memory),
    allocEphemeral: units(alloc['ephemeral-storage']),
    allocPods: units(alloc.pods),
    allocScalar,
    reqCpu: 0,
    reqMemory: 0,
    reqEphemeral: 0,
    reqScalar: new Map(),
    nonZeroCpu: 0,
    nonZeroMemory: 0,
    pods: [],
    minPriority: Infinity,
    ports: new Map(),
    disks: new Map(),
    images,
  };
}

function addPod(n: NodeInfo, p: PodInfo): void {
  n.pods.push(p);
  if (p.priority < n.minPriority) n.minPriority = p.priority;
}

/** Swap-remove, as the scheduler's cache does. */
function removePod(n: NodeInfo, p: PodInfo): void {
  const i = n.pods.indexOf(p);
  n.pods[i] = n.pods[n.pods.length - 1];
  n.pods.pop();
  if (p.priority === n.minPriority) resetMinPriority(n);
}

/** After the node's pods were replaced wholesale (a preemption dry run restoring its order). */
export function resetMinPriority(n: NodeInfo): void {
  let min = Infinity;
  for (const q of n.pods) if (q.priority < min) min = q.priority;
  n.minPriority = min;
}

/** Pods on each node matching a predicate (a spread selector, an affinity term), kept current. */
export class PodCounter {
  readonly perNode = new Map<number, number>();
  constructor(readonly test: (p: PodInfo) => boolean) {}
  add(node: number, delta: number): void {
    const v = (this.perNode.get(node) ?? 0) + delta;
    if (v === 0) this.perNode.delete(node);
    else this.perNode.set(node, v);
  }
}

/** Existing pods' affinity terms grouped by equal term: where pods carrying them run. */
export interface TermGroup {
  kind: 'requiredAffinity' | 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';
  term: PodTerm;
  perNode: Map<number, number>;
}

const TERM_KINDS: TermGroup['kind'][] = ['requiredAffinity', 'requiredAntiAffinity', 'preferredAffinity', 'preferredAntiAffinity'];

class HintIndex<T> {
  private readonly byHint = new Map<string, T[]>();
  readonly unhinted: T[] = [];
  add(hint: string | null, item: T): void {
    if (hint === null) this.unhinted.push(item);
    else {
      const list = this.byHint.get(hint);
      if (list) list.push(item);
      else this.byHint.set(hint, [item]);
    }
  }
  /** Items whose hint is one of the labels, then the unhinted ones. */
  forLabels(hints: string[], visit: (item: T) => void): void {
    for (const hint of hints) {
      const list = this.byHint.get(hint);
      if (list) for (const item of list) visit(item);
    }
    for (const item of this.unhinted) visit(item);
  }
  get size(): number {
    return this.byHint.size + this.unhinted.length;
  }
}

export class Cluster {
  readonly nodes: NodeInfo[];
  readonly byName = new Map<string, NodeInfo>();
  readonly podNode = new Map<PodInfo, NodeInfo>();
  private readonly counters = new Map<string, PodCounter>();
  private readonly counterIndex = new HintIndex<PodCounter>();
  private readonly groups = new Map<string, TermGroup>();
  private readonly groupIndex = new HintIndex<TermGroup>();
  /** Pods per claim ("ns/name") among bound pods, for ReadWriteOncePod. */
  readonly claimUsers = new Map<string, number>();
  /** Bound pods by `key=value` label, so a new counter scans only the pods its hint allows. */
  private readonly podsByLabel = new Map<string, Set<PodInfo>>();
  /** Whether any node has a PreferNoSchedule taint (else TaintToleration scores every node 100). */
  readonly anyPreferNoSchedule: boolean;
  /** image name -> number of nodes reporting it (ImageStateSummary.NumNodes). */
  readonly imageNodes = new Map<string, number>();
  anyImages = false;
  private scoringTerms = 0;

  constructor(nodes: ApiObject[]) {
    this.nodes = nodes.map(readNode);
    for (const n of this.nodes) {
      this.byName.set(n.name, n);
      for (const name of n.images.keys()) this.imageNodes.set(name, (this.imageNodes.get(name) ?? 0) + 1);
      if (n.images.size) this.anyImages = true;
    }
    this.anyPreferNoSchedule = this.nodes.some((n) => n.hasPreferNoSchedule);
  }

  bind(p: PodInfo, n: NodeInfo): void {
    this.podNode.set(p, n);
    addPod(n, p);
    for (const hint of p.labelHints) {
      let set = this.podsByLabel.get(hint);
      if (!set) this.podsByLabel.set(hint, (set = new Set()));
      set.add(p);
    }
    this.account(p, n, 1);
  }

  unbind(p: PodInfo): void {
    const n = this.podNode.get(p);
    if (!n) return;
    this.podNode.delete(p);
    removePod(n, p);
    for (const hint of p.labelHints) this.podsByLabel.get(hint)?.delete(p);
    this.account(p, n, -1);
  }

  /**
   * Moves a pod on or off a node for a preemption dry run whose filters read only the node's own
   * resources, ports and disks: counters and claim users stay as they were (the caller puts it back).
   */
  placeLightly(p: PodInfo, n: NodeInfo, sign: 1 | -1): void {
    if (sign > 0) addPod(n, p);
    else removePod(n, p);
    this.accountNode(p, n, sign);
  }

  private account(p: PodInfo, n: NodeInfo, sign: 1 | -1): void {
    this.accountNode(p, n, sign);
    this.accountCluster(p, n, sign);
  }

  private accountNode(p: PodInfo, n: NodeInfo, sign: 1 | -1): void {
    const r = p.requests;
    n.reqCpu += sign * r.cpu;
    n.reqMemory += sign * r.memory;
    n.reqEphemeral += sign * r.ephemeral;
    if (r.scalar) for (const [k, v] of r.scalar) n.reqScalar.set(k, (n.reqScalar.get(k) ?? 0) + sign * v);
    n.nonZeroCpu += sign * p.nonZeroCpu;
    n.nonZeroMemory += sign * p.nonZeroMemory;
    for (const hp of p.hostPorts) {
      const k = `${hp.protocol}/${hp.port}`;
      const ips = n.ports.get(k) ?? [];
      if (sign > 0) ips.push(hp.ip);
      else ips.splice(ips.indexOf(hp.ip), 1);
      if (ips.length) n.ports.set(k, ips);
      else n.ports.delete(k);
    }
    for (const d of p.inlineDisks) n.disks.set(d, (n.disks.get(d) ?? 0) + sign);
  }

  private accountCluster(p: PodInfo, n: NodeInfo, sign: 1 | -1): void {
    for (const c of p.claims) {
      const k = `${p.namespace}/${c.name}`;
      this.claimUsers.set(k, (this.claimUsers.get(k) ?? 0) + sign);
    }
    this.counterIndex.forLabels(p.labelHints, (c) => {
      if (c.test(p)) c.add(n.index, sign);
    });
    for (const kind of TERM_KINDS) {
      if (kind !== 'requiredAntiAffinity') this.scoringTerms += sign * p[kind].length;
      for (const term of p[kind]) {
        const key = `${kind}|${term.key}`;
        let g = this.groups.get(key);
        if (!g) {
          g = { kind, term, perNode: new Map() };
          this.groups.set(key, g);
          this.groupIndex.add(term.selector.hint, g);
        }
        const v = (g.perNode.get(n.index) ?? 0) + sign;
        if (v === 0) g.perNode.delete(n.index);
        else g.perNode.set(n.index, v);
      }
    }
  }

  /**
   * A counter of bound pods passing `test`, created on first use by one scan of all bound pods.
   * `hint` is a label every counted pod carries, or null.
   */
  counter(key: string, hint: string | null, test: (p: PodInfo) => boolean): PodCounter {
    let c = this.counters.get(key);
    if (c) return c;
    c = new PodCounter(test);
    this.counters.set(key, c);
    this.counterIndex.add(hint, c);
    const candidates = hint === null ? this.podNode.keys() : (this.podsByLabel.get(hint) ?? []);
    for (const p of candidates) if (test(p)) c.add((this.podNode.get(p) as NodeInfo).index, 1);
    return c;
  }

  /** Whether any bound pod carries a term that can score others (required or preferred affinity, preferred anti-affinity). */
  hasScoringTerms(): boolean {
    return this.scoringTerms > 0;
  }

  /** Term groups of existing pods whose term selects the pod (namespace and selector). */
  groupsSelecting(p: PodInfo, visit: (g: TermGroup) => void): void {
    if (this.groupIndex.size === 0) return;
    this.groupIndex.forLabels(p.labelHints, (g) => {
      if (g.perNode.size > 0 && termMatches(g.term, p)) visit(g);
    });
  }
}
