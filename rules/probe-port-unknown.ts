import { defineRule } from '../src/engine/rule.js';
import { PROBE_FIELDS, type ProbeKind } from '../src/k8s/probes.js';

const CONSEQUENCE: Record<ProbeKind, string> = {
  readiness:
    'every run of the readiness probe errors and its result is thrown away, so the container never becomes Ready: the pod never receives Service traffic and a rollout waiting for it stalls',
  liveness:
    'every run of the liveness probe errors and its result is thrown away, so it never counts a failure and a hung container is never restarted: the probe is silently disabled',
  startup:
    'every run of the startup probe errors and its result is thrown away, so the container never counts as started and its liveness and readiness probes never run: the pod never becomes Ready',
};

export default defineRule({
  id: 'probe-port-unknown',
  severity: 'error',
  category: 'probes',
  summary: 'A probe uses a named port the container does not declare',
  docs: {
    catches:
      'A probe names a port the container does not declare (the probe errors forever: never Ready / never restarted / never started), a quoted number (`port: "8080"` is a name), or a named gRPC port. ' +
      'Numeric ports not listed in `ports[]` work and are not reported.',
    declared: "a probe port given by name, and no port of that name in the container's ports[]",
    interpreted:
      'the kubelet resolves a named probe port against that container\'s own ports; when the name is missing it tries the name as a number, so the probe errors on every run with strconv.Atoi\'s error (the event reads \'Readiness probe errored: strconv.Atoi: parsing "web": invalid syntax\' for a port "web") and the kubelet throws the result away: a readiness probe leaves the pod never Ready, a startup probe keeps the container un-started, a liveness probe never restarts anything',
    fix: "name the port in the container's ports[] or use the port number in the probe",
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      if (container.role === 'init') continue;
      const declaredNames = container.facts.ports().flatMap((p) => (p.name ? [`"${p.name}"`] : []));
      for (const kind of ['startup', 'readiness', 'liveness'] as const) {
        const handler = container.facts.probe(kind)?.handler;
        if (!handler || handler.type === 'exec' || !handler.port || !('name' in handler.port)) continue;
        const name = handler.port.name;
        if (/[${}]/.test(name)) continue;
        const path = [...container.path, PROBE_FIELDS[kind], handler.type, 'port'];
        const where = `${kind} probe of container "${container.name}"`;
        if (handler.type === 'grpc') {
          ctx.report({
            object: container.workload.object,
            path,
            message: `The ${where} uses port "${name}", but gRPC probes take only a port number`,
            declared: `grpc.port: "${name}"`,
            interpreted:
              'grpc.port is an integer field: it is never resolved against container port names, and the API server rejects the object',
            fix: 'write the container port number, unquoted',
          });
          continue;
        }
        if (container.facts.probePort(handler) !== undefined) continue;
        const quotedNumber = /^[0-9]+$/.test(name);
        ctx.report({
          object: container.workload.object,
          path,
          message: quotedNumber
            ? `The ${where} uses port "${name}" quoted: a string is a port name, and no port has that name`
            : `The ${where} uses port "${name}", which container "${container.name}" does not declare`,
          declared: `${handler.type}.port: "${name}"; container ports with a name: ${declaredNames.length > 0 ? declaredNames.join(', ') : 'none'}`,
          interpreted: quotedNumber
            ? 'a quoted number is a string, i.e. a port name; API validation rejects port names without a letter, so the object is not accepted'
            : `the name is resolved against this container's ports only and matches none, so the kubelet tries it as a number and the probe errors (the event reads '${capitalize(kind)} probe errored: strconv.Atoi: parsing "${name}": invalid syntax'); ${CONSEQUENCE[kind]}`,
          fix: quotedNumber
            ? `write the port as a number: port: ${name}`
            : `add a port named "${name}" to container "${container.name}", or use the port number`,
        });
      }
    }
  },
});

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
