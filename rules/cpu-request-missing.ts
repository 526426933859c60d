import { defineRule } from '../src/engine/rule.js';
import { formatCpu } from '../src/k8s/quantity.js';
import { missingRequests } from '../src/model/missing-requests.js';

export default defineRule({
  id: 'cpu-request-missing',
  severity: 'warning',
  category: 'resources',
  summary: 'A container has no effective CPU request',
  docs: {
    catches:
      'A container with no CPU request, no CPU limit and no LimitRange default: the fit check of the scheduler counts 0 CPU for it (when nothing in the pod requests CPU, nothing stops it from landing on a node whose CPU is already fully requested); ' +
      'QoS and eviction consequences spelled out. ' +
      "A classic init container is not reported when the pod requests CPU: it runs inside the pod's reservation",
    declared: 'no resources.requests.cpu, no resources.limits.cpu, and no LimitRange in the namespace that supplies a default',
    interpreted:
      "for the fit check the scheduler counts this container as needing 0 CPU (scoring alone assumes 100m): when no other container of the pod requests CPU, nothing stops the pod from landing on a node whose CPU is already fully requested (its other requests, the pod count and every other filter still apply); otherwise this container adds nothing to the pod's request, so the scheduler reserves nothing for the CPU it uses. Under CPU contention the container gets the minimum CPU share; when no container of the pod requests anything, the pod is BestEffort and under node pressure is evicted before pods that stay within their requests (priority also counts)",
    fix: 'set resources.requests.cpu to the CPU the container needs at steady load (a CPU limit alone also works: Kubernetes copies it into the request)',
  },
  check(ctx) {
    for (const { container, qos, podRequest } of missingRequests(ctx, 'cpu')) {
      const consequence =
        qos === 'BestEffort'
          ? 'the pod is BestEffort: nothing in it requests CPU or memory, so under node memory or disk pressure the kubelet evicts it before pods that stay within their requests (priority also counts); a CPU request alone makes it Burstable but does not change that order, which follows memory and disk use against requests'
          : `the pod is ${qos}; this container gets the minimum CPU weight (cpu.shares 2 on cgroup v1, cpu.weight 1 on cgroup v2, against 1024 shares per requested core) whenever the node is busy, so it can starve`;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources', 'requests'],
        message: `Container "${container.name}" of ${container.workload.object.display} has no CPU request`,
        declared: 'no resources.requests.cpu and no resources.limits.cpu',
        interpreted: `${placement(podRequest)}; ${consequence}`,
      });
    }
  },
});

/** What the scheduler's fit check makes of the missing request, given the pod's total CPU request. */
function placement(podRequest: number): string {
  return podRequest === 0
    ? 'for the fit check the scheduler counts this container as needing 0 CPU, and no other container of the pod requests any, so nothing stops the pod from landing on a node whose CPU is already fully requested (its other requests, the pod count and every other filter still apply)'
    : `this container adds nothing to the pod's CPU request (${formatCpu(podRequest)} in total), so for the fit check the scheduler reserves nothing for the CPU it uses`;
}
