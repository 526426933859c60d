import { defineRule } from '../src/engine/rule.js';
import { explainPending } from '../src/sim/output/explain.js';
import { byWorkload, listNames } from '../src/sim/output/lint-view.js';

export default defineRule({
  id: 'pod-unschedulable',
  severity: 'error',
  category: 'scheduling',
  summary: 'With the cluster given, a pod stays Pending once the pods placed before it have taken the room',
  docs: {
    declared: 'pods that each fit a node of the cluster, but not all together',
    interpreted:
      'kube-scheduler places pods one at a time; by the time this one comes, no node has room left (or spread and anti-affinity rules exclude the rest), so it stays Pending with a FailedScheduling event. Which pods are left depends on the order they are created in and on the scheduler\u2019s random tie-breaks',
    fix: 'add capacity, lower requests, or give the pods that must run a higher PriorityClass so the scheduler may preempt lower-priority ones',
    details:
      'Active only with a cluster (lint --cluster FILE or cluster.profile); silent otherwise. The simulation places pods in the scheduling queue\u2019s order (priority, then input order) and breaks ties by node name. A workload with a HorizontalPodAutoscaler is also placed at maxReplicas; pods that only stay Pending at full scale are reported as a warning.',
  },
  check(ctx) {
    const simulation = ctx.simulation();
    if (!simulation) return;
    const pending = simulation.result.placements.filter((p) => p.pending && !p.pending.certain);
    for (const group of byWorkload(ctx.workloads(), pending, (p) => p.origin)) {
      const first = group.items[0];
      const names = group.items.map((p) => p.name);
      const explained = explainPending(first);
      ctx.report({
        object: group.object,
        path: group.path,
        message: `${names.length === 1 ? `Pod ${names[0]} stays` : `${names.length} pods (${listNames(names)}) stay`} Pending once earlier pods took the room (order-dependent): "${first.pending!.message}"`,
        declared: explained.declared,
        interpreted: explained.interpreted,
        fix: explained.fix,
      });
    }
    if (!simulation.fullScale) return;
    for (const group of byWorkload(ctx.workloads(), simulation.fullScale.pendingOnlyAtFullScale, (p) => p.origin)) {
      const first = group.items[0];
      const names = group.items.map((p) => p.name);
      const explained = explainPending(first);
      ctx.report({
        object: group.object,
        path: group.path,
        severity: 'warning',
        message: `At every HorizontalPodAutoscaler's maxReplicas, ${names.length === 1 ? `pod ${names[0]} stays` : `${names.length} pods (${listNames(names)}) stay`} Pending: "${first.pending!.message}"`,
        declared: `${explained.declared}, scaled to the HPA's maxReplicas`,
        interpreted: `the autoscaler can ask for more pods than the cluster holds: ${explained.interpreted}`,
        fix: `lower maxReplicas to what the cluster holds, or let a cluster autoscaler add nodes; ${explained.fix}`,
      });
    }
  },
});
