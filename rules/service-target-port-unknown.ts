import { defineRule } from '../src/engine/rule.js';
import { describePortRef, servicePorts, type PortRef } from '../src/k8s/ports.js';
import type { Workload } from '../src/model/workload.js';

export default defineRule({
  id: 'service-target-port-unknown',
  severity: 'error',
  category: 'wiring',
  summary: "A Service's targetPort is declared by none of the containers it selects",
  docs: {
    catches: 'A named `targetPort` no selected container declares (error); a numeric one (info)',
    declared: 'a Service targetPort (a name, or a number) that no container of the selected pods declares',
    interpreted:
      'a named targetPort is resolved per pod against its container port names: when no container has that name, the pods get no endpoint for this port and connections fail. A number is used as is, so traffic reaches it only if the process listens there even though no container declares it.',
    fix: 'name or number the targetPort after a containerPort of the selected pods (targetPort defaults to port when omitted)',
    details:
      'A numeric targetPort is only an info, and only judged when the selected containers declare ports at all: container ports are informational, and many servers (Envoy gateways, all-in-one images) listen on ports they never declare. Unrendered kustomization input is not judged (patches may add the container that serves the port).',
  },
  check(ctx) {
    for (const service of ctx.objects('Service')) {
      const workloads = ctx.around(service).serviceTargets();
      if (workloads.length === 0) continue;
      for (const { index: i, protocol, target: ref, targetWritten: written } of servicePorts(service.spec)) {
        const declared = declaredPorts(workloads, protocol);
        if ('name' in ref ? declared.names.has(ref.name) : declared.numbers.size === 0 || declared.numbers.has(ref.number)) continue;
        if ([service, ...workloads.map((w) => w.object)].some((o) => ctx.around(o).unrendered)) continue;
        const path = ['spec', 'ports', i, written ? 'targetPort' : 'port'];
        const owners = listNames(workloads.map((w) => w.object.display));
        const offered = 'name' in ref ? [...declared.names] : [...declared.numbers];
        const offers = offered.length
          ? `they declare ${offered.map((p) => describePortRef(typeof p === 'number' ? { number: p } : { name: p })).join(', ')}`
          : 'they declare no named ports';
        ctx.report({
          object: service,
          path,
          severity: 'name' in ref ? 'error' : 'info',
          message: `Service "${service.name}" targets port ${describePortRef(ref)}${written ? '' : ' (targetPort defaults to port)'}, which no ${protocol} container port of ${owners} declares`,
          declared: `targetPort ${describePortRef(ref)}; ${offers}`,
          interpreted: interpretation(ref),
          fix: `set targetPort to one of the container ports of ${owners}, or declare ${describePortRef(ref)} on the container that serves it`,
          related: workloads
            .slice(0, 3)
            .map((w) => ({ object: w.object, path: w.specPath('containers'), message: `containers of ${w.object.display}` })),
        });
      }
    }
  },
});

function interpretation(ref: PortRef): string {
  if ('name' in ref)
    return `a named targetPort is resolved per pod against its container port names; no selected pod has a port named "${ref.name}", so the Service gets no endpoint for this port and connections to it fail`;
  return `traffic is sent to port ${ref.number} of the pods as is, declared or not (container ports are informational); if no process listens there, connections to this Service port are refused, so this may be a typo for one of the declared ports`;
}

/** Distinct names, at most three, then how many more. */
function listNames(names: string[]): string {
  const distinct = [...new Set(names)];
  return distinct.length > 3 ? `${distinct.slice(0, 3).join(', ')} and ${distinct.length - 3} more` : distinct.join(', ');
}

function declaredPorts(workloads: readonly Workload[], protocol: string): { names: Set<string>; numbers: Set<number> } {
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const w of workloads) {
    for (const c of w.longRunningContainers) {
      for (const p of c.facts.ports()) {
        if (p.protocol !== protocol) continue;
        if (p.name) names.add(p.name);
        numbers.add(p.containerPort);
      }
    }
  }
  return { names, numbers };
}
