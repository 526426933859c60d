import { defineRule } from '../src/engine/rule.js';
import { ingressServiceBackends, serviceHasPort } from '../src/k8s/ingress.js';
import { describePortRef } from '../src/k8s/ports.js';
import type { K8sObject } from '../src/model/object.js';
import { closest } from '../src/util/edit-distance.js';

export default defineRule({
  id: 'ingress-backend-unknown',
  aliases: ['ingress-backend-missing'],
  severity: 'error',
  category: 'wiring',
  summary: 'An Ingress backend names a Service, or a Service port, that does not exist',
  docs: {
    catches:
      'An Ingress backend Service, or its port (number or name), absent from the namespace (v1 and the old `serviceName`/`servicePort` shape)',
    declared: 'an Ingress backend whose Service (or its port, by number or name) is not in the namespace',
    interpreted:
      'the Ingress is accepted, but unless that Service exists in the cluster already, the controller has no endpoints for that backend: what clients then get depends on the ingress controller (ingress-nginx answers 503; others may answer 404 or leave the rule out)',
    fix: "name an existing Service of the Ingress's namespace and one of its ports (port number, or the port's name)",
    details:
      "Judged only when the linted set has Services in the Ingress's namespace (for an Ingress without a namespace of its own, none or a shared one such as default: in its directory tree). " +
      'Judged by directory tree, where unrelated examples often share a folder, a missing Service is reported only when the name is a near miss of a Service there, or another backend of the same Ingress is there: otherwise its Services may be deployed on their own. ' +
      'Silent for a Service that an operator may create from a custom resource of the namespace (named after it: `quickstart-kb-http` for the Kibana `quickstart`), next to a file that could not be read, and for the ports of ExternalName Services.',
  },
  check(ctx) {
    for (const ingress of ctx.objects('Ingress')) {
      const around = ctx.around(ingress);
      const services = around.objects('Service');
      if (services.length === 0 || !around.canJudge()) continue;
      const names = services.map((s) => s.name ?? '');
      const backends = ingressServiceBackends(ingress.spec);
      // Whether the Ingress is shipped with the Services it routes to: one of its backends is here.
      const shippedWithServices = backends.some((b) => around.allNamed('Service', b.service).length > 0);
      for (const backend of backends) {
        const candidates = around.allNamed('Service', backend.service);
        const where = ingress.namespace ? `namespace ${ingress.namespace}` : 'the namespace';
        if (candidates.length === 0) {
          if (!around.canJudge(undefined, backend.service)) continue;
          const suggestion = closest(backend.service, names);
          // Judged by folder, the Services beside it may be other apps': without a typo or a
          // Service the Ingress does route to, its Services may be deployed on their own.
          if (around.namespaceFromFolder && !suggestion && !shippedWithServices) continue;
          ctx.report({
            object: ingress,
            path: backend.path,
            message: `Ingress "${ingress.name}" routes to Service "${backend.service}", which is not in ${where}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
            declared: `backend Service "${backend.service}"`,
            interpreted: `the linted set has no Service "${backend.service}" in ${where}: the controller has no endpoints for this backend; what clients then get depends on the ingress controller (ingress-nginx answers 503; others may answer 404 or leave the rule out)`,
            fix: suggestion ? `set the backend Service to "${suggestion}"` : 'name an existing Service of the namespace',
          });
          continue;
        }
        const port = backend.port;
        // An ExternalName Service has no endpoints to match: controllers proxy to the external name at the backend's port.
        if (!port || candidates.some((s) => isExternalName(s) || serviceHasPort(serviceSpec(s), port))) continue;
        const service = candidates[candidates.length - 1];
        const portText = describePortRef(port);
        ctx.report({
          object: ingress,
          path: backend.path,
          message: `Ingress "${ingress.name}" routes to port ${portText} of Service "${backend.service}", which declares no such port`,
          declared: `backend Service "${backend.service}" port ${portText}`,
          interpreted: `${service.display} has no port ${'number' in port ? 'numbered' : 'named'} ${portText}: the controller has no endpoints for this backend; what clients then get depends on the ingress controller (ingress-nginx answers 503; others may answer 404 or leave the rule out)`,
          fix: `use one of the Service's ports (${'number' in port ? 'spec.ports[].port' : 'spec.ports[].name'})`,
          related: [{ object: service, path: ['spec', 'ports'], message: `ports of ${service.display}` }],
        });
      }
    }
  },
});

function serviceSpec(service: K8sObject): Record<string, unknown> {
  return service.spec;
}

function isExternalName(service: K8sObject): boolean {
  return serviceSpec(service).type === 'ExternalName';
}
