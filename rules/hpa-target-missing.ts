import { defineRule } from '../src/engine/rule.js';
import { readScaleTargetRef } from '../src/k8s/hpa.js';
import { closest } from '../src/util/edit-distance.js';

const BUILTIN_SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

export default defineRule({
  id: 'hpa-target-unknown',
  aliases: ['hpa-target-missing'],
  severity: 'warning',
  category: 'wiring',
  summary: "An HPA's scaleTargetRef names no object of the set",
  docs: {
    catches: 'An HPA `scaleTargetRef` that names nothing in the set (with a "did you mean")',
    declared: 'an HorizontalPodAutoscaler whose scaleTargetRef names an object the linted set does not contain',
    interpreted:
      'the autoscaler cannot get the scale of its target (condition AbleToScale=False, FailedGetScale events) and scales nothing',
    fix: 'point scaleTargetRef at the kind and name of the workload to scale',
    details:
      "Judged only when the linted set has workloads in the HPA's namespace (or, for a custom kind, objects of that kind there; for an HPA without a namespace of its own, none or a shared one such as default: in its directory tree): a partial set whose target lives elsewhere stays silent.",
  },
  check(ctx) {
    for (const hpa of ctx.objects('HorizontalPodAutoscaler')) {
      const ref = readScaleTargetRef(hpa.spec);
      const around = ctx.around(hpa);
      if (!ref || around.resolve(ref)) continue;
      const sameKind = around.objects(ref.kind);
      const judged = BUILTIN_SCALABLE.includes(ref.kind) ? around.workloads().length > 0 : sameKind.length > 0;
      if (!judged || !around.canJudge()) continue;
      const where = hpa.namespace ? `namespace ${hpa.namespace}` : 'the namespace';
      const suggestion = closest(
        ref.name,
        sameKind.map((o) => o.name ?? ''),
      );
      const target = `${ref.kind} "${ref.name}"`;
      ctx.report({
        object: hpa,
        path: ['spec', 'scaleTargetRef', 'name'],
        message: `HorizontalPodAutoscaler "${hpa.name}" scales ${target}, which is not in ${where}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        declared: `scaleTargetRef ${ref.apiVersion ?? ''}${ref.apiVersion ? ' ' : ''}${target}`,
        interpreted: `no ${target} exists in ${where} of the linted set, so the autoscaler finds nothing to scale (AbleToScale=False, FailedGetScale)`,
        fix: suggestion ? `set scaleTargetRef.name to "${suggestion}"` : `point scaleTargetRef at the ${ref.kind} to scale`,
        related: suggestion
          ? sameKind
              .filter((o) => o.name === suggestion)
              .slice(0, 1)
              .map((o) => ({ object: o, path: ['metadata', 'name'], message: `${o.display} has a similar name` }))
          : undefined,
      });
    }
  },
});
