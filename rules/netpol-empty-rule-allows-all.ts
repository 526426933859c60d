import { defineRule } from '../src/engine/rule.js';
import { PEER_KEY, allowsEverything, isolates, type Direction } from '../src/k8s/netpol/policy.js';

export default defineRule({
  id: 'netpol-empty-rule-allows-all',
  severity: 'warning',
  category: 'network',
  summary: 'A NetworkPolicy rule that is empty (or has an empty from/to list) allows every peer',
  docs: {
    catches:
      '`{}` and `from: []` / `to: []` allow every peer; a lone `{}` in a policy not named like a deny (the usual allow-all idiom) is reported as info',
    declared: 'an empty rule (`{}`), or a rule whose `from` / `to` is an empty list',
    interpreted:
      'a rule matches traffic when its peers AND its ports match, and a missing or empty list matches everything: `{}` allows all traffic in that direction, `from: []` allows every source (on the listed ports). Policies only add allowances, so this one rule opens the selected pods whatever other rules or policies say',
    details:
      'A lone `ingress: [{}]` / `egress: [{}]` in a policy not named like a deny is the usual way to say "allow all" for that direction: it is reported as info only. Next to other rules of the same direction, or in a policy named like a deny (deny, block, lockdown, isolate, restrict), it is a warning.',
    fix: "list the peers (podSelector / namespaceSelector / ipBlock) and ports the rule is meant for; to deny everything, leave the direction's rule list empty and name the direction in policyTypes",
  },
  check(ctx) {
    for (const { object, spec } of ctx.networkPolicies().policies) {
      for (const direction of ['ingress', 'egress'] as Direction[]) {
        if (!isolates(spec, direction)) continue;
        const key = PEER_KEY[direction];
        const source = direction === 'ingress' ? 'source' : 'destination';
        const rules = spec[direction];
        for (const rule of rules) {
          if (allowsEverything(rule)) {
            // A lone `{}` in a policy not named as a deny is the common way to write "allow all": say so, as info.
            const deliberate = rules.length === 1 && !meantToDeny(object.name);
            ctx.report({
              severity: deliberate ? 'info' : undefined,
              object,
              path: rule.path,
              message: `NetworkPolicy ${object.name}: ${direction} rule ${String(rule.path[2])} has no ${key} and no ports, so it allows all ${direction} traffic of the selected pods`,
              declared: `spec.${direction}[${String(rule.path[2])}] with neither \`${key}\` peers nor \`ports\``,
              interpreted: `the rule matches every ${source} on every port and protocol: the selected pods are effectively not isolated for ${direction}${rules.length > 1 ? `, and the other ${direction} rules of this policy restrict nothing` : ''}, whatever any other policy says${deliberate ? `; that is right if allow-all is the intent (a common idiom), wrong if this policy was meant to restrict ${direction}` : ''}`,
            });
          } else if (rule.peersWrittenEmpty) {
            ctx.report({
              object,
              path: [...rule.path, key],
              message: `NetworkPolicy ${object.name}: ${direction} rule ${String(rule.path[2])} has \`${key}: []\`, which allows every ${source}, not none`,
              declared: `\`${key}: []\` in spec.${direction}[${String(rule.path[2])}]`,
              interpreted: `an empty ${key} list matches every ${source} (pods of all namespaces and outside IPs) on the rule's ports`,
              fix: `list the ${source}s meant; to allow nothing, drop the rule`,
            });
          }
        }
      }
    }
  },
});

/** Names like default-deny, deny-all, lockdown, isolate: the author meant to block. */
function meantToDeny(name: string | null): boolean {
  return /deny|block|lockdown|isolat|restrict/i.test(name ?? '');
}
