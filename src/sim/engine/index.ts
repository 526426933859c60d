import { isRecord } from '../../util/raw.js';
import {
  DEFAULT_KUBERNETES_VERSION,
  type ApiObject,
  type KubernetesVersion,
  type NodeState,
  type Placement,
  type PodOrigin,
  type SimulationInput,
  type SimulationResult,
  type VerdictCertainty,
} from '../types.js';
import { admitPod, admitRunningPod, daemonPods, readPriorityClasses } from './admission.js';
import { Cluster, POOL_LABELS, ZONE_LABELS, type NodeInfo } from './cluster.js';
import { Filters, SearchBuffers, type Cycle } from './filters.js';
import { compilePod, podShape, requestAmounts, type PodInfo } from './pod.js';
import { bestCandidates, preempt } from './preemption.js';
import { scoreNodes } from './score.js';
import { Volumes } from './volumes.js';
import { REASON, UNRESOLVABLE, draPostFilter, fitErrorMessage, truncateEvent, type Status } from './wording.js';

/**
 * `simulate`: place pods as kube-scheduler's default profile would, one scheduling cycle per pod
 * in queue order. Queue order: DaemonSet pods first, then all other pods; within each, higher
 * priority first, then input order (DaemonSet pods: template order, then node order). A pod left
 * Pending is not retried. Nodes are searched as the scheduler does (zone round-robin order, from
 * where the last search stopped, until enough feasible nodes are found, see feasibleNodesToFind),
 * one at a time instead of in parallel. Ties between equally scored nodes go to the first by name
 * (the real scheduler picks at random); `tiedNodes` lists them all.
 */

export interface SimulationHooks {
  /** Test hook: choose among tied nodes (placement) or tied preemption candidates; undefined keeps the engine's pick. */
  pick?: (pod: string, tied: string[], kind: 'placement' | 'preemption') => string | undefined;
  /**
   * Running pods compiled by earlier runs, by pod object: what-ifs hand the same bound pods to many runs. Used only
   * by runs with the same kubernetesVersion and the same priorityClasses array as the run that filled it.
   */
  runningPods?: RunningPodCache;
}

export interface RunningPodCache {
  key?: { version: KubernetesVersion; priorityClasses: ApiObject[] | undefined };
  compiled: WeakMap<ApiObject, PodInfo>;
}

export function runningPodCache(): RunningPodCache {
  return { compiled: new WeakMap() };
}

interface QueueEntry {
  index: number;
  defaultSpreadSelector?: Record<string, unknown>;
  daemon: boolean;
  origin?: PodOrigin;
  original: ApiObject;
  admitted: ApiObject | null;
  compiled?: PodInfo;
  error: string | null;
  priority: number;
}

interface Attempt {
  node: NodeInfo | null;
  tied: string[];
  message: string;
  cycle: Cycle | null;
}

export function simulate(input: SimulationInput, hooks: SimulationHooks = {}): SimulationResult {
  const version: KubernetesVersion = input.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const classes = readPriorityClasses(input.priorityClasses ?? []);
  const cluster = new Cluster(input.nodes);
  const volumes = new Volumes(input.persistentVolumes ?? [], input.persistentVolumeClaims ?? [], input.storageClasses ?? []);
  const filters = new Filters(version, cluster, volumes);
  const specFacts = new WeakMap();

  const running: PodInfo[] = [];
  const cache = hooks.runningPods;
  if (cache && !cache.key) cache.key = { version, priorityClasses: input.priorityClasses };
  const compiled = cache?.key?.version === version && cache.key.priorityClasses === input.priorityClasses ? cache.compiled : undefined;
  for (const raw of input.runningPods ?? []) {
    const phase = isRecord(raw.status) ? raw.status.phase : undefined;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    let p = compiled?.get(raw);
    if (!p) {
      p = compilePod(admitRunningPod(raw, classes), version);
      compiled?.set(raw, p);
    }
    const n = cluster.byName.get(p.nodeName);
    if (!n) continue;
    cluster.bind(p, n);
    running.push(p);
  }

  const queue = buildQueue(input, classes, input.nodes);
  const treeOrder = nodeTreeOrder(cluster.nodes);
  // What the current attempt's search found and the feasible nodes' scores (reused: nothing of them outlives the cycle).
  const search = new SearchBuffers(cluster.nodes.length);
  const scoreBuffer = new Float64Array(cluster.nodes.length);
  let nextStartNodeIndex = 0;
  // Position of each node (by index) in name order, to sort tied nodes without comparing strings.
  const nameRank = new Int32Array(cluster.nodes.length);
  [...cluster.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).forEach((n, i) => (nameRank[n.index] = i));
  const treePosition = new Map(treeOrder.map((n, i) => [n, i]));
  /** The nodes a NodeAffinity PreFilter result names, in node list order. */
  const pinnedNodes = (names: Set<string>) =>
    [...names]
      .map((name) => cluster.byName.get(name))
      .filter((n): n is NodeInfo => n !== undefined)
      .sort((a, b) => (treePosition.get(a) as number) - (treePosition.get(b) as number));
  const placements: Placement[] = [];
  const placementOf = new Map<string, Placement>();
  const evicted: Record<string, string> = {};
  const emptyCluster = new EmptyClusterCheck(version, input);
  const severalZones = new Set(cluster.nodes.map((n) => ZONE_LABELS.map((k) => n.labels[k]).find((v) => v !== undefined))).size > 1;
  // Whether kube-scheduler made a random choice in the current cycle, and in any cycle so far.
  let randomInCycle = false;
  let randomSoFar = false;

  for (const entry of queue) {
    randomInCycle = false;
    const placement = attemptEntry(entry);
    placement.certainty = certaintyOf(placement, entry);
    for (const victim of placement.preemption?.victims ?? []) {
      const victimPlacement = placementOf.get(victim);
      if (victimPlacement && placement.certainty !== 'exact') victimPlacement.certainty = placement.certainty;
    }
    if (randomInCycle) randomSoFar = true;
    placements.push(placement);
    placementOf.set(`${placement.namespace}/${placement.name}`, placement);
  }

  function certaintyOf(placement: Placement, entry: QueueEntry): VerdictCertainty {
    if (placement.skipped) return 'exact';
    if (placement.pending?.certain) return 'exact';
    if (severalZones && entry.compiled && volumes.zoneUnknownFor(entry.compiled)) return 'unknown-state';
    if (placement.pending) return 'order';
    if (randomInCycle) return 'tie-break';
    return randomSoFar ? 'order' : 'exact';
  }

  function attemptEntry(entry: QueueEntry): Placement {
    const meta = isRecord(entry.original.metadata) ? entry.original.metadata : {};
    const namespace = String(meta.namespace ?? 'default');
    const name = String(meta.name ?? '');
    // One literal per outcome (no object spread, which is slow and leaves garbage); certaintyOf sets `certainty`.
    const placement = (
      pod: ApiObject,
      requests: Placement['requests'],
      priority: number,
      node: string | null,
      tiedNodes: string[],
      pending: Placement['pending'],
    ): Placement => ({
      namespace,
      name,
      origin: entry.origin,
      tiedNodes,
      pending,
      certainty: 'exact',
      pod,
      requests,
      priority,
      node,
    });
    if (!entry.admitted) {
      const rejected = placement(entry.original, {}, 0, null, [], null);
      rejected.skipped = { reason: 'rejected', message: entry.error ?? '' };
      return rejected;
    }
    const p = compilePod(entry.admitted, version, entry.defaultSpreadSelector, specFacts);
    entry.compiled = p;
    volumes.addEphemeralClaims(entry.admitted);
    const requests = requestAmounts(p);
    const spec = isRecord(entry.admitted.spec) ? entry.admitted.spec : {};
    const gates = Array.isArray(spec.schedulingGates) ? spec.schedulingGates.filter(isRecord).map((g) => String(g.name ?? '')) : [];
    const scheduler = typeof spec.schedulerName === 'string' && spec.schedulerName ? spec.schedulerName : 'default-scheduler';
    if (gates.length || scheduler !== 'default-scheduler') {
      const skipped = placement(entry.admitted, requests, p.priority, null, [], null);
      skipped.skipped = gates.length
        ? { reason: 'gated', message: `scheduling gates: ${gates.join(', ')}` }
        : { reason: 'otherScheduler', message: `schedulerName "${scheduler}" is not "default-scheduler"` };
      return skipped;
    }
    if (p.nodeName) {
      const n = cluster.byName.get(p.nodeName);
      if (n) cluster.bind(p, n);
      const bound = placement(entry.admitted, requests, p.priority, n ? n.name : null, n ? [n.name] : [], null);
      bound.skipped = {
        reason: 'boundByName',
        message: n ? `spec.nodeName is ${n.name}` : `spec.nodeName names node "${p.nodeName}", which does not exist`,
      };
      return bound;
    }
    const first = attempt(p, true);
    if (first.node) {
      bind(p, first.node, first.cycle);
      return placement(entry.admitted, requests, p.priority, first.node.name, first.tied, null);
    }
    if (first.message === 'nominated') {
      // Preempted: the pod's next cycle tries its nominated node first.
      const nominated = first.tied[0];
      const preemption = (first as Attempt & { preemption: NonNullable<Placement['preemption']> }).preemption;
      const second = attemptNominated(p, cluster.byName.get(nominated) as NodeInfo);
      if (second.node) bind(p, second.node, second.cycle);
      const after = placement(
        entry.admitted,
        requests,
        p.priority,
        second.node ? second.node.name : null,
        second.node ? second.tied : [],
        second.node ? null : { message: truncateEvent(second.message), certain: emptyCluster.certain(p) },
      );
      after.preemption = preemption;
      return after;
    }
    const pending = { message: truncateEvent(first.message), certain: emptyCluster.certain(p) };
    return placement(entry.admitted, requests, p.priority, null, [], pending);
  }

  function bind(p: PodInfo, n: NodeInfo, cycle: Cycle | null): void {
    cluster.bind(p, n);
    volumes.bindFor(cycle?.volume ?? null, n);
  }

  function attemptNominated(p: PodInfo, n: NodeInfo): Attempt {
    const pre = filters.preFilter(p);
    if ('cycle' in pre && !filters.filter(pre.cycle, n)) return { node: n, tied: [n.name], message: '', cycle: pre.cycle };
    return attempt(p, false);
  }

  function attempt(p: PodInfo, mayPreempt: boolean): Attempt & { preemption?: Placement['preemption'] } {
    const all = cluster.nodes.length;
    if (all === 0) return { node: null, tied: [], message: 'no nodes available to schedule pods', cycle: null };
    const pre = filters.preFilter(p);
    if ('rejected' in pre) {
      let post: string;
      if (draPostFilter(version)) post = 'not found';
      else if (p.preemptNever) post = `preemption: ${REASON.preemptionNever}`;
      else post = `preemption: ${fitErrorMessage(all, null, [], 0, { code: UNRESOLVABLE, reasons: [REASON.notHelpful] }, '')}`;
      return { node: null, tied: [], message: fitErrorMessage(all, pre.rejected, [], 0, null, post), cycle: null };
    }
    const cycle = pre.cycle;
    const pinned = cycle.nodeNames;
    const list = pinned ? pinnedNodes(pinned) : treeOrder;
    const toFind = feasibleNodesToFind(list.length);
    const processed = filters.search(cycle, list, nextStartNodeIndex, toFind, search);
    const { feasible, statuses } = search;
    const count = search.feasibleCount;
    const explicit = search.failedCount;
    if (list.length) nextStartNodeIndex = (nextStartNodeIndex + processed) % list.length;
    // The scheduler's parallel search may stop at other nodes when it stops before checking them all.
    if (count && processed < list.length) randomInCycle = true;
    if (count) {
      if (count === 1) return { node: feasible[0], tied: [feasible[0].name], message: '', cycle };
      const scores = scoreBuffer;
      scoreNodes(version, cluster, filters, p, feasible, count, scores);
      let best = -Infinity;
      for (let i = 0; i < count; i++) if (scores[i] > best) best = scores[i];
      const tiedNodes: NodeInfo[] = [];
      for (let i = 0; i < count; i++) if (scores[i] === best) tiedNodes.push(feasible[i]);
      if (tiedNodes.length > 1) tiedNodes.sort((a, b) => nameRank[a.index] - nameRank[b.index]);
      const tied = tiedNodes.map((n) => n.name);
      if (tied.length > 1) randomInCycle = true;
      const chosen = hooks.pick?.(p.key, tied, 'placement');
      const name = chosen !== undefined && tied.includes(chosen) ? chosen : tied[0];
      return { node: cluster.byName.get(name) as NodeInfo, tied, message: '', cycle };
    }
    const absent: Status | null = cycle.nodeNames
      ? { code: UNRESOLVABLE, reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] }
      : null;
    const fullStatuses = statuses.map((s) => s ?? (absent as Status));
    const firstMessage = fitErrorMessage(all, null, search.failures(), explicit, absent, '');
    if (!mayPreempt) return { node: null, tied: [], message: withPostFilter(firstMessage, preemptionText(cycle, fullStatuses)), cycle };
    const outcome = preempt(cluster, filters, cycle, fullStatuses, treeOrder);
    if ('message' in outcome) {
      return { node: null, tied: [], message: withPostFilter(firstMessage, `preemption: ${outcome.message}`), cycle };
    }
    const best = bestCandidates(outcome.candidates);
    if (best.length > 1 || outcome.sampled) randomInCycle = true;
    const names = best.map((c) => c.node.name).sort();
    const chosen = hooks.pick?.(p.key, names, 'preemption');
    const pick = best.find((c) => c.node.name === chosen) ?? best.find((c) => c.node.name === names[0]) ?? best[0];
    for (const v of pick.victims) {
      cluster.unbind(v);
      evicted[v.key] = p.key;
      const victimPlacement = placementOf.get(v.key);
      if (victimPlacement) victimPlacement.preemptedBy = p.key;
    }
    return {
      node: null,
      tied: [pick.node.name],
      message: 'nominated',
      cycle,
      preemption: { victims: pick.victims.map((v) => v.key), nominatedNode: pick.node.name, firstAttempt: truncateEvent(firstMessage) },
    };
  }

  /** The preemption text without evicting: used for the retry after a nomination, which does not preempt again. */
  function preemptionText(cycle: Cycle, statuses: Status[]): string {
    const outcome = preempt(cluster, filters, cycle, statuses, treeOrder);
    return 'message' in outcome ? `preemption: ${outcome.message}` : '';
  }

  function withPostFilter(message: string, preemption: string): string {
    // FitError.Error() adds the PostFilter text after the histogram; 1.34's DynamicResources PostFilter speaks first.
    const post = draPostFilter(version) ? (preemption ? `no new claims to deallocate, ${preemption}` : '') : preemption;
    return post ? `${message} ${post}` : message;
  }

  return { kubernetesVersion: version, placements, evicted, nodes: nodeStates(cluster, running, placements, evicted) };
}

/**
 * The scheduler's node list (nodeTree.list): nodes grouped by region and zone in order of first
 * appearance, then taken round-robin across the zones.
 */
export function nodeTreeOrder(nodes: NodeInfo[]): NodeInfo[] {
  const zones = new Map<string, NodeInfo[]>();
  for (const n of nodes) {
    const region = n.labels['topology.kubernetes.io/region'] ?? n.labels['failure-domain.beta.kubernetes.io/region'] ?? '';
    const zone = n.labels['topology.kubernetes.io/zone'] ?? n.labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
    const key = region || zone ? `${region}:\0:${zone}` : '';
    const list = zones.get(key);
    if (list) list.push(n);
    else zones.set(key, [n]);
  }
  const out: NodeInfo[] = [];
  const lists = [...zones.values()];
  for (let i = 0; out.length < nodes.length; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

/**
 * numFeasibleNodesToFind with the default percentageOfNodesToScore (adaptive): every node below
 * 100 nodes, else (50 - nodes/125) % of them, at least 5 % and at least 100 nodes. The Filter loop
 * stops once that many feasible nodes are found, starting where the previous pod's search stopped.
 */
export function feasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < 100) return numAllNodes;
  const percentage = Math.max(5, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(100, Math.trunc((numAllNodes * percentage) / 100));
}

function buildQueue(input: SimulationInput, classes: ReturnType<typeof readPriorityClasses>, nodes: ApiObject[]): QueueEntry[] {
  const daemon: QueueEntry[] = [];
  const others: QueueEntry[] = [];
  let index = 0;
  const push = (
    list: QueueEntry[],
    original: ApiObject,
    origin: PodOrigin | undefined,
    isDaemon: boolean,
    defaultSpreadSelector?: Record<string, unknown>,
  ) => {
    const result = admitPod(original, classes);
    const admitted = 'pod' in result ? result.pod : null;
    const spec = admitted && isRecord(admitted.spec) ? admitted.spec : {};
    list.push({
      index: index++,
      defaultSpreadSelector,
      daemon: isDaemon,
      origin,
      original,
      admitted,
      error: 'error' in result ? result.error : null,
      priority: typeof spec.priority === 'number' ? spec.priority : 0,
    });
  };
  for (const item of input.pods) {
    if (item.perNode) for (const pod of daemonPods(item.pod, nodes)) push(daemon, pod, item.origin, true, item.defaultSpreadSelector);
    else push(others, item.pod, item.origin, false, item.defaultSpreadSelector);
  }
  const order = (a: QueueEntry, b: QueueEntry) => b.priority - a.priority || a.index - b.index;
  return [...daemon.sort(order), ...others.sort(order)];
}

/**
 * "certain": the pod fits no node of the same cluster without any other pod, with the volumes as
 * the input declares them (nothing bound by earlier placements) and required pod affinity counted
 * as satisfiable (a partner placed first would satisfy it).
 */
class EmptyClusterCheck {
  // Built on the first Pending pod: most runs (what-ifs above all) have none.
  private empty: { filters: Filters; volumes: Volumes } | undefined;
  private readonly cache = new Map<string, boolean>();
  constructor(
    private readonly version: KubernetesVersion,
    private readonly input: SimulationInput,
  ) {}
  certain(p: PodInfo): boolean {
    const shape = podShape(p);
    let answer = this.cache.get(shape);
    if (answer !== undefined) return answer;
    if (!this.empty) {
      const input = this.input;
      const volumes = new Volumes(input.persistentVolumes ?? [], input.persistentVolumeClaims ?? [], input.storageClasses ?? []);
      this.empty = { volumes, filters: new Filters(this.version, new Cluster(input.nodes), volumes) };
    }
    const { filters, volumes } = this.empty;
    volumes.addEphemeralClaims(p.pod);
    const pre = filters.preFilter(p, { ignoreAffinity: true });
    if ('rejected' in pre) answer = true;
    else {
      const cycle = pre.cycle;
      answer = !filters.cluster.nodes.some((n) => (!cycle.nodeNames || cycle.nodeNames.has(n.name)) && !filters.filter(cycle, n));
    }
    this.cache.set(shape, answer);
    return answer;
  }
}

function nodeStates(cluster: Cluster, running: PodInfo[], placements: Placement[], evicted: Record<string, string>): NodeState[] {
  const pods = new Map<string, string[]>();
  for (const n of cluster.nodes) pods.set(n.name, []);
  for (const p of running) {
    const n = p.nodeName;
    if (!(p.key in evicted)) pods.get(n)?.push(p.key);
  }
  for (const pl of placements) {
    const key = `${pl.namespace}/${pl.name}`;
    if (pl.node && !(key in evicted)) pods.get(pl.node)?.push(key);
  }
  return cluster.nodes.map((n) => {
    const allocatable: Record<string, number> = {
      cpu: n.allocCpu,
      memory: n.allocMemory,
      pods: n.allocPods,
      'ephemeral-storage': n.allocEphemeral,
    };
    for (const [k, v] of n.allocScalar) allocatable[k] = v;
    const requested: Record<string, number> = {
      cpu: n.reqCpu,
      memory: n.reqMemory,
      pods: n.pods.length,
      'ephemeral-storage': n.reqEphemeral,
    };
    for (const [k, v] of n.reqScalar) if (v) requested[k] = v;
    return {
      name: n.name,
      zone: ZONE_LABELS.map((k) => n.labels[k]).find((v) => v !== undefined) ?? null,
      pool: POOL_LABELS.map((k) => n.labels[k]).find((v) => v !== undefined) ?? null,
      allocatable,
      requested,
      pods: pods.get(n.name) ?? [],
    };
  });
}
