import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'hpa-replicas-conflict',
  severity: 'warning',
  category: 'wiring',
  summary: 'An autoscaled workload also declares spec.replicas',
  docs: {
    catches: 'An autoscaled workload that also declares `spec.replicas` (every apply resets it)',
    declared: 'spec.replicas on a workload an HorizontalPodAutoscaler scales',
    interpreted:
      "the HPA and the manifest both own the replica count: every kubectl apply resets it to the file's value, and the HPA scales it back on its next sync (thrashing, and a brief scale-down under load)",
    fix: 'remove spec.replicas from the manifest (with client-side apply, removing it drops the count to the default 1 once; with server-side apply, transfer ownership of the field first)',
  },
  check(ctx) {
    for (const hpa of ctx.objects('HorizontalPodAutoscaler')) {
      const target = ctx.around(hpa).scaleTarget();
      // One finding per target: from the first HPA that scales it.
      if (!target || ctx.around(target).autoscaler() !== hpa) continue;
      const replicas = target.get(['spec', 'replicas']);
      if (replicas === undefined || replicas === null) continue;
      ctx.report({
        object: target,
        path: ['spec', 'replicas'],
        message: `${target.display} declares replicas: ${String(replicas)} while HorizontalPodAutoscaler "${hpa.name}" scales it`,
        declared: `spec.replicas: ${String(replicas)}, and ${hpa.display} scaling the same object`,
        related: [{ object: hpa, path: ['spec', 'scaleTargetRef'], message: `${hpa.display} scales this object` }],
      });
    }
  },
});
