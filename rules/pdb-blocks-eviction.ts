import { defineRule, type RelatedInput, type RuleContext } from '../src/engine/rule.js';
import { describeIntOrPercent } from '../src/k8s/int-or-percent.js';
import {
  blocksAtAnyScale,
  desiredHealthy,
  disruptionsAllowedWhenHealthy,
  pdbSelector,
  readDisruptionBudget,
  type DisruptionBudget,
} from '../src/k8s/pdb.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';

/** Controllers whose scale the disruption controller reads (and bare pods, which count as one). */
const COUNTED_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController', 'Pod'];

export default defineRule({
  id: 'pdb-blocks-eviction',
  severity: 'error',
  category: 'wiring',
  summary: 'A PodDisruptionBudget allows no voluntary eviction at all',
  docs: {
    catches:
      '`minAvailable` ≥ the selected replicas (percentages rounded up), `minAvailable: 100%` or `maxUnavailable: 0`: evictions are refused, and kubectl drain retries until its --timeout',
    declared:
      "a PodDisruptionBudget whose minAvailable is at least the selected pods' replicas (percentages rounded up), or maxUnavailable 0",
    interpreted:
      'disruptionsAllowed is 0 whenever no more pods are healthy than the budget keeps (only an extra Ready pod, such as a surge pod during a rollout, allows one eviction): every eviction of a running pod gets HTTP 429 "Cannot evict pod as it would violate the pod\'s disruption budget", so kubectl drain retries until its --timeout (forever by default), the cluster autoscaler may not scale the node down, and node upgrades stall unless the provider forces the drain after a timeout (managed upgrades often do). (Rolling updates and node failures are not governed by PDBs.)',
    fix: 'leave room for one disruption: minAvailable below the replica count (or a percentage such as 50%), or maxUnavailable 1; or run more replicas',
    details:
      "Judged when the PDB selects workloads of the linted set whose scale is known (Deployment, ReplicaSet, StatefulSet, ReplicationController, bare Pod). For an autoscaled target the HPA's minReplicas is used: the budget blocks while the autoscaler keeps it at its minimum. maxUnavailable 0 (or 0%) and minAvailable 100% block at any scale, so they are reported on the PDB alone when the set does not show what it selects.",
  },
  check(ctx) {
    for (const pdb of ctx.objects('PodDisruptionBudget')) {
      const spec = pdb.spec;
      const budget = readDisruptionBudget(spec);
      const selector = pdbSelector(pdb.apiVersion, spec);
      if (!budget || !selector) continue;
      const workloads = oncePerObject(ctx.around(pdb).workloadsMatching(selector));
      if (workloads.length === 0) {
        // maxUnavailable 0 or minAvailable 100% blocks at any scale: it needs no workload to say so.
        if (blocksAtAnyScale(budget)) reportBlocksWhateverItSelects(ctx, pdb, budget);
        continue;
      }
      if (workloads.some((w) => !COUNTED_KINDS.includes(w.kind))) continue;
      if (workloads.some((w) => w.kind === 'Pod') && !(budget.field === 'minAvailable' && 'count' in budget.value)) continue;
      const scales = workloads.map((w) => scaleOf(w, ctx.around(w.object).minimumScale()));
      const expected = scales.reduce((sum, s) => sum + s.replicas, 0);
      if (expected === 0) continue;
      if (!blocksAtAnyScale(budget) && disruptionsAllowedWhenHealthy(budget, expected) > 0) continue;
      const written = `${budget.field} ${describeIntOrPercent(budget.value)}`;
      const autoscaled = scales.some((s) => s.autoscaler);
      const pods = `${expected} pod${expected === 1 ? '' : 's'}${autoscaled ? ' (autoscaled: counted at the HPA minimum)' : ''}`;
      const mustStay = blocksAtAnyScale(budget) ? 'every pod' : `${desiredHealthy(budget, expected)} of ${expected} pods`;
      ctx.report({
        object: pdb,
        path: ['spec', budget.field],
        message: `PodDisruptionBudget "${pdb.name}" (${written}) keeps ${mustStay} available for ${workloads.map((w) => w.object.display).join(', ')}: ${autoscaled && !blocksAtAnyScale(budget) ? 'no eviction is allowed while the autoscaler runs at its minimum' : 'no eviction is allowed unless an extra pod is Ready, as briefly during a rollout surge'}`,
        declared: `${written} over ${pods}`,
        interpreted: `${mustStay} must stay healthy, so disruptionsAllowed is 0${autoscaled && !blocksAtAnyScale(budget) ? ' whenever the autoscaler runs at its minimum' : ''} (only an extra Ready pod, such as a surge pod during a rollout, allows one eviction): ${EVICTION_REFUSED}`,
        fix:
          expected > 1
            ? `allow at least one disruption: minAvailable ${expected - 1} (or a percentage such as 50%), or maxUnavailable 1`
            : 'run at least 2 replicas and allow one disruption (maxUnavailable 1), or drop the PDB for a single-replica workload',
        related: scales.map((s) => s.related),
      });
    }
  },
});

const EVICTION_REFUSED =
  'every eviction of a running pod is refused with HTTP 429 (Pending, finished and terminating pods are exempt, and not-Ready ones with unhealthyPodEvictionPolicy AlwaysAllow); kubectl drain retries until its --timeout (forever by default), the cluster autoscaler may not scale the node down, and node upgrades stall unless the provider forces the drain after a timeout (managed upgrades often do)';

/** A budget that blocks at any scale, judged on the PDB alone (its pods are not in the set). */
function reportBlocksWhateverItSelects(ctx: RuleContext, pdb: K8sObject, budget: DisruptionBudget): void {
  const written = `${budget.field} ${describeIntOrPercent(budget.value)}`;
  ctx.report({
    object: pdb,
    path: ['spec', budget.field],
    message: `PodDisruptionBudget "${pdb.name}" (${written}) keeps every pod it selects available: no eviction is allowed unless an extra pod is Ready, as briefly during a rollout surge`,
    declared: written,
    interpreted: `whatever the replica count, every selected pod must stay healthy, so disruptionsAllowed is 0 (only an extra Ready pod, such as a surge pod during a rollout, allows one eviction): ${EVICTION_REFUSED}`,
    fix: 'allow at least one disruption: maxUnavailable 1, or minAvailable below the replica count (or a percentage such as 50%)',
  });
}

function scaleOf(
  workload: Workload,
  scale: { replicas: number | undefined; autoscaler?: K8sObject },
): { replicas: number; autoscaler: boolean; related: RelatedInput } {
  const replicas = scale.replicas ?? 0;
  if (scale.autoscaler) {
    return {
      replicas,
      autoscaler: true,
      related: {
        object: scale.autoscaler,
        path: ['spec', 'minReplicas'],
        message: `${workload.object.display} scales down to ${replicas}`,
      },
    };
  }
  return {
    replicas,
    autoscaler: false,
    related: { object: workload.object, path: ['spec', 'replicas'], message: `${workload.object.display} runs ${replicas}` },
  };
}

/**
 * The workloads as applied: copies of one kind/namespace/name (an all-in-one file and its split
 * files, alternative variants) are one object in the cluster, the last declared.
 */
function oncePerObject(workloads: readonly Workload[]): Workload[] {
  const last = new Map<string, Workload>();
  for (const w of workloads) last.set(`${w.kind}\u0000${w.namespace ?? ''}\u0000${w.name}`, w);
  return workloads.filter((w) => last.get(`${w.kind}\u0000${w.namespace ?? ''}\u0000${w.name}`) === w);
}
