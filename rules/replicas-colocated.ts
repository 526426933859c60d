import { defineRule } from '../src/engine/rule.js';
import { describeSelector } from '../src/k8s/labels.js';
import { hostOrZoneSpreadTerms } from '../src/k8s/spread.js';

export default defineRule({
  id: 'replicas-colocated',
  severity: 'warning',
  category: 'scheduling',
  summary: 'Several replicas with nothing that spreads them across nodes or zones',
  docs: {
    catches:
      'A Deployment/StatefulSet with >1 replica (or HPA minimum) and no anti-affinity or topology spread on hostname/zone that selects its own pods',
    declared:
      'a Deployment or StatefulSet with more than one replica and neither pod anti-affinity nor a topology spread constraint on the hostname or a zone',
    interpreted:
      'nothing requires the replicas to land on different nodes: the default scheduler only prefers spreading (built-in defaults: hostname maxSkew 3 and zone maxSkew 5, both ScheduleAnyway, and clusters can change them), so several or all replicas may end up on one node, and one node failure or drain may take them down together',
    fix: 'add a topologySpreadConstraint on kubernetes.io/hostname (and topology.kubernetes.io/zone) whose labelSelector matches the pod labels, or a preferred pod anti-affinity on the hostname',
    details: "For an autoscaled workload the HPA's minReplicas is the replica count judged.",
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet') continue;
      const { replicas = 1, autoscaler } = ctx.around(workload.object).minimumScale();
      if (replicas < 2) continue;
      const terms = hostOrZoneSpreadTerms(workload.podSpec, workload.podLabels);
      if (terms.some((t) => t.selectsOwnPods)) continue;
      const misdirected = terms[0];
      const count = autoscaler
        ? `at least ${replicas} replicas (HorizontalPodAutoscaler "${autoscaler.name}" minReplicas)`
        : `${replicas} replicas`;
      ctx.report({
        object: workload.object,
        path: autoscaler || workload.declaredReplicas === undefined ? workload.specPath() : ['spec', 'replicas'],
        message: misdirected
          ? `${workload.kind} "${workload.name}" runs ${count}, but its ${misdirected.via} on ${misdirected.topologyKey} selects other pods than its own: they may all land on one node`
          : `${workload.kind} "${workload.name}" runs ${count} with no pod anti-affinity or topology spread on hostname or zone: they may all land on one node`,
        declared: misdirected
          ? `${count}; ${misdirected.via} on ${misdirected.topologyKey} with a labelSelector that does not match the pod labels (${describeSelector(workload.podLabels)})`
          : `${count}; no podAntiAffinity and no topologySpreadConstraints on kubernetes.io/hostname or a zone key whose selector matches the pods`,
        interpreted: misdirected
          ? `the ${misdirected.via} term only counts pods its labelSelector matches, and these pods do not match it, so it does not keep the replicas apart; the default scheduler only prefers spreading (ScheduleAnyway defaults), so several or all replicas may end up on one node, and one node failure or drain may take them down together`
          : undefined,
        related: autoscaler
          ? [{ object: autoscaler, path: ['spec', 'minReplicas'], message: `${autoscaler.display} keeps at least ${replicas}` }]
          : undefined,
      });
    }
  },
});
