import { defineRule } from '../src/engine/rule.js';
import { describeSelector } from '../src/k8s/labels.js';
import { pdbSelector } from '../src/k8s/pdb.js';

export default defineRule({
  id: 'pdb-selector-no-match',
  severity: 'warning',
  category: 'wiring',
  summary: 'A PodDisruptionBudget selects no pod template of its namespace',
  docs: {
    catches: 'A PDB that selects no pod template of its namespace',
    declared: 'a PodDisruptionBudget selector that no pod template in the namespace matches',
    interpreted: 'the budget protects nothing: drains and autoscaler scale-downs evict the pods it was meant for without limit',
    fix: 'set the selector to the labels of the pods the budget is for',
    details:
      "Judged only when the linted set has workloads in the PDB's namespace (for a PDB without a namespace of its own, none or a shared one such as default: in its directory tree), and silent when a custom resource of the namespace plausibly owns the pods (named like a selector value, or labelled with it), or when it is unrendered kustomization input.",
  },
  check(ctx) {
    for (const pdb of ctx.objects('PodDisruptionBudget')) {
      const selector = pdbSelector(pdb.apiVersion, pdb.spec);
      const around = ctx.around(pdb);
      if (!selector || around.workloadsMatching(selector).length > 0 || !around.canJudge(selector.matchLabels ?? {})) continue;
      const where = pdb.namespace ? `namespace ${pdb.namespace}` : 'the namespace';
      ctx.report({
        object: pdb,
        path: ['spec', 'selector'],
        message: `PodDisruptionBudget "${pdb.name}" selects ${describeSelector(selector)}, which no pod template in ${where} carries`,
        declared: `selector ${describeSelector(selector)}`,
        interpreted: `no pod of the linted workloads in ${where} is covered, so the budget limits no eviction`,
      });
    }
  },
});
