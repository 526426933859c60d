import { defineRule } from '../src/engine/rule.js';
import { mentionsResource } from '../src/k8s/quantity-fields.js';
import { effectiveRequest, qosClass, type QosClass } from '../src/k8s/resources.js';
import type { Workload } from '../src/model/workload.js';
import { referenceScope } from '../src/model/scope.js';

export default defineRule({
  id: 'memory-request-missing',
  severity: 'warning',
  category: 'resources',
  summary: 'A container has no effective memory request',
  docs: {
    declared: 'no resources.requests.memory, no resources.limits.memory, and no LimitRange in the namespace that supplies a default',
    interpreted:
      'the scheduler counts this container as needing 0 bytes of memory, so the pod lands on nodes whose memory is fully booked; all its memory use is above its request, which puts the pod early in the kubelet eviction order under node memory pressure and gives the container the highest OOM score',
    fix: 'set resources.requests.memory to the memory the container needs at steady load (a memory limit alone also works: Kubernetes copies it into the request)',
  },
  check(ctx) {
    const scope = referenceScope(ctx.set);
    const qosByWorkload = new Map<Workload, QosClass>();
    for (const container of ctx.containers()) {
      const podSpec = container.workload.podSpec;
      // Pod-level resources (PodLevelResources) stand in for the containers' own.
      if (mentionsResource(podSpec, 'memory')) continue;
      // A value that does not parse is quantity-invalid's finding, not a missing request.
      if (mentionsResource(container.raw, 'memory')) continue;
      const defaults = scope.limitRanges(container.workload.object)?.defaults;
      if (effectiveRequest(container.raw, 'memory', defaults)) continue;
      let qos = qosByWorkload.get(container.workload);
      if (!qos) qosByWorkload.set(container.workload, (qos = qosClass(podSpec, defaults)));
      const consequence =
        qos === 'BestEffort'
          ? 'the pod is BestEffort (nothing in it requests or limits CPU or memory): under node memory pressure the kubelet evicts it before pods that stay within their requests, and the kernel OOM killer prefers its processes (oom_score_adj 1000)'
          : `the pod is ${qos}; memory this container uses counts against the pod's request without adding to it, so the pod exceeds its request sooner and becomes an early eviction candidate under node memory pressure${container.role === 'sidecar' ? '' : ', and the OOM killer prefers this container (oom_score_adj 999)'}`;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources', 'requests'],
        message: `Container "${container.name}" has no memory request`,
        declared: 'no resources.requests.memory and no resources.limits.memory',
        interpreted: `the scheduler counts this container as needing 0 bytes of memory, so the pod can be placed on a node whose memory is fully booked; ${consequence}`,
      });
    }
  },
});
