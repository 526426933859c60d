import { defineRule } from '../src/engine/rule.js';
import { formatBytes, formatCpu } from '../src/k8s/quantity.js';
import { qosClass } from '../src/k8s/resources.js';
import type { Workload } from '../src/model/workload.js';

/** Overcommittable resources: for extended resources and hugepages request = limit is the only valid form. */
const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;

export default defineRule({
  id: 'limits-become-requests',
  severity: 'info',
  category: 'resources',
  summary: 'A container declares only limits: the scheduler reserves the full limits',
  docs: {
    catches: 'Only limits written: the scheduler books the full limits',
    declared: 'resources.limits without the matching resources.requests',
    interpreted:
      'Kubernetes copies each limit into the missing request, so the scheduler books the full limit on the node for this container even if it usually uses much less; nodes can fill up with reservations nobody uses',
    fix: 'write the request you expect at steady load next to the limit; if you want request = limit (Guaranteed QoS), write both so the intent is visible',
  },
  check(ctx) {
    const guaranteed = new Map<Workload, boolean>();
    for (const container of ctx.containers()) {
      const copied = RESOURCES.flatMap((resource) => {
        const limit = container.facts.limit(resource);
        return limit && container.facts.written('requests', resource) === undefined ? [{ resource, limit }] : [];
      });
      if (copied.length === 0) continue;
      const list = copied
        .map(({ resource, limit }) => `${resource} ${resource === 'cpu' ? formatCpu(limit.value) : formatBytes(limit.value)}`)
        .join(', ');
      let isGuaranteed = guaranteed.get(container.workload);
      if (isGuaranteed === undefined)
        guaranteed.set(
          container.workload,
          (isGuaranteed =
            qosClass(container.workload.podSpec, ctx.around(container.workload.object).limitRanges()?.defaults) === 'Guaranteed'),
        );
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources', 'limits'],
        message: `Container "${container.name}" declares only limits for ${copied.map((c) => c.resource).join(' and ')}: its requests become ${list}`,
        declared: `resources.limits ${copied.map(({ resource, limit }) => `${resource}: ${limit.text}`).join(', ')} with no matching requests`,
        interpreted: `Kubernetes copies each limit into the missing request, so the scheduler books ${list} on the node for this container whether it uses it or not${isGuaranteed ? '; the pod is Guaranteed (every container has requests equal to limits)' : ''}`,
      });
    }
  },
});
