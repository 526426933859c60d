import { defineRule } from '../src/engine/rule.js';
import { networkPolicyModel } from '../src/k8s/netpol/model.js';
import { PEER_KEY, allowsEverything, isolates, type Direction } from '../src/k8s/netpol/policy.js';

export default defineRule({
  id: 'netpol-empty-rule-allows-all',
  severity: 'warning',
  category: 'network',
  summary: 'A NetworkPolicy rule that is empty (or has an empty from/to list) allows every peer',
  docs: {
    declared: '`ingress: [{}]` / `egress: [{}]`, or a rule whose `from` / `to` is an empty list',
    interpreted:
      'a rule matches traffic when its peers AND its ports match, and a missing or empty list matches everything: `{}` allows all traffic in that direction, `from: []` allows every source (on the listed ports). Policies only add allowances, so this one rule opens the selected pods whatever other rules or policies say',
    fix: 'list the peers (podSelector / namespaceSelector / ipBlock) and ports the rule is meant for; to deny everything, leave the direction\'s rule list empty and name the direction in policyTypes',
  },
  check(ctx) {
    for (const { object, spec } of networkPolicyModel(ctx.set).policies) {
      for (const direction of ['ingress', 'egress'] as Direction[]) {
        if (!isolates(spec, direction)) continue;
        const key = PEER_KEY[direction];
        const source = direction === 'ingress' ? 'source' : 'destination';
        for (const rule of spec[direction]) {
          if (allowsEverything(rule)) {
            ctx.report({
              object,
              path: rule.path,
              message: `NetworkPolicy ${object.name}: ${direction} rule ${String(rule.path[2])} has no ${key} and no ports, so it allows all ${direction} traffic of the selected pods`,
              declared: `spec.${direction}[${String(rule.path[2])}] with neither \`${key}\` peers nor \`ports\``,
              interpreted: `the rule matches every ${source} on every port and protocol: the selected pods are effectively not isolated for ${direction}, whatever the other rules of this or any other policy say`,
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
