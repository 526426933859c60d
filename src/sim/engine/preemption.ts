import type { Cluster, NodeInfo } from './cluster.js';
import type { Cycle, Filters } from './filters.js';
import type { PodInfo } from './pod.js';
import { REASON, UNRESOLVABLE, UNSCHEDULABLE, fitErrorMessage, type Status } from './wording.js';

/**
 * DefaultPreemption's PostFilter (preemption/preemption.go): dry-run every node whose Filter
 * status was Unschedulable, removing all lower-priority pods and reprieving the most important
 * ones while the pod still fits; pick a node by pickOneNodeForPreemption's criteria. Without
 * PodDisruptionBudgets in the input, the PDB criterion never separates candidates.
 */

export interface Candidate {
  node: NodeInfo;
  victims: PodInfo[];
}

export type PreemptionOutcome = { message: string } | { candidates: Candidate[] };

const notHelpful: Status = { code: UNRESOLVABLE, reasons: [REASON.notHelpful] };
const noVictims: Status = { code: UNRESOLVABLE, reasons: [REASON.noVictims] };

export function preempt(cluster: Cluster, filters: Filters, cycle: Cycle, statuses: Array<Status | null | undefined>): PreemptionOutcome {
  const p = cycle.pod;
  if (p.preemptNever) return { message: REASON.preemptionNever };
  const nodes = cluster.nodes;
  const dryRun: Status[] = [];
  const candidates: Candidate[] = [];
  for (const n of nodes) {
    const s = statuses[n.index];
    if (!s || s.code !== UNSCHEDULABLE) {
      dryRun.push(notHelpful);
      continue;
    }
    const result = selectVictims(cluster, filters, cycle, n);
    if ('status' in result) dryRun.push(result.status);
    else candidates.push({ node: n, victims: result.victims });
  }
  if (candidates.length) return { candidates };
  return { message: fitErrorMessage(nodes.length, null, dryRun, nodes.length, null, '') };
}

/** More important first: higher priority, then earlier start (pods not started yet count as starting now). */
function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return (a.startTime ?? Infinity) - (b.startTime ?? Infinity) || 0;
}

function selectVictims(cluster: Cluster, filters: Filters, cycle: Cycle, n: NodeInfo): { status: Status } | { victims: PodInfo[] } {
  const p = cycle.pod;
  const lower = n.pods.filter((q) => q.priority < p.priority);
  if (lower.length === 0) return { status: noVictims };
  const saved = n.pods.slice();
  const dependsOnPods = cycle.spread !== null || cycle.inter !== null || cycle.volume !== null;
  for (const q of lower) cluster.unbind(q);
  if (dependsOnPods) filters.refresh(cycle);
  const status = filters.filter(cycle, n);
  const victims: PodInfo[] = [];
  if (!status) {
    const ordered = [...lower].sort(moreImportant);
    for (const q of ordered) {
      cluster.bind(q, n);
      if (dependsOnPods) filters.refresh(cycle);
      if (filters.filter(cycle, n)) {
        cluster.unbind(q);
        victims.push(q);
      }
    }
  }
  for (const q of status ? lower : victims) cluster.bind(q, n);
  n.pods.splice(0, n.pods.length, ...saved);
  if (dependsOnPods) filters.refresh(cycle);
  return status ? { status } : { victims };
}

/** pickOneNodeForPreemption without PDBs: lowest top victim priority, lowest priority sum, fewest victims, latest start; then a tie. */
export function bestCandidates(candidates: Candidate[]): Candidate[] {
  const empty = candidates.find((c) => c.victims.length === 0);
  if (empty) return [empty];
  const criteria: Array<(c: Candidate) => number> = [
    (c) => -c.victims[0].priority,
    (c) => -c.victims.reduce((s, v) => s + v.priority + 2147483648, 0),
    (c) => -c.victims.length,
    (c) => earliestStart(c.victims),
  ];
  let pool = candidates;
  for (const f of criteria) {
    const scores = pool.map(f);
    const best = Math.max(...scores);
    pool = pool.filter((_, i) => scores[i] === best);
    if (pool.length === 1) return pool;
  }
  return pool;
}

function earliestStart(victims: PodInfo[]): number {
  const top = Math.max(...victims.map((v) => v.priority));
  let earliest = Infinity;
  for (const v of victims) if (v.priority === top && (v.startTime ?? Infinity) < earliest) earliest = v.startTime ?? Infinity;
  return earliest;
}
