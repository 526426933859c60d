import { defineRule } from '../src/engine/rule.js';
import { describeSelector, isEmptySelector } from '../src/k8s/labels.js';
import { PEER_KEY, type Direction } from '../src/k8s/netpol/policy.js';

export default defineRule({
  id: 'netpol-peer-and-or',
  severity: 'info',
  category: 'network',
  summary: 'A NetworkPolicy peer pairs `namespaceSelector: {}` with a podSelector: matching pods in every namespace',
  docs: {
    catches: '`namespaceSelector: {}` AND a `podSelector` in one peer: those pods in every namespace',
    declared: 'one `from`/`to` entry holding both `namespaceSelector: {}` and a `podSelector`',
    interpreted:
      "selectors inside one entry are ANDed: the entry matches pods carrying the podSelector labels in namespaces matching the namespaceSelector, and `{}` matches every namespace, so any pod with those labels anywhere in the cluster is allowed. Without the namespaceSelector the podSelector would cover the policy's own namespace only. Two separate entries (`- namespaceSelector` / `- podSelector`) are ORed instead",
    fix: 'to mean "these pods in this namespace", drop `namespaceSelector: {}`; to mean "these pods in namespace X", select X, e.g. `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: X}}`; keep `{}` only if any namespace is intended',
  },
  check(ctx) {
    for (const { object, spec } of ctx.networkPolicies().policies) {
      for (const direction of ['ingress', 'egress'] as Direction[]) {
        for (const rule of spec[direction]) {
          for (const peer of rule.peers ?? []) {
            if (
              !peer.namespaceSelector ||
              !isEmptySelector(peer.namespaceSelector) ||
              !peer.podSelector ||
              isEmptySelector(peer.podSelector)
            )
              continue;
            const pods = describeSelector(peer.podSelector);
            const own = object.namespace ? `namespace ${object.namespace}` : "the policy's namespace";
            ctx.report({
              object,
              path: [...peer.path, 'namespaceSelector'],
              message: `NetworkPolicy ${object.name}: ${PEER_KEY[direction]} entry with namespaceSelector {} and podSelector ${pods} matches those pods in every namespace`,
              declared: `one ${PEER_KEY[direction]} entry: namespaceSelector: {} AND podSelector ${pods}`,
              interpreted: `the two selectors are ANDed and {} matches all namespaces: pods labelled ${pods} in any namespace of the cluster match, not only those in ${own}`,
            });
          }
        }
      }
    }
  },
});
