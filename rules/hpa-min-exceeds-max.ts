import { defineRule } from '../src/engine/rule.js';
import { readReplicaBounds } from '../src/k8s/hpa-bounds.js';

export default defineRule({
  id: 'hpa-min-exceeds-max',
  severity: 'error',
  category: 'wiring',
  summary: "An HPA's minReplicas is greater than its maxReplicas",
  docs: {
    catches: '`minReplicas` > `maxReplicas` (rejected)',
    declared: 'minReplicas greater than maxReplicas',
    interpreted: 'the API server rejects the HorizontalPodAutoscaler: maxReplicas must be greater than or equal to minReplicas',
    fix: 'set minReplicas to at most maxReplicas',
  },
  check(ctx) {
    for (const hpa of ctx.objects('HorizontalPodAutoscaler')) {
      const bounds = readReplicaBounds(hpa.spec);
      if (bounds.maxReplicas === undefined || bounds.minReplicas <= bounds.maxReplicas) continue;
      ctx.report({
        object: hpa,
        path: ['spec', bounds.minDeclared ? 'minReplicas' : 'maxReplicas'],
        message: `HorizontalPodAutoscaler "${hpa.name}" has minReplicas ${bounds.minReplicas}${bounds.minDeclared ? '' : ' (default)'} above maxReplicas ${bounds.maxReplicas}`,
        declared: `minReplicas ${bounds.minReplicas}, maxReplicas ${bounds.maxReplicas}`,
        related: bounds.minDeclared
          ? [{ object: hpa, path: ['spec', 'maxReplicas'], message: `maxReplicas ${bounds.maxReplicas}` }]
          : undefined,
      });
    }
  },
});
