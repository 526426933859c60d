import { defineRule } from '../src/engine/rule.js';
import { formatBytes } from '../src/k8s/quantity.js';
import { missingRequests } from '../src/model/missing-requests.js';

export default defineRule({
  id: 'memory-request-missing',
  severity: 'warning',
  category: 'resources',
  summary: 'A container has no effective memory request',
  docs: {
    catches:
      'A container with no memory request, no memory limit and no LimitRange default: the fit check of the scheduler books 0 bytes for it (an early eviction candidate; unless it is a sidecar or the pod is system-node-critical, its OOM score is high)',
    declared: 'no resources.requests.memory, no resources.limits.memory, and no LimitRange in the namespace that supplies a default',
    interpreted:
      "for the fit check the scheduler counts this container as needing 0 bytes of memory (scoring alone assumes 200Mi): when no other container of the pod requests memory, nothing stops the pod from landing on a node whose memory is already fully requested (its other requests, the pod count and every other filter still apply); otherwise this container adds nothing to the pod's request, so the scheduler reserves nothing for the memory it uses. All the memory it uses counts against the pod's request without adding to it, which makes the pod more likely to exceed its request, which ranks it early for eviction under memory pressure. The kernel OOM killer ranks the container high (oom_score_adj 999 in a Burstable pod, 1000 in a BestEffort one), except a sidecar, whose score is capped at its app containers', and pods of the system-node-critical priority class, which get -997",
    fix: 'set resources.requests.memory to the memory the container needs at steady load (a memory limit alone also works: Kubernetes copies it into the request)',
  },
  check(ctx) {
    for (const { container, qos, podRequest } of missingRequests(ctx, 'memory')) {
      const nodeCritical = container.workload.podSpec.priorityClassName === 'system-node-critical';
      const consequence =
        qos === 'BestEffort'
          ? `the pod is BestEffort (nothing in it requests or limits CPU or memory): under node memory pressure the kubelet evicts it before pods that stay within their requests, ${nodeCritical ? 'although its system-node-critical priority class gives its containers oom_score_adj -997' : 'and the kernel OOM killer prefers its processes (oom_score_adj 1000)'}`
          : `the pod is ${qos}; memory this container uses counts against the pod's request without adding to it, so the pod exceeds its request sooner and becomes an early eviction candidate under node memory pressure${container.role === 'sidecar' || nodeCritical ? '' : ', and the OOM killer prefers this container (oom_score_adj 999)'}`;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources', 'requests'],
        message: `Container "${container.name}" of ${container.workload.object.display} has no memory request`,
        declared: 'no resources.requests.memory and no resources.limits.memory',
        interpreted: `${placement(podRequest)}; ${consequence}`,
      });
    }
  },
});

/** What the scheduler's fit check makes of the missing request, given the pod's total memory request. */
function placement(podRequest: number): string {
  return podRequest === 0
    ? 'for the fit check the scheduler counts this container as needing 0 bytes of memory, and no other container of the pod requests any, so nothing stops the pod from landing on a node whose memory is already fully requested (its other requests, the pod count and every other filter still apply)'
    : `this container adds nothing to the pod's memory request (${formatBytes(podRequest)} in total), so for the fit check the scheduler reserves nothing for the memory it uses`;
}
