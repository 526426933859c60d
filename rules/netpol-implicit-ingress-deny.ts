import { defineRule } from '../src/engine/rule.js';
import { RELATED_PER_KIND, describeWorkloads, type Policy } from '../src/model/network-policies.js';

export default defineRule({
  id: 'netpol-implicit-ingress-deny',
  severity: 'warning',
  category: 'network',
  summary: 'An egress-only NetworkPolicy without policyTypes also denies all ingress to its pods',
  docs: {
    catches: 'An egress-only policy without `policyTypes`: it also denies all ingress (error when that cuts off a Service)',
    declared: 'a NetworkPolicy with `egress` rules, no `ingress` key and no `policyTypes`',
    interpreted:
      'policyTypes defaults to [Ingress, Egress] (Ingress is always included when the list is omitted): the policy isolates its pods for ingress too, and with no ingress rules it allows none; inbound traffic reaches them only where another policy allows it',
    fix: 'write `policyTypes: [Egress]` so the policy restricts outbound traffic only',
    details:
      'Reported as an error when this policy alone isolates the pods of a Service and so leaves no allowed ingress to its target port (netpol-isolates-service reports that Service).',
  },
  check(ctx) {
    const model = ctx.networkPolicies();
    for (const policy of model.policies) {
      const { object, spec } = policy;
      if (spec.explicitPolicyTypes || spec.declaresIngress || spec.egress.length === 0) continue;
      const workloads = model.selected(policy);
      const pods = workloads.length > 0 ? describeWorkloads(workloads) : 'its pods';
      const cutOff = [...new Set(workloads.flatMap((w) => ctx.around(w.object).services()))].filter(
        (s) =>
          !model.otherPoliciesApply(s) &&
          model.serviceReach(s).some((p) => p.blocked.some((b) => b.reason === 'no-rule' && soleIsolator(b.isolatedBy, policy))),
      );
      const otherIsolators = [...new Set(workloads.flatMap((w) => model.isolating(w, 'ingress')))].filter((p) => p !== policy);
      const allIsolatedElsewhere = workloads.length > 0 && workloads.every((w) => model.isolating(w, 'ingress').some((p) => p !== policy));
      const others = otherIsolators.map((p) => p.object.name).join(', ');
      const elsewhere = allIsolatedElsewhere
        ? `; today NetworkPolicy ${others} isolates them for ingress as well, so this changes nothing yet: the hidden deny takes effect as soon as ${otherIsolators.length === 1 ? 'that policy is' : 'those policies are'} removed or narrowed`
        : otherIsolators.length > 0
          ? `; NetworkPolicy ${others} also isolates some of them for ingress, and only the ingress rules of the selecting policies let traffic in`
          : '';
      ctx.report({
        object,
        path: ['spec', 'policyTypes'],
        severity: cutOff.length > 0 ? 'error' : undefined,
        message: `NetworkPolicy ${object.name} has only egress rules and no policyTypes: it also isolates ${pods} for ingress and allows none${cutOff.length > 0 ? `, cutting off Service ${cutOff.map((s) => s.name).join(', ')}` : ''}`,
        declared: `egress rules, no ingress rules, policyTypes omitted`,
        interpreted: `policyTypes defaults to [Ingress, Egress]: besides restricting outbound traffic, the policy denies (where a network plugin enforces NetworkPolicy) all inbound traffic to ${pods} that no other policy allows${elsewhere}${cutOff.length > 0 ? `; Service ${cutOff.map((s) => s.name).join(', ')} gets no traffic from other pods` : ''}`,
        related: [
          ...cutOff.map((s) => ({
            object: s,
            path: ['spec', 'selector'],
            message: `Service ${s.name} selects these pods and gets no allowed ingress`,
          })),
          ...workloads
            .slice(0, RELATED_PER_KIND)
            .map((w) => ({ object: w.object, path: w.podMetadataPath, message: 'pods isolated for ingress by this policy' })),
        ],
      });
    }
  },
});

/** The policy alone isolates the pods: without its implicit Ingress type they would accept everything. */
function soleIsolator(isolatedBy: Policy[], policy: Policy): boolean {
  return isolatedBy.length === 1 && isolatedBy[0] === policy;
}
