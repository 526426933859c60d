import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'pod-not-isolated',
  severity: 'info',
  category: 'network',
  enabledByDefault: false,
  summary: "No NetworkPolicy in the set isolates a workload's pods for ingress: any pod of the cluster can connect",
  docs: {
    catches: 'A workload no ingress policy isolates; turn on with `-r pod-not-isolated=info`',
    declared: 'a workload whose pods no NetworkPolicy with Ingress in its policyTypes selects',
    interpreted:
      'pods not selected by any ingress policy accept connections from every pod of every namespace (and from outside, where routing allows); NetworkPolicies only take effect with a network plugin that enforces them',
    fix: 'add a NetworkPolicy selecting these pods (a namespace default-deny with `podSelector: {}` and `policyTypes: [Ingress]`, plus allow rules for the expected clients)',
  },
  check(ctx) {
    const model = ctx.networkPolicies();
    for (const workload of ctx.workloads()) {
      if (
        workload.podSpec.hostNetwork === true ||
        model.isolating(workload, 'ingress').length > 0 ||
        model.otherPoliciesApply(workload.object)
      )
        continue;
      const egressOnly = model.selecting(workload).length > 0;
      ctx.report({
        object: workload.object,
        path: [...workload.podMetadataPath, 'labels'],
        message: `${workload.object.display}: no NetworkPolicy isolates its pods for ingress${egressOnly ? ' (the policies selecting them restrict egress only)' : ''}`,
        declared: egressOnly
          ? 'only policies without Ingress in policyTypes select these pods'
          : `no NetworkPolicy in ${workload.namespace ? `namespace ${workload.namespace}` : 'its namespace'} selects these pods`,
      });
    }
  },
});
