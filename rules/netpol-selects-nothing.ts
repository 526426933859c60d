import { defineRule } from '../src/engine/rule.js';
import { describeSelector, type Labels } from '../src/k8s/labels.js';

export default defineRule({
  id: 'netpol-selector-no-match',
  aliases: ['netpol-selects-nothing'],
  severity: 'warning',
  category: 'network',
  summary: "A NetworkPolicy's podSelector matches no pod of its namespace in the set",
  docs: {
    catches: 'A `podSelector` that matches none of the workloads declared in its namespace',
    declared: 'a NetworkPolicy whose spec.podSelector matches none of the pod templates declared in its namespace',
    interpreted:
      "a policy only acts on the pods it selects, in its own namespace; selecting none, it isolates nothing and allows nothing: a silent no-op (often labels that differ from the pods', or a policy in the wrong namespace)",
    fix: 'make spec.podSelector match the pod template labels of the workloads it is meant for (`{}` selects every pod of the namespace), or move the policy to their namespace',
  },
  check(ctx) {
    const model = ctx.networkPolicies();
    for (const policy of model.policies) {
      const { object, spec } = policy;
      const inNamespace = model.knownWorkloads(policy, object.namespace);
      if (inNamespace.length === 0 || model.selected(policy).length > 0) continue;
      const where = object.namespace ? `namespace ${object.namespace}` : 'its namespace';
      ctx.report({
        object,
        path: ['spec', 'podSelector'],
        message: `NetworkPolicy ${object.name} selects no pod: podSelector ${describeSelector(spec.podSelector)} matches none of the ${inNamespace.length} workload${inNamespace.length === 1 ? '' : 's'} in ${where}`,
        declared: `podSelector ${describeSelector(spec.podSelector)}; pod labels in ${where}: ${inNamespace
          .slice(0, 5)
          .map((w) => `${w.object.display} {${describeLabels(w.podLabels)}}`)
          .join(', ')}${inNamespace.length > 5 ? ', ...' : ''}`,
        interpreted: 'the policy applies to no pod of the set: it isolates nothing and its rules allow nothing',
      });
    }
  },
});

function describeLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join(', ') : 'no labels';
}
