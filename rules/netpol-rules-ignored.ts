import { defineRule } from '../src/engine/rule.js';
import { POLICY_TYPE, type Direction } from '../src/k8s/netpol/policy.js';

export default defineRule({
  id: 'netpol-rules-ignored',
  severity: 'error',
  category: 'network',
  summary: 'A NetworkPolicy lists ingress or egress rules that its explicit policyTypes switch off',
  docs: {
    catches: '`egress` rules under an explicit `policyTypes` without `Egress` (or the ingress equivalent): dead rules',
    declared: '`egress` rules while an explicit `policyTypes` list lacks Egress (or `ingress` rules while it lacks Ingress)',
    interpreted:
      'an explicit policyTypes list is never changed by API defaulting, so the policy does not isolate the direction it leaves out; network plugins that follow policyTypes (the mainstream ones) do not apply its rules for that direction, not even as allowances next to a policy that does isolate it (cluster-dependent); the API server accepts the object without a warning',
    fix: 'add the missing type to policyTypes (e.g. [Ingress, Egress]) if the rules are meant, or delete the dead rules',
  },
  check(ctx) {
    const model = ctx.networkPolicies();
    for (const { object, spec } of model.policies) {
      if (!spec.explicitPolicyTypes) continue;
      for (const direction of ['ingress', 'egress'] as Direction[]) {
        const type = POLICY_TYPE[direction];
        const count = spec[direction].length;
        if (count === 0 || spec.explicitPolicyTypes.includes(type)) continue;
        const written = `[${spec.explicitPolicyTypes.join(', ')}]`;
        ctx.report({
          object,
          path: ['spec', direction],
          message: `NetworkPolicy ${object.name} has ${count} ${direction} rule${count === 1 ? '' : 's'} but policyTypes ${written} lacks ${type}: the policy does not isolate ${direction}`,
          declared: `policyTypes: ${written} and ${count} ${direction} rule${count === 1 ? '' : 's'}`,
          interpreted: `the policy does not isolate ${direction}: ${direction === 'egress' ? 'outbound' : 'inbound'} traffic of the selected pods is not restricted by it; network plugins that follow policyTypes (the mainstream ones) do not apply these rules, not even as allowances next to a policy that does isolate ${direction} (cluster-dependent)`,
          fix: `add ${type} to policyTypes (policyTypes: [Ingress, Egress]) if these rules are meant; otherwise delete spec.${direction}`,
        });
      }
    }
  },
});
