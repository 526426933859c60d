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
      'A container with no memory request, no memory limit and no LimitRange default: the scheduler books 0 bytes for it (an early eviction candidate, with a high OOM score)',
    declared: 'no resources.requests.memory, no resources.limits.memory, and no LimitRange in the namespace that supplies a default',
    interpreted:
      "for the fit check the scheduler counts this container as needing 0 bytes of memory (scoring alone assumes 200Mi): when no other container of the pod requests memory, the pod fits on any node, even one whose memory is fully booked; otherwise this container adds nothing to the pod's request, so the scheduler reserves nothing for the memory it uses. All the memory it uses counts against the pod's request without adding to it, which makes the pod more likely to exceed its request, which ranks it early for eviction under memory pressure; the OOM killer also prefers the container",
    fix: 'set resources.requests.memory to the memory the container needs at steady load (a memory limit alone also works: Kubernetes copies it into the request)',
  },
  check(ctx) {
    for (const { container, qos, podRequest } of missingRequests(ctx, 'memory')) {
      const consequence =
        qos === 'BestEffort'
          ? 'the pod is BestEffort (nothing in it requests or limits CPU or memory): under node memory pressure the kubelet evicts it before pods that stay within their requests, and the kernel OOM killer prefers its processes (oom_score_adj 1000)'
          : `the pod is ${qos}; memory this container uses counts against the pod's request without adding to it, so the pod exceeds its request sooner and becomes an early eviction candidate under node memory pressure${container.role === 'sidecar' ? '' : ', and the OOM killer prefers this container (oom_score_adj 999)'}`;
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
    ? 'for the fit check the scheduler counts this container as needing 0 bytes of memory, and no other container of the pod requests any, so the pod fits on any node, even one whose memory is fully booked'
    : `this container adds nothing to the pod's memory request (${formatBytes(podRequest)} in total), so for the fit check the scheduler reserves nothing for the memory it uses`;
}
