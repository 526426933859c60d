import { defineRule } from '../src/engine/rule.js';
import { readReplicaBounds } from '../src/k8s/hpa-bounds.js';

export default defineRule({
  id: 'hpa-single-replica',
  severity: 'info',
  category: 'wiring',
  summary: 'An HPA may scale a served workload down to one replica',
  docs: {
    catches: '`minReplicas` 1 (or default) on a workload a Service sends traffic to',
    declared: 'minReplicas 1 (or no minReplicas: the default is 1) for a workload a Service sends traffic to',
    interpreted:
      'at low load the autoscaler runs a single pod: while it restarts, is rescheduled or its node is drained, the Service has no ready endpoint',
    fix: 'set minReplicas to 2 or more for workloads that serve traffic',
  },
  check(ctx) {
    for (const hpa of ctx.objects('HorizontalPodAutoscaler')) {
      const target = ctx.around(hpa).scaleTarget();
      const workload = target && ctx.around(target).workload;
      if (!target || !workload) continue;
      const bounds = readReplicaBounds(hpa.spec);
      if (bounds.minReplicas !== 1) continue;
      const services = ctx.around(target).services();
      if (services.length === 0) continue;
      ctx.report({
        object: hpa,
        path: ['spec', 'minReplicas'],
        message: `HorizontalPodAutoscaler "${hpa.name}" may scale ${target.display}, served by Service "${services[0].name}", down to 1 replica`,
        declared: bounds.minDeclared ? 'minReplicas 1' : 'no minReplicas (defaults to 1)',
        related: [{ object: services[0], path: ['spec', 'selector'], message: `${services[0].display} sends traffic to it` }],
      });
    }
  },
});
