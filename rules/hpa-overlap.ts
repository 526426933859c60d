import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { push } from '../src/util/multimap.js';

export default defineRule({
  id: 'hpa-overlap',
  severity: 'error',
  category: 'wiring',
  summary: 'Two HorizontalPodAutoscalers scale the same workload: neither acts',
  docs: {
    catches:
      'Two or more HorizontalPodAutoscalers of different names whose scaleTargetRef names the same workload of their namespace (API group checked); copies of one HPA in several files are one object. Each HPA is reported, naming the others. In a folder of alternatives (judged by directory tree, where one object is declared in several files), HPAs of different files are taken for alternatives.',
    declared: 'several HorizontalPodAutoscalers whose scaleTargetRef names the same workload',
    interpreted:
      'since Kubernetes 1.26 the HPA controller refuses to scale pods that more than one HPA selects: every one of them reports ScalingActive=False with reason AmbiguousSelector ("pods by selector ... are controlled by multiple HPAs"), and the workload stays at whatever replica count it has',
    fix: 'keep one HorizontalPodAutoscaler per workload, and put all its metrics into that one (an HPA scales to the highest replica count any of its metrics asks for)',
  },
  check(ctx) {
    const byTarget = new Map<K8sObject, K8sObject[]>();
    for (const hpa of ctx.objects('HorizontalPodAutoscaler')) {
      const target = ctx.around(hpa).scaleTarget();
      if (target) push(byTarget, target, hpa);
    }
    for (const [target, all] of byTarget) {
      // Two copies of one HPA (same name in the namespace) are one object once applied.
      const hpas = all.filter((h, i) => all.findIndex((o) => o.name === h.name) === i);
      if (hpas.length < 2) continue;
      for (const hpa of hpas) {
        // In a folder of alternatives, an HPA of another file may be this one's alternative (a GPU flavour).
        const around = ctx.around(hpa);
        const others = hpas.filter((o) => o !== hpa && !around.alternativeTo(o));
        if (others.length === 0) continue;
        const names = others.map((o) => `"${o.name}"`).join(', ');
        ctx.report({
          object: hpa,
          path: ['spec', 'scaleTargetRef'],
          message: `HorizontalPodAutoscaler "${hpa.name}" scales ${target.display}, which ${others.length === 1 ? 'HorizontalPodAutoscaler' : 'HorizontalPodAutoscalers'} ${names} also ${others.length === 1 ? 'scales: neither acts' : 'scale: none of them acts'}`,
          declared: `scaleTargetRef ${target.kind} ${target.name}, also the target of ${names}`,
          related: others.map((o) => ({ object: o, path: ['spec', 'scaleTargetRef'], message: `also scales ${target.display}` })),
        });
      }
    }
  },
});
