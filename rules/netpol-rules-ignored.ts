import { defineRule } from '../src/engine/rule.js';
import { networkPolicyModel } from '../src/k8s/netpol/model.js';
import { POLICY_TYPE, type Direction } from '../src/k8s/netpol/policy.js';

export default defineRule({
  id: 'netpol-rules-ignored',
  severity: 'error',
  category: 'network',
  summary: 'A NetworkPolicy lists ingress or egress rules that its explicit policyTypes switch off',
  docs: {
    declared: '`egress` rules while an explicit `policyTypes` list lacks Egress (or `ingress` rules while it lacks Ingress)',
    interpreted:
      'an explicit policyTypes list is never changed by defaulting, and only the directions it names are enforced: the policy does not isolate that direction and its rules for it are not applied, not even as allowances next to another policy that does isolate it; the API server accepts the object without a warning',
    fix: 'add the missing type to policyTypes (e.g. [Ingress, Egress]) if the rules are meant, or delete the dead rules',
  },
  check(ctx) {
    const model = networkPolicyModel(ctx.set);
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
          message: `NetworkPolicy ${object.name} has ${count} ${direction} rule${count === 1 ? '' : 's'} but policyTypes ${written} lacks ${type}: they have no effect`,
          declared: `policyTypes: ${written} and ${count} ${direction} rule${count === 1 ? '' : 's'}`,
          interpreted: `the policy does not isolate ${direction} and its ${direction} rules are not applied at all: ${direction === 'egress' ? 'outbound traffic of the selected pods is not restricted by this policy' : 'inbound traffic of the selected pods is not restricted by this policy'}, and the rules add no allowance next to other policies`,
          fix: `add ${type} to policyTypes (policyTypes: [Ingress, Egress]) if these rules are meant; otherwise delete spec.${direction}`,
        });
      }
    }
  },
});
