import { resetMinPriority, type Cluster, type NodeInfo } from './cluster.js';
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

/** `sampled`: the dry run stopped before trying every potential node (the scheduler starts it at a random one). */
export type PreemptionOutcome = { message: string } | { candidates: Candidate[]; sampled: boolean };

const notHelpful: Status = { code: UNRESOLVABLE, reasons: [REASON.notHelpful] };
const noVictims: Status = { code: UNRESOLVABLE, reasons: [REASON.noVictims] };

/**
 * `nodes` in the scheduler's node-list order. As DryRunPreemption does, the dry run stops once it has
 * found max(100, 10 % of the candidate nodes) candidates; it starts at the first node where the
 * scheduler starts at a random one.
 */
export function preempt(
  cluster: Cluster,
  filters: Filters,
  cycle: Cycle,
  statuses: Array<Status | null | undefined>,
  nodes: NodeInfo[],
): PreemptionOutcome {
  const p = cycle.pod;
  if (p.preemptNever) return { message: REASON.preemptionNever };
  const potential = nodes.filter((n) => statuses[n.index]?.code === UNSCHEDULABLE);
  const wanted = Math.min(potential.length, Math.max(100, Math.trunc(potential.length / 10)));
  const dryRun: Status[] = [];
  const candidates: Candidate[] = [];
  let tried = 0;
  while (tried < potential.length) {
    const n = potential[tried++];
    const result = selectVictims(cluster, filters, cycle, n);
    if ('status' in result) dryRun.push(result.status);
    else if (candidates.push({ node: n, victims: result.victims }) >= wanted) break;
  }
  if (candidates.length) return { candidates, sampled: tried < potential.length };
  for (let i = potential.length; i < nodes.length; i++) dryRun.push(notHelpful);
  return { message: fitErrorMessage(nodes.length, null, dryRun, nodes.length, null, '') };
}

/** More important first: higher priority, then earlier start (pods not started yet count as starting now). */
function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return (a.startTime ?? Infinity) - (b.startTime ?? Infinity) || 0;
}

function selectVictims(cluster: Cluster, filters: Filters, cycle: Cycle, n: NodeInfo): { status: Status } | { victims: PodInfo[] } {
  const p = cycle.pod;
  if (!(n.minPriority < p.priority)) return { status: noVictims };
  const lower = n.pods.filter((q) => q.priority < p.priority);
  const saved = n.pods.slice();
  // Unless a victim counts in the pod's spread, affinity or volume state, the filters read only this node's
  // resources, ports and disks: move pods lightly and keep the state as it is.
  const dependsOnPods =
    (cycle.spread !== null || cycle.inter !== null || cycle.volume !== null) && lower.some((q) => filters.stateCounts(cycle, q));
  for (const q of lower) move(cluster, q, n, -1, dependsOnPods);
  if (dependsOnPods) filters.refresh(cycle);
  const status = filters.filter(cycle, n);
  const victims: PodInfo[] = [];
  if (!status) {
    lower.sort(moreImportant);
    for (const q of lower) {
      move(cluster, q, n, 1, dependsOnPods);
      if (dependsOnPods) filters.refresh(cycle);
      if (filters.filter(cycle, n)) {
        move(cluster, q, n, -1, dependsOnPods);
        victims.push(q);
      }
    }
  }
  for (const q of status ? lower : victims) move(cluster, q, n, 1, dependsOnPods);
  for (let i = 0; i < saved.length; i++) n.pods[i] = saved[i];
  resetMinPriority(n);
  if (dependsOnPods) filters.refresh(cycle);
  return status ? { status } : { victims };
}

/** Takes a pod off its node or puts it back for a dry run: fully when the cycle's state counts pods, else lightly. */
function move(cluster: Cluster, q: PodInfo, n: NodeInfo, sign: 1 | -1, fully: boolean): void {
  if (!fully) cluster.placeLightly(q, n, sign);
  else if (sign > 0) cluster.bind(q, n);
  else cluster.unbind(q);
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
