import type { KubernetesVersion } from '../types.js';
import type { Cluster, NodeInfo } from './cluster.js';
import type { Filters } from './filters.js';
import { nodeAffinityMatches } from './filters.js';
import { filtersScheduling, firstUntoleratedTaint, nodeTermMatches, toleratedBy } from './match.js';
import type { PodInfo, SpreadConstraint } from './pod.js';
import { balancedSkipsBestEffort } from './wording.js';

/**
 * Score plugins of the default profile with their weights (docs/scheduling.md 1.8):
 * TaintToleration 3, NodeAffinity 2, NodeResourcesFit (LeastAllocated, cpu and memory) 1,
 * PodTopologySpread 2, InterPodAffinity 2, NodeResourcesBalancedAllocation 1, ImageLocality 1.
 * Each plugin's scores are normalized as its NormalizeScore does, then weighted and summed.
 */

const MAX = 100;
const MIN_IMAGE = 23 * 1024 * 1024;
const MAX_IMAGE = 1000 * 1024 * 1024;
const HOSTNAME = 'kubernetes.io/hostname';

// Per-node scratch scores, reused by every cycle (scoring is synchronous): no arrays to collect per pod.
let rawBuffer = new Float64Array(0);
let ignoredBuffer = new Uint8Array(0);

/**
 * Scores the first `count` nodes of `nodes` into `total` (indexes 0..count-1); the caller reuses both arrays
 * across cycles.
 */
export function scoreNodes(
  version: KubernetesVersion,
  cluster: Cluster,
  filters: Filters,
  p: PodInfo,
  nodes: NodeInfo[],
  count: number,
  total: Float64Array,
): void {
  if (rawBuffer.length < count) {
    rawBuffer = new Float64Array(cluster.nodes.length);
    ignoredBuffer = new Uint8Array(cluster.nodes.length);
  }
  const bestEffort = p.requests.cpu === 0 && p.requests.memory === 0;
  const skipBalanced = bestEffort && balancedSkipsBestEffort(version);
  for (let i = 0; i < count; i++) {
    const n = nodes[i];
    total[i] = leastAllocated(n, p) + (skipBalanced ? 0 : balanced(n, p));
  }
  taintScores(cluster, p, nodes, count, total);
  nodeAffinityScores(p, nodes, count, total);
  if (p.spread.length || p.defaultSpread.length) spreadScores(cluster, filters, p, nodes, count, total);
  if (p.preferredAffinity.length || p.preferredAntiAffinity.length || cluster.hasScoringTerms())
    interPodScores(cluster, filters, p, nodes, count, total);
  if (cluster.anyImages) imageScores(cluster, p, nodes, count, total);
}

/** Σ over cpu and memory of (allocatable - requested) * 100 / allocatable, requested with the non-zero defaults. */
function leastAllocated(n: NodeInfo, p: PodInfo): number {
  let score = 0;
  let weights = 0;
  if (n.allocCpu > 0) {
    score += least(n.nonZeroCpu + p.nonZeroCpu, n.allocCpu);
    weights++;
  }
  if (n.allocMemory > 0) {
    score += least(n.nonZeroMemory + p.nonZeroMemory, n.allocMemory);
    weights++;
  }
  return weights ? Math.floor(score / weights) : 0;
}

function least(requested: number, capacity: number): number {
  if (requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX) / capacity);
}

/** (1 - |f_cpu - f_mem| / 2) * 100 with real requests, fractions capped at 1. */
function balanced(n: NodeInfo, p: PodInfo): number {
  // With one resource (the other's allocatable is 0) the standard deviation is 0.
  if (n.allocCpu <= 0 || n.allocMemory <= 0) return MAX;
  const cpu = Math.min(1, (n.reqCpu + p.requests.cpu) / n.allocCpu);
  const memory = Math.min(1, (n.reqMemory + p.requests.memory) / n.allocMemory);
  return Math.trunc((1 - Math.abs((cpu - memory) / 2)) * MAX);
}

/** Fewer untolerated PreferNoSchedule taints is better (DefaultNormalizeScore, reversed), weight 3. */
function taintScores(cluster: Cluster, p: PodInfo, nodes: NodeInfo[], count: number, total: Float64Array): void {
  if (!cluster.anyPreferNoSchedule) {
    for (let i = 0; i < count; i++) total[i] += 3 * MAX;
    return;
  }
  const tolerations = p.tolerations.filter((t) => t.effect === '' || t.effect === 'PreferNoSchedule');
  const raw = rawBuffer;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const n = nodes[i];
    raw[i] = n.hasPreferNoSchedule ? n.taints.filter((t) => t.effect === 'PreferNoSchedule' && !toleratedBy(tolerations, t)).length : 0;
    if (raw[i] > max) max = raw[i];
  }
  for (let i = 0; i < count; i++) total[i] += 3 * (max === 0 ? MAX : MAX - Math.floor((MAX * raw[i]) / max));
}

/** Preferred node affinity: sum of matching term weights, scaled to the best node, weight 2. */
function nodeAffinityScores(p: PodInfo, nodes: NodeInfo[], count: number, total: Float64Array): void {
  if (p.preferredNodeTerms.length === 0) return;
  const raw = rawBuffer;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const n = nodes[i];
    let s = 0;
    for (const t of p.preferredNodeTerms)
      if (nodeTermMatches(t.term, n.name, n.labels) && (t.term.expressions.length || t.term.fields.length)) s += t.weight;
    raw[i] = s;
    if (s > max) max = s;
  }
  if (max === 0) return;
  for (let i = 0; i < count; i++) total[i] += 2 * Math.floor((MAX * raw[i]) / max);
}

/** PodTopologySpread Score for ScheduleAnyway constraints (scoring.go), weight 2. */
function spreadScores(cluster: Cluster, filters: Filters, p: PodInfo, nodes: NodeInfo[], count: number, total: Float64Array): void {
  // A pod's own constraints need every key on a node; the system defaults do not (requireAllTopologies).
  const own = p.spread.length > 0;
  const constraints = own ? p.spread.filter((c) => !c.hard) : p.defaultSpread;
  if (constraints.length === 0) return;
  const hasAll = (n: NodeInfo) => !own || constraints.every((c) => c.topologyKey in n.labels);
  const ignored = ignoredBuffer;
  let ignoredCount = 0;
  for (let j = 0; j < count; j++) {
    ignored[j] = hasAll(nodes[j]) ? 0 : 1;
    ignoredCount += ignored[j];
  }
  const weights: number[] = [];
  const pairCounts: Array<Map<string, number> | null> = [];
  const counters = constraints.map((c) => filters.spreadCounter(p, c));
  constraints.forEach((c, i) => {
    if (c.topologyKey === HOSTNAME) {
      weights.push(Math.log(count - ignoredCount + 2));
      pairCounts.push(null);
      return;
    }
    const pairs = new Map<string, number>();
    for (let j = 0; j < count; j++) if (!ignored[j]) pairs.set(nodes[j].labels[c.topologyKey] ?? '', 0);
    weights.push(Math.log(pairs.size + 2));
    counters[i].perNode.forEach((cnt, node) => {
      const n = cluster.nodes[node];
      if (!hasAll(n) || !includes(c, p, n)) return;
      const v = n.labels[c.topologyKey] ?? '';
      if (pairs.has(v)) pairs.set(v, (pairs.get(v) as number) + cnt);
    });
    pairCounts.push(pairs);
  });
  const raw = rawBuffer;
  let min = Infinity;
  let max = 0;
  for (let j = 0; j < count; j++) {
    if (ignored[j]) {
      raw[j] = 0;
      continue;
    }
    const n = nodes[j];
    let score = 0;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      const v = n.labels[c.topologyKey];
      if (v === undefined) continue;
      const pc = pairCounts[i];
      const cnt = pc === null ? (counters[i].perNode.get(n.index) ?? 0) : (pc.get(v) ?? 0);
      score += cnt * weights[i] + (c.maxSkew - 1);
    }
    const s = Math.round(score);
    raw[j] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let j = 0; j < count; j++) {
    if (ignored[j]) continue;
    total[j] += 2 * (max === 0 ? MAX : Math.floor((MAX * (max + min - raw[j])) / max));
  }
}

function includes(c: SpreadConstraint, p: PodInfo, n: NodeInfo): boolean {
  if (c.honorNodeAffinity && !nodeAffinityMatches(p, n)) return false;
  if (c.honorTaints && firstUntoleratedTaint(n.taints, p.tolerations, filtersScheduling)) return false;
  return true;
}

/** InterPodAffinity Score: preferred terms both ways and existing pods' required affinity (weight 1), min-max scaled, weight 2. */
function interPodScores(cluster: Cluster, filters: Filters, p: PodInfo, nodes: NodeInfo[], count: number, total: Float64Array): void {
  const topo = new Map<string, Map<string, number>>();
  const add = (key: string, node: number, amount: number) => {
    const v = cluster.nodes[node].labels[key];
    if (v === undefined) return;
    let m = topo.get(key);
    if (!m) topo.set(key, (m = new Map()));
    m.set(v, (m.get(v) ?? 0) + amount);
  };
  for (const t of p.preferredAffinity) filters.termCounter(t).perNode.forEach((cnt, node) => add(t.topologyKey, node, t.weight * cnt));
  for (const t of p.preferredAntiAffinity) filters.termCounter(t).perNode.forEach((cnt, node) => add(t.topologyKey, node, -t.weight * cnt));
  cluster.groupsSelecting(p, (g) => {
    if (g.kind === 'requiredAntiAffinity') return;
    const weight = g.kind === 'requiredAffinity' ? 1 : g.kind === 'preferredAffinity' ? g.term.weight : -g.term.weight;
    g.perNode.forEach((cnt, node) => add(g.term.topologyKey, node, weight * cnt));
  });
  if (topo.size === 0) return;
  // As arrays: the loop below reads them for every node.
  const keys = [...topo.keys()];
  const maps = [...topo.values()];
  const raw = rawBuffer;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const labels = nodes[i].labels;
    let s = 0;
    for (let k = 0; k < keys.length; k++) {
      const v = labels[keys[k]];
      if (v !== undefined) s += maps[k].get(v) ?? 0;
    }
    raw[i] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let i = 0; i < count; i++) total[i] += 2 * (diff > 0 ? Math.trunc(MAX * ((raw[i] - min) / diff)) : 0);
}

/** ImageLocality: sizes of the pod's images already on the node, scaled by how many nodes have them, weight 1. */
function imageScores(cluster: Cluster, p: PodInfo, nodes: NodeInfo[], count: number, total: Float64Array): void {
  const all = cluster.nodes.length;
  const names = p.images.map((image) => (image.lastIndexOf(':') <= image.lastIndexOf('/') ? `${image}:latest` : image));
  const maxThreshold = MAX_IMAGE * p.containerCount;
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (const name of names) {
      const size = nodes[i].images.get(name);
      if (size !== undefined) sum += Math.trunc(size * ((cluster.imageNodes.get(name) ?? 0) / all));
    }
    sum = Math.min(Math.max(sum, MIN_IMAGE), maxThreshold);
    total[i] += maxThreshold > MIN_IMAGE ? Math.floor((MAX * (sum - MIN_IMAGE)) / (maxThreshold - MIN_IMAGE)) : 0;
  }
}
