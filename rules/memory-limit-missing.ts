import { defineRule } from '../src/engine/rule.js';
import { writtenValue } from '../src/k8s/quantity-fields.js';

export default defineRule({
  id: 'memory-limit-missing',
  severity: 'warning',
  category: 'resources',
  summary: 'A container has no memory limit',
  docs: {
    catches: "No memory limit and no LimitRange default: the container can eat its neighbours' memory",
    declared: 'no resources.limits.memory, and no LimitRange in the namespace that supplies a default limit',
    interpreted:
      "nothing caps the container's memory: it can grow into memory its neighbours requested until the node runs short; then the kubelet evicts pods and the kernel OOM killer kills processes, possibly in other pods",
    fix: "set resources.limits.memory a little above the container's peak use; the container alone is then OOM-killed (and restarted) when it leaks",
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const podSpec = container.workload.podSpec;
      // Pod-level resources (PodLevelResources) stand in for the containers' own.
      if (writtenValue(podSpec, 'limits', 'memory') !== undefined) continue;
      // A value that does not parse is quantity-invalid's finding, not a missing limit.
      if (container.facts.written('limits', 'memory') !== undefined) continue;
      const defaults = ctx.around(container.workload.object).limitRanges()?.defaults;
      if (container.facts.effectiveLimit('memory', defaults)) continue;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources', 'limits'],
        message: `Container "${container.name}" of ${container.workload.object.display} has no memory limit`,
      });
    }
  },
});
