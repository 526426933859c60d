import { defineRule } from '../src/engine/rule.js';
import { describePortRef } from '../src/k8s/ports.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';
import { describeWorkloads, type NetworkPolicyModel } from '../src/model/network-policies.js';
import { isolates } from '../src/k8s/netpol/policy.js';

export default defineRule({
  id: 'netpol-port-not-exposed',
  severity: 'warning',
  category: 'network',
  summary: 'A NetworkPolicy allows an ingress port that no container of its selected pods declares',
  docs: {
    catches: 'An allowed ingress port (number or name) that no container of the selected pods declares',
    declared: 'an ingress rule port (number, range or name) that no container of the pods the policy selects declares in `ports`',
    interpreted:
      "a named port is resolved against the destination pod's container port names (and protocol): a name no container declares matches nothing, so the entry allows no traffic. A numeric port is matched as is (containerPort is informational): it works if the process listens there, but a port no container declares is often a typo or a stale number, and the port actually served stays blocked unless another rule admits it",
    fix: 'use the port (or port name) the container declares, e.g. the name from `containers[].ports[].name`',
  },
  check(ctx) {
    const model = ctx.networkPolicies();
    for (const policy of model.policies) {
      const { object, spec } = policy;
      if (!isolates(spec, 'ingress')) continue;
      const workloads = model.selected(policy);
      if (workloads.length === 0) continue;
      const declared = workloads.flatMap((w) => w.containers.flatMap((c) => c.facts.ports()));
      const pods = describeWorkloads(workloads);
      for (const rule of spec.ingress) {
        for (const entry of rule.ports ?? []) {
          const ref = entry.port;
          if (!ref) continue;
          const sameProtocol = declared.filter((p) => p.protocol === entry.protocol);
          if ('name' in ref) {
            if (sameProtocol.some((p) => p.name === ref.name)) continue;
            const otherProtocols = [...new Set(declared.filter((p) => p.name === ref.name).map((p) => p.protocol))];
            const why = otherProtocols.length > 0 ? `declared only for ${otherProtocols.join('/')}` : 'a name no container declares';
            ctx.report({
              object,
              path: [...entry.path, 'port'],
              message: `NetworkPolicy ${object.name} allows ingress to port ${describePortRef(ref)}/${entry.protocol} on ${pods}: ${why}`,
              declared: `port: ${ref.name} (${entry.protocol}); declared ${entry.protocol} container ports: ${describeDeclared(sameProtocol)}`,
              interpreted: `named ports resolve by name and protocol on the destination pod; this one resolves on none of the selected pods, so the entry allows no traffic to them`,
            });
          } else {
            if (declared.length === 0) continue;
            const last = entry.endPort ?? ref.number;
            if (sameProtocol.some((p) => p.containerPort >= ref.number && p.containerPort <= last)) continue;
            const range = last === ref.number ? `port ${ref.number}` : `ports ${ref.number}-${last}`;
            ctx.report({
              object,
              path: [...entry.path, 'port'],
              message: `NetworkPolicy ${object.name} allows ingress to ${range}/${entry.protocol}, which no container of ${pods} declares`,
              declared: `${range} (${entry.protocol}); declared ${entry.protocol} container ports: ${describeDeclared(sameProtocol)}`,
              interpreted: `the policy allows ${range} as written; if no process listens there the allowance is dead${blockedServedPorts(model, object, workloads, entry.protocol)}`,
            });
          }
        }
      }
    }
  },
});

/**
 * The declared ports of the protocol that no ingress rule of the policies isolating the pods admits
 * (from any peer), as the end of the sentence; empty when another rule lets them in.
 */
function blockedServedPorts(model: NetworkPolicyModel, policy: K8sObject, workloads: readonly Workload[], protocol: string): string {
  const blocked = new Set<number>();
  for (const workload of workloads) {
    if (model.isolating(workload, 'ingress').length === 0) continue;
    for (const port of workload.containers.flatMap((c) => c.facts.ports()).filter((p) => p.protocol === protocol)) {
      if (!model.ingressMayAdmit(workload, port.containerPort, protocol)) blocked.add(port.containerPort);
    }
  }
  if (blocked.size === 0 || model.otherPoliciesApply(policy)) return '';
  const list = [...blocked].sort((a, b) => a - b).map((p) => `${p}/${protocol}`);
  return `, and the served port${list.length === 1 ? '' : 's'} ${list.join(', ')}, which no ingress rule of the isolating policies admits, stay${list.length === 1 ? 's' : ''} blocked`;
}

function describeDeclared(ports: Array<{ name?: string; containerPort: number }>): string {
  if (ports.length === 0) return 'none';
  return [...new Set(ports.map((p) => (p.name ? `${p.name}=${p.containerPort}` : String(p.containerPort))))].join(', ');
}
