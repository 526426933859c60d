import { defineRule } from '../src/engine/rule.js';
import { byWorkload, listNames } from '../src/sim/output/lint-view.js';

export default defineRule({
  id: 'preemption-required',
  severity: 'warning',
  category: 'scheduling',
  summary: 'With the cluster given, a pod only fits by evicting lower-priority pods',
  docs: {
    declared: 'a pod with a higher priority than pods already placed, on a cluster without room for both',
    interpreted:
      'the first scheduling attempt fails; kube-scheduler then preempts (deletes) lower-priority pods on one node and nominates the pod there, so the victims are evicted whenever this pod is (re)created',
    fix: 'add capacity so both fit; or, when the eviction is intended, make sure the victims can be rescheduled; or set preemptionPolicy: Never on the pod so it waits for room instead of evicting',
    details: 'Active only with a cluster (lint --cluster FILE or cluster.profile); silent otherwise.',
  },
  check(ctx) {
    const simulation = ctx.simulation();
    if (!simulation) return;
    const preempting = simulation.result.placements.filter((p) => p.preemption);
    for (const group of byWorkload(ctx.workloads(), preempting, (p) => p.origin)) {
      const first = group.items[0];
      const victims = [...new Set(group.items.flatMap((p) => p.preemption!.victims))];
      const names = group.items.map((p) => p.name);
      ctx.report({
        object: group.object,
        path: group.path,
        message: `${names.length === 1 ? `Pod ${names[0]} only fits` : `${names.length} pods (${listNames(names)}) only fit`} by preempting ${listNames(victims)}`,
        declared: `priority ${first.priority}`,
        interpreted: `the first attempt fails with "${first.preemption!.firstAttempt}"; the scheduler then evicts ${victims.join(', ')} and nominates ${first.preemption!.nominatedNode}`,
      });
    }
  },
});
