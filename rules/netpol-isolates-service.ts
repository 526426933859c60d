import { defineRule } from '../src/engine/rule.js';
import { describePortRef, type PortRef } from '../src/k8s/ports.js';
import { RELATED_PER_KIND, describeNames, describeWorkloads, type BlockedWorkload, type Policy } from '../src/model/network-policies.js';

export default defineRule({
  id: 'netpol-isolates-service',
  severity: 'error',
  category: 'network',
  summary: 'A Service selects pods that NetworkPolicies isolate for ingress, and nothing allows its target port',
  docs: {
    catches:
      'A Service whose pods are ingress-isolated with no rule allowing its target port (warning when the only allowed peers match no pod in the set)',
    declared:
      "a Service whose pods are selected by a NetworkPolicy with Ingress in its policyTypes (often a namespace-wide default-deny), and no policy rule allowing the Service's target port",
    interpreted:
      "a pod selected by any policy with Ingress in its policyTypes accepts only what the union of those policies' ingress rules allows; no rule admits the target port, so, with a network plugin that enforces NetworkPolicy (without one, policies have no effect), every connection through the Service from other pods is dropped (only the pods' own node, e.g. kubelet probes, still gets through); the Service has endpoints and looks healthy while clients time out",
    fix: "add a NetworkPolicy that selects the Service's pods and allows ingress to the target port from the clients that need it (podSelector / namespaceSelector), or widen an existing allow rule",
    details:
      'Also reported, as a warning, when the only rules that allow the port name peers that match no pod: pod selectors in namespaces whose workloads are in the set but none carries the labels. Peers in namespaces the set does not show (an ingress controller in ingress-nginx, say) are taken to exist. Policies of other engines in the set (Cilium, Calico, AdminNetworkPolicy) can allow more, so the rule stays silent in their presence.',
  },
  check(ctx) {
    // Without a NetworkPolicy nothing is isolated; skip building reachability for every Service.
    if (ctx.objects('NetworkPolicy').length === 0) return;
    const model = ctx.networkPolicies();
    for (const service of ctx.objects('Service')) {
      if (model.otherPoliciesApply(service)) continue;
      const reach = model.serviceReach(service);
      for (const reason of ['no-rule', 'peers-nowhere'] as const) {
        const ports = reach
          .map((p) => ({ ...p, blocked: p.blocked.filter((b) => b.reason === reason) }))
          .filter((p) => p.blocked.length > 0);
        if (ports.length === 0) continue;
        const blocked = unique(
          ports.flatMap((p) => p.blocked),
          (b) => b.workload,
        );
        const policies = unique(
          blocked.flatMap((b) => b.isolatedBy),
          (p) => p,
        );
        const portText = ports.map((p) => describeServicePort(p.protocol, p.port, p.blocked)).join(', ');
        const pods = describeWorkloads(blocked.map((b) => b.workload));
        const isolators = describeNames(policies.map((p) => p.object.name ?? '(unnamed)'));
        const related = [
          ...policies.slice(0, RELATED_PER_KIND).map((p) => ({
            object: p.object,
            path: ['spec', 'podSelector'],
            message: `NetworkPolicy ${p.object.name} isolates these pods for ingress`,
          })),
          ...blocked.slice(0, RELATED_PER_KIND).map((b) => ({
            object: b.workload.object,
            path: b.workload.podMetadataPath,
            message: `pods selected by Service ${service.name}`,
          })),
          ...unique(
            blocked.flatMap((b) => b.allowing),
            (a) => a.rule,
          )
            .slice(0, RELATED_PER_KIND)
            .map(({ policy, rule }) => ({
              object: policy.object,
              path: rule.path,
              message: 'allows the port only from peers that match no pod in the set',
            })),
        ];
        const base = { object: service, path: ['spec', 'ports', ports[0].index], related };
        if (reason === 'no-rule') {
          ctx.report({
            ...base,
            message: `Service ${service.name} is unreachable on ${portText}: its pods (${pods}) are ingress-isolated by NetworkPolicy ${isolators} and no policy allows ${ports.length === 1 ? 'that port' : 'those ports'}`,
            declared: `Service ${service.name} targets ${portText} on ${pods}; ${describeIsolation(policies)}; no ingress rule of these policies admits ${portText}`,
            interpreted: `With a network plugin that enforces NetworkPolicy (without one, policies have no effect), every connection to ${portText} from other pods is dropped (only the pods' own node, e.g. kubelet probes, still gets through): clients of Service ${service.name} time out although its endpoints are ready`,
            fix: `add an ingress rule (in ${policies[0].object.name} or a new policy selecting these pods) that allows ${portText} from the clients of the Service`,
          });
        } else {
          ctx.report({
            ...base,
            severity: 'warning',
            message: `Service ${service.name} is reachable on ${portText} only from peers that match no pod: ${pods} are ingress-isolated by NetworkPolicy ${isolators}`,
            declared: `the only rules allowing ${portText} to ${pods} select peers by labels no workload of their namespace carries`,
            interpreted: `no pod declared in the set can reach Service ${service.name} on ${portText}; unless such pods are deployed from elsewhere, its clients time out`,
            fix: "compare the allow rule's podSelector/namespaceSelector with the client pods' labels",
          });
        }
      }
    }
  },
});

function describeServicePort(protocol: string, port: PortRef, blocked: BlockedWorkload[]): string {
  if ('number' in port) return `${protocol} ${port.number}`;
  return `${protocol} ${describePortRef(port)} (${[...new Set(blocked.map((b) => b.targetPort))].join('/')})`;
}

function describeIsolation(policies: Policy[]): string {
  const lines = policies.map(
    (p) =>
      `NetworkPolicy ${p.object.name} selects them with ${p.spec.policyTypes.join('+')} in its policyTypes${p.spec.ingress.length === 0 ? ' and no ingress rules' : ''}`,
  );
  const unique = [...new Set(lines)];
  return unique.length > RELATED_PER_KIND
    ? `${unique.slice(0, RELATED_PER_KIND).join('; ')}; and ${unique.length - RELATED_PER_KIND} more policies`
    : unique.join('; ');
}

function unique<T, K>(items: T[], key: (item: T) => K): T[] {
  const seen = new Set<K>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
