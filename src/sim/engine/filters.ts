import type { KubernetesVersion } from '../types.js';
import type { Cluster, NodeInfo, PodCounter } from './cluster.js';
import { filtersScheduling, firstUntoleratedTaint, nodeTermsMatch, toleratedBy, type Taint } from './match.js';
import { termMatches, type PodInfo, type PodTerm, type SpreadConstraint } from './pod.js';
import type { VolumeState, Volumes } from './volumes.js';
import {
  REASON,
  UNRESOLVABLE,
  UNSCHEDULABLE,
  exceedsAllocatableUnresolvable,
  taintReason,
  volumeNodeConflictReason,
  type Status,
} from './wording.js';

/**
 * PreFilter and Filter of the default profile, in its order (docs/scheduling.md 1.1-1.3):
 * NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit,
 * VolumeRestrictions, (NodeVolumeLimits: needs CSINode objects, not modelled), VolumeBinding,
 * VolumeZone, PodTopologySpread, InterPodAffinity. The first failing plugin ends a node.
 */

export interface SpreadState {
  constraints: SpreadConstraint[];
  counts: Array<Map<string, number>>;
  minMatch: number[];
  domains: number[];
  selfMatch: number[];
}

/** topologyKey -> topology value -> pods (the scheduler's topologyToMatchedTermCount, keyed by pair). */
export type PairCounts = Map<string, Map<string, number>>;

export interface InterPodState {
  /** Topology pairs where an existing pod's required anti-affinity selects this pod (an array: Filter reads it per node). */
  existingAnti: Array<{ key: string; values: Set<string> }> | null;
  /** Pods matching all required affinity terms, per pair of each term's key. */
  affinityCounts: PairCounts;
  antiCounts: PairCounts;
  selfMatchesAll: boolean;
}

export interface Cycle {
  pod: PodInfo;
  /**
   * By node index, the verdict of the filters that read only the pod's spec and the node (NodeUnschedulable,
   * NodeName, TaintToleration, NodeAffinity): undefined until computed, null when they pass. Shared by every pod of
   * one spec (replicas), since nodes never change during a run.
   */
  staticStatus: Array<Status | null | undefined>;
  nodeNames: Set<string> | null;
  volume: VolumeState | null;
  spread: SpreadState | null;
  inter: InterPodState | null;
}

export type PreFilterResult = { cycle: Cycle } | { rejected: string };

/**
 * What one Filter loop found, in arrays sized to the cluster and reused by every cycle (a search allocates
 * nothing): the feasible nodes in search order, and the failed nodes' statuses by node index.
 */
export class SearchBuffers {
  readonly feasible: NodeInfo[];
  feasibleCount = 0;
  /** By node index; only the failed nodes' entries are set. */
  readonly statuses: Array<Status | undefined>;
  /** Indexes of the failed nodes, in search order. */
  readonly failed: Int32Array;
  failedCount = 0;
  constructor(size: number) {
    this.feasible = new Array<NodeInfo>(size);
    this.statuses = new Array<Status | undefined>(size).fill(undefined);
    this.failed = new Int32Array(size);
  }
  clear(): void {
    for (let i = 0; i < this.failedCount; i++) this.statuses[this.failed[i]] = undefined;
    this.failedCount = 0;
    this.feasibleCount = 0;
  }
  /** The failed nodes' statuses, in search order. */
  failures(): Status[] {
    const out: Status[] = [];
    for (let i = 0; i < this.failedCount; i++) out.push(this.statuses[this.failed[i]] as Status);
    return out;
  }
}

const MAX_INT32 = 2147483647;
const fixed = (code: Status['code'], reason: string): Status => ({ code, reasons: [reason] });

/** Per-node facts that depend on a pod's node affinity and tolerations only, shared by pods of one shape. */
interface Eligibility {
  /** Node passes the spread constraints' inclusion policies and carries every constraint key, per constraint. */
  perConstraint: Uint8Array[];
  domainValues: Array<Set<string>>;
}

export class Filters {
  private readonly st: Record<string, Status>;
  private readonly taintStatus = new Map<Taint, Status>();
  private readonly eligibility = new Map<string, Eligibility>();
  /** Static filter verdicts per spec, keyed by the spec's tolerations array (one per compiled spec, see compilePod). */
  private readonly staticBySpec = new WeakMap<object, Array<Status | null | undefined>>();
  /** Spread eligibility per spec (same key) and constraint signature, so replicas skip building the text key. */
  private readonly eligibilityBySpec = new WeakMap<object, Map<string, Eligibility>>();
  /** NodeResourcesFit statuses for the fixed reasons, by bit set (pods, cpu, memory, ephemeral-storage) and code. */
  private readonly fitStatus = new Map<number, Status>();
  /** Counters already looked up, by selector object and namespace, and by term object. */
  private readonly spreadCounters = new WeakMap<object, Map<string, PodCounter>>();
  private readonly termCounters = new WeakMap<PodTerm, PodCounter>();

  constructor(
    readonly version: KubernetesVersion,
    readonly cluster: Cluster,
    readonly volumes: Volumes,
  ) {
    this.st = {
      unschedulable: fixed(UNRESOLVABLE, REASON.nodeUnschedulable),
      nodeName: fixed(UNRESOLVABLE, REASON.nodeName),
      nodeAffinity: fixed(UNRESOLVABLE, REASON.nodeAffinity),
      ports: fixed(UNSCHEDULABLE, REASON.nodePorts),
      disk: fixed(UNSCHEDULABLE, REASON.diskConflict),
      rwop: fixed(UNSCHEDULABLE, REASON.rwopConflict),
      zone: fixed(UNRESOLVABLE, REASON.volumeZone),
      missingLabel: fixed(UNRESOLVABLE, REASON.spreadMissingLabel),
      spread: fixed(UNSCHEDULABLE, REASON.spread),
      affinity: fixed(UNRESOLVABLE, REASON.affinity),
      antiAffinity: fixed(UNSCHEDULABLE, REASON.antiAffinity),
      existingAnti: fixed(UNSCHEDULABLE, REASON.existingAntiAffinity),
    };
  }

  preFilter(p: PodInfo, options: { ignoreAffinity?: boolean } = {}): PreFilterResult {
    let nodeNames: Set<string> | null = null;
    if (p.requiredNodeTerms && p.requiredNodeTerms.length) {
      const named = affinityNodeNames(p);
      if (named && named.size === 0) return { rejected: REASON.affinityConflict };
      nodeNames = named;
    }
    const volumes = this.volumes.preFilter(p, this.cluster.claimUsers);
    if ('rejected' in volumes) return { rejected: volumes.rejected };
    let staticStatus = this.staticBySpec.get(p.tolerations);
    if (!staticStatus) this.staticBySpec.set(p.tolerations, (staticStatus = new Array(this.cluster.nodes.length)));
    const cycle: Cycle = { pod: p, staticStatus, nodeNames, volume: volumes.state, spread: null, inter: null };
    cycle.spread = this.spreadPreFilter(p);
    cycle.inter = options.ignoreAffinity ? null : this.interPodPreFilter(p);
    return { cycle };
  }

  /**
   * Whether the pod-dependent PreFilter state of the cycle counts `q`: its claims (ReadWriteOncePod users), the spread
   * counters, the affinity counters, or an anti-affinity term of its own that selects the cycle's pod. When it does
   * not, binding or unbinding `q` leaves what `refresh` would compute unchanged.
   */
  stateCounts(c: Cycle, q: PodInfo): boolean {
    const p = c.pod;
    if (c.volume && q.claims.length) return true;
    if (c.spread) for (const sc of c.spread.constraints) if (this.spreadCounter(p, sc).test(q)) return true;
    if (c.inter) {
      for (const t of q.requiredAntiAffinity) if (termMatches(t, p)) return true;
      if (p.requiredAffinity.length && p.requiredAffinity.every((t) => termMatches(t, q))) return true;
      for (const t of p.requiredAntiAffinity) if (termMatches(t, q)) return true;
    }
    return false;
  }

  /** Recomputes the state that depends on other pods (after preemption removed some). */
  refresh(cycle: Cycle): void {
    const volumes = this.volumes.preFilter(cycle.pod, this.cluster.claimUsers);
    if ('state' in volumes) cycle.volume = volumes.state;
    cycle.spread = this.spreadPreFilter(cycle.pod);
    cycle.inter = this.interPodPreFilter(cycle.pod);
  }

  /**
   * The Filter loop: nodes of `list` from `start` on (wrapping), until `toFind` feasible ones are
   * found, into `into` (cleared first). Returns how many nodes were checked.
   */
  search(c: Cycle, list: NodeInfo[], start: number, toFind: number, into: SearchBuffers): number {
    into.clear();
    const { feasible, statuses, failed } = into;
    const total = list.length;
    let i = 0;
    let found = 0;
    let failures = 0;
    let index = total ? start % total : 0;
    while (i < total) {
      const n = list[index];
      i++;
      index = index + 1 === total ? 0 : index + 1;
      const s = this.filter(c, n);
      if (s) {
        statuses[n.index] = s;
        failed[failures++] = n.index;
      } else {
        feasible[found++] = n;
        if (found >= toFind) break;
      }
    }
    into.feasibleCount = found;
    into.failedCount = failures;
    return i;
  }

  filter(c: Cycle, n: NodeInfo): Status | null {
    const p = c.pod;
    let fixedStatus = c.staticStatus[n.index];
    if (fixedStatus === undefined) c.staticStatus[n.index] = fixedStatus = this.staticFilter(p, n);
    if (fixedStatus) return fixedStatus;
    if (p.hostPorts.length && portsConflict(p, n)) return this.st.ports;
    const fit = this.resourcesFit(p, n);
    if (fit) return fit;
    if (p.inlineDisks.length && p.inlineDisks.some((d) => (n.disks.get(d) ?? 0) > 0)) return this.st.disk;
    if (c.volume) {
      if (c.volume.rwopConflict) return this.st.rwop;
      const reasons = this.volumes.bindingReasons(c.volume, n, volumeNodeConflictReason(this.version));
      if (reasons) return { code: UNRESOLVABLE, reasons };
      if (this.volumes.zoneConflict(c.volume, n)) return this.st.zone;
    }
    if (c.spread) {
      const s = this.spreadFilter(c.spread, n);
      if (s) return s;
    }
    if (c.inter) return this.interPodFilter(c, n);
    return null;
  }

  /** NodeUnschedulable, NodeName, TaintToleration and NodeAffinity: what the spec and the node alone decide. */
  private staticFilter(p: PodInfo, n: NodeInfo): Status | null {
    if (n.unschedulable && !tolerateUnschedulable(p)) return this.st.unschedulable;
    if (p.nodeName && p.nodeName !== n.name) return this.st.nodeName;
    if (n.taints.length) {
      const taint = firstUntoleratedTaint(n.taints, p.tolerations, filtersScheduling);
      if (taint) return this.taint(taint);
    }
    if (!nodeAffinityMatches(p, n)) return this.st.nodeAffinity;
    return null;
  }

  private taint(taint: Taint): Status {
    let s = this.taintStatus.get(taint);
    if (!s) {
      s = fixed(UNRESOLVABLE, taintReason(this.version, taint));
      this.taintStatus.set(taint, s);
    }
    return s;
  }

  /** NodeResourcesFit fitsRequest: pods, cpu, memory, ephemeral-storage, then scalar resources. */
  private resourcesFit(p: PodInfo, n: NodeInfo): Status | null {
    const r = p.requests;
    // Bits 1 pods, 2 cpu, 4 memory, 8 ephemeral-storage; the fixed-reason statuses are shared (no allocation per node).
    let short = 0;
    let unresolvable = false;
    if (n.pods.length + 1 > n.allocPods) short = 1;
    if (r.cpu === 0 && r.memory === 0 && r.ephemeral === 0 && r.scalar === null) return short ? this.fitStatusFor(short, false) : null;
    if (r.cpu > 0 && r.cpu > n.allocCpu - n.reqCpu) {
      short |= 2;
      if (r.cpu > n.allocCpu) unresolvable = true;
    }
    if (r.memory > 0 && r.memory > n.allocMemory - n.reqMemory) {
      short |= 4;
      if (r.memory > n.allocMemory) unresolvable = true;
    }
    if (r.ephemeral > 0 && r.ephemeral > n.allocEphemeral - n.reqEphemeral) {
      short |= 8;
      if (r.ephemeral > n.allocEphemeral) unresolvable = true;
    }
    if (r.scalar === null) return short ? this.fitStatusFor(short, unresolvable) : null;
    let reasons: string[] | null = short ? [...this.fitStatusFor(short, false).reasons] : null;
    const strict = exceedsAllocatableUnresolvable(this.version);
    for (const [name, amount] of r.scalar) {
      const alloc = n.allocScalar.get(name) ?? 0;
      if (amount > alloc - (n.reqScalar.get(name) ?? 0)) {
        (reasons ??= []).push(`Insufficient ${name}`);
        if (amount > alloc) unresolvable = true;
      }
    }
    if (!reasons) return null;
    return { code: strict && unresolvable ? UNRESOLVABLE : UNSCHEDULABLE, reasons };
  }

  private fitStatusFor(short: number, unresolvable: boolean): Status {
    const code = unresolvable && exceedsAllocatableUnresolvable(this.version) ? UNRESOLVABLE : UNSCHEDULABLE;
    const key = short * 4 + code;
    let s = this.fitStatus.get(key);
    if (!s) {
      const reasons: string[] = [];
      if (short & 1) reasons.push('Too many pods');
      if (short & 2) reasons.push('Insufficient cpu');
      if (short & 4) reasons.push('Insufficient memory');
      if (short & 8) reasons.push('Insufficient ephemeral-storage');
      this.fitStatus.set(key, (s = { code, reasons }));
    }
    return s;
  }

  /** PodTopologySpread PreFilter (DoNotSchedule constraints): matching pods per domain over eligible nodes. */
  private spreadPreFilter(p: PodInfo): SpreadState | null {
    const constraints = p.spread.filter((c) => c.hard);
    if (constraints.length === 0) return null;
    const elig = this.spreadEligibility(p, constraints);
    const counts: Array<Map<string, number>> = [];
    const minMatch: number[] = [];
    const domains: number[] = [];
    const selfMatch: number[] = [];
    constraints.forEach((c, i) => {
      const m = new Map<string, number>();
      for (const v of elig.domainValues[i]) m.set(v, 0);
      const counter = this.spreadCounter(p, c);
      const ok = elig.perConstraint[i];
      const nodes = this.cluster.nodes;
      counter.perNode.forEach((cnt, node) => {
        if (!ok[node]) return;
        const v = nodes[node].labels[c.topologyKey];
        m.set(v, (m.get(v) ?? 0) + cnt);
      });
      let min = MAX_INT32;
      for (const v of m.values()) if (v < min) min = v;
      counts.push(m);
      minMatch.push(min);
      domains.push(m.size);
      selfMatch.push(c.selector.matches(p.labels) ? 1 : 0);
    });
    return { constraints, counts, minMatch, domains, selfMatch };
  }

  spreadCounter(p: PodInfo, c: SpreadConstraint): PodCounter {
    const ns = p.namespace;
    const sel = c.selector;
    // Replicas share their selector objects (compilePod): skip building the counter's text key for them.
    let byNamespace = this.spreadCounters.get(sel);
    if (!byNamespace) this.spreadCounters.set(sel, (byNamespace = new Map()));
    let counter = byNamespace.get(ns);
    if (counter) return counter;
    // countPodsMatchSelector counts nothing for an empty selector.
    counter = this.cluster.counter(
      `spread|${ns}|${sel.key}|${sel.everything}|${sel.nothing}`,
      sel.hint,
      (q) => q.namespace === ns && !sel.everything && sel.matches(q.labels),
    );
    byNamespace.set(ns, counter);
    return counter;
  }

  /** Nodes counted for each constraint: every constraint key present, and the inclusion policies passed. */
  spreadEligibility(p: PodInfo, constraints: SpreadConstraint[]): Eligibility {
    // The text key below is costly; replicas share their spec's tolerations array, so look it up by that first.
    const signature = constraints.map((c) => `${c.topologyKey}:${c.honorNodeAffinity}:${c.honorTaints}`).join(',');
    let bySpec = this.eligibilityBySpec.get(p.tolerations);
    if (!bySpec) this.eligibilityBySpec.set(p.tolerations, (bySpec = new Map()));
    let known = bySpec.get(signature);
    if (!known) bySpec.set(signature, (known = this.eligibilityByText(p, constraints)));
    return known;
  }

  private eligibilityByText(p: PodInfo, constraints: SpreadConstraint[]): Eligibility {
    const honorsTaints = constraints.some((c) => c.honorTaints);
    const key = `${JSON.stringify(p.nodeSelector)}|${JSON.stringify(p.requiredNodeTerms)}|${honorsTaints ? JSON.stringify(p.tolerations) : ''}|${constraints
      .map((c) => `${c.topologyKey}:${c.honorNodeAffinity}:${c.honorTaints}`)
      .join(',')}`;
    let e = this.eligibility.get(key);
    if (e) return e;
    const nodes = this.cluster.nodes;
    const perConstraint = constraints.map(() => new Uint8Array(nodes.length));
    const domainValues = constraints.map(() => new Set<string>());
    for (const n of nodes) {
      if (!constraints.every((c) => c.topologyKey in n.labels)) continue;
      const affinityOk = nodeAffinityMatches(p, n);
      const taintsOk = !honorsTaints || !firstUntoleratedTaint(n.taints, p.tolerations, filtersScheduling);
      constraints.forEach((c, i) => {
        if (c.honorNodeAffinity && !affinityOk) return;
        if (c.honorTaints && !taintsOk) return;
        perConstraint[i][n.index] = 1;
        domainValues[i].add(n.labels[c.topologyKey]);
      });
    }
    e = { perConstraint, domainValues };
    this.eligibility.set(key, e);
    return e;
  }

  private spreadFilter(s: SpreadState, n: NodeInfo): Status | null {
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const v = n.labels[c.topologyKey];
      if (v === undefined) return this.st.missingLabel;
      const min = s.domains[i] < c.minDomains ? 0 : s.minMatch[i];
      const skew = (s.counts[i].get(v) ?? 0) + s.selfMatch[i] - min;
      if (skew > c.maxSkew) return this.st.spread;
    }
    return null;
  }

  private interPodPreFilter(p: PodInfo): InterPodState | null {
    const nodes = this.cluster.nodes;
    let anti: Map<string, Set<string>> | null = null;
    this.cluster.groupsSelecting(p, (g) => {
      if (g.kind !== 'requiredAntiAffinity') return;
      const key = g.term.topologyKey;
      for (const node of g.perNode.keys()) {
        const v = nodes[node].labels[key];
        if (v === undefined) continue;
        anti ??= new Map();
        let set = anti.get(key);
        if (!set) anti.set(key, (set = new Set()));
        set.add(v);
      }
    });
    const existingAnti = anti === null ? null : [...(anti as Map<string, Set<string>>)].map(([key, values]) => ({ key, values }));
    if (!existingAnti && p.requiredAffinity.length === 0 && p.requiredAntiAffinity.length === 0) return null;
    const affinityCounts: PairCounts = new Map();
    if (p.requiredAffinity.length) {
      const terms = p.requiredAffinity;
      const counter = this.cluster.counter(`affinity-all|${terms.map((t) => t.key).join('&')}`, terms[0].selector.hint, (q) =>
        terms.every((t) => termMatches(t, q)),
      );
      addPairs(counter, terms, nodes, affinityCounts);
    }
    const antiCounts: PairCounts = new Map();
    for (const t of p.requiredAntiAffinity) addPairs(this.termCounter(t), [t], nodes, antiCounts);
    return { existingAnti, affinityCounts, antiCounts, selfMatchesAll: p.requiredAffinity.every((t) => termMatches(t, p)) };
  }

  termCounter(t: PodTerm): PodCounter {
    let counter = this.termCounters.get(t);
    if (!counter) {
      counter = this.cluster.counter(`term|${t.key}`, t.selector.hint, (q) => termMatches(t, q));
      this.termCounters.set(t, counter);
    }
    return counter;
  }

  private interPodFilter(c: Cycle, n: NodeInfo): Status | null {
    const s = c.inter as InterPodState;
    const p = c.pod;
    if (p.requiredAffinity.length) {
      let podsExist = true;
      for (const t of p.requiredAffinity) {
        const v = n.labels[t.topologyKey];
        if (v === undefined) return this.st.affinity;
        if ((s.affinityCounts.get(t.topologyKey)?.get(v) ?? 0) <= 0) podsExist = false;
      }
      if (!podsExist && !(s.affinityCounts.size === 0 && s.selfMatchesAll)) return this.st.affinity;
    }
    if (s.antiCounts.size) {
      for (const t of p.requiredAntiAffinity) {
        const v = n.labels[t.topologyKey];
        if (v !== undefined && (s.antiCounts.get(t.topologyKey)?.get(v) ?? 0) > 0) return this.st.antiAffinity;
      }
    }
    if (s.existingAnti) {
      for (const { key, values } of s.existingAnti) {
        const v = n.labels[key];
        if (v !== undefined && values.has(v)) return this.st.existingAnti;
      }
    }
    return null;
  }
}

function addPairs(counter: PodCounter, terms: PodTerm[], nodes: NodeInfo[], into: PairCounts): void {
  counter.perNode.forEach((cnt, node) => {
    const labels = nodes[node].labels;
    for (const t of terms) {
      const v = labels[t.topologyKey];
      if (v === undefined) continue;
      let m = into.get(t.topologyKey);
      if (!m) into.set(t.topologyKey, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + cnt);
    }
  });
}

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };

function tolerateUnschedulable(p: PodInfo): boolean {
  return toleratedBy(p.tolerations, UNSCHEDULABLE_TAINT);
}

export function nodeAffinityMatches(p: PodInfo, n: NodeInfo): boolean {
  if (p.nodeSelector) {
    for (const k in p.nodeSelector) if (n.labels[k] !== p.nodeSelector[k]) return false;
  }
  if (p.requiredNodeTerms) return nodeTermsMatch(p.requiredNodeTerms, n.name, n.labels);
  return true;
}

/** NodeAffinity PreFilter: the union over terms of their `metadata.name In` sets, when every term has one. */
function affinityNodeNames(p: PodInfo): Set<string> | null {
  const names = new Set<string>();
  for (const t of p.requiredNodeTerms ?? []) {
    const sets = t.fields.filter((r) => r.key === 'metadata.name' && r.op === 'In').map((r) => new Set(r.values));
    if (sets.length === 0) return null;
    for (const name of sets[0]) if (sets.every((s) => s.has(name))) names.add(name);
  }
  return names;
}

function portsConflict(p: PodInfo, n: NodeInfo): boolean {
  for (const hp of p.hostPorts) {
    const ips = n.ports.get(`${hp.protocol}/${hp.port}`);
    if (!ips) continue;
    if (hp.ip === '0.0.0.0' || ips.includes('0.0.0.0') || ips.includes(hp.ip)) return true;
  }
  return false;
}
