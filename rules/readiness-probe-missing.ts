import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { servicePorts, targetsContainerPort, type ContainerPort } from '../src/k8s/ports.js';

export default defineRule({
  id: 'readiness-probe-missing',
  severity: 'warning',
  category: 'probes',
  summary: 'A container that serves traffic has no readiness probe',
  docs: {
    catches:
      'A long-running container that serves traffic (declares ports, or a Service in the set selects its pods) has no readiness probe: the pod is Ready, and gets traffic, as soon as it starts. ' +
      'Jobs, CronJobs, `restartPolicy` ≠ Always Pods and port-less workers without a Service are skipped. ' +
      'In a pod where another container already has a readiness probe (pod readiness is the AND of its containers), a container is flagged only when a Service targets one of its ports.',
    declared: 'a long-running container that declares ports, or whose pods a Service selects, has no readinessProbe',
    interpreted:
      'without a readiness probe the container counts as ready as soon as it has started: the pod is added to Service endpoints and receives traffic before the application has bound its port or warmed up, and a rollout counts such pods as available once minReadySeconds (default 0) has passed, so a broken version can roll out completely',
    fix: 'add a readinessProbe that succeeds only once the container can serve requests (e.g. httpGet on a /ready endpoint)',
    details:
      'A pod is Ready only when all of its containers are ready. In a pod where another container already has a readiness probe, a container without one is flagged only when a Service in the set targets one of its ports; a pod with no readiness probe at all is flagged on the containers that declare ports, or, when none does, on its first container.',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (!workload.isLongRunning) continue;
      const containers = workload.longRunningContainers;
      const unprobed = containers.filter((c) => !c.facts.declaresProbe('readiness'));
      if (unprobed.length === 0) continue;
      const services = ctx.around(workload.object).services();
      const podHasReadinessProbe = unprobed.length < containers.length;
      const anyPorts = containers.some((c) => c.facts.ports().length > 0);
      const primary = workload.appContainers[0] ?? containers[0];
      for (const container of unprobed) {
        const ports = container.facts.ports();
        const targeting = services.filter((s) => targetedPorts(s, ports).length > 0);
        const targeted = ports.filter((p) => targeting.some((s) => targetedPorts(s, [p]).length > 0));
        let reason: string | undefined;
        if (targeting.length > 0)
          reason = `${serviceList(targeting)} ${distinctNames(targeting).length > 1 ? 'send' : 'sends'} traffic to its ${describePorts(targeted)}`;
        else if (!podHasReadinessProbe && ports.length > 0) reason = `it declares ${describePorts(ports)}`;
        else if (!podHasReadinessProbe && !anyPorts && services.length > 0 && container === primary)
          reason = `${serviceList(services)} ${distinctNames(services).length > 1 ? 'select' : 'selects'} its pods`;
        if (!reason) continue;
        ctx.report({
          object: workload.object,
          path: [...container.path, 'readinessProbe'],
          message: `Container "${container.name}" of ${container.workload.object.display} has no readiness probe, though ${reason}`,
          declared: `no readinessProbe on container "${container.name}"; ${reason}`,
          interpreted: podHasReadinessProbe
            ? `the pod turns Ready once its other containers pass their readiness probes; this container is counted ready the moment it has started, so traffic for its port can arrive before it listens`
            : `nothing gates the pod's readiness: it is Ready, added to Service endpoints and counted available by rollouts as soon as its containers have started (after minReadySeconds, if set), before the application can serve`,
          related:
            targeting.length > 0
              ? targeting.map((s) => ({
                  object: s,
                  path: ['spec', 'ports'],
                  message: `Service "${s.name}" routes to container "${container.name}"`,
                }))
              : undefined,
        });
      }
    }
  },
});

/** The container ports a Service's ports land on (protocol included). */
function targetedPorts(service: K8sObject, ports: readonly ContainerPort[]): ContainerPort[] {
  const targets = servicePorts(service.spec);
  return ports.filter((cp) => targets.some((sp) => targetsContainerPort(sp, cp)));
}

function describePorts(ports: readonly ContainerPort[]): string {
  const list = ports.map((p) => (p.name ? `${p.containerPort} ("${p.name}")` : String(p.containerPort))).join(', ');
  return `${ports.length === 1 ? 'port' : 'ports'} ${list}`;
}

/** Service names, once each (a set can declare the same Service in several files). */
function distinctNames(services: readonly K8sObject[]): string[] {
  return [...new Set(services.map((s) => s.name ?? ''))];
}

function serviceList(services: readonly K8sObject[]): string {
  const names = distinctNames(services);
  const shown = names
    .slice(0, 3)
    .map((n) => `"${n}"`)
    .join(', ');
  return `${names.length > 1 ? 'Services' : 'Service'} ${shown}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
}
