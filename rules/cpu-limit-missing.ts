import { defineRule } from '../src/engine/rule.js';
import { writtenValue } from '../src/k8s/quantity-fields.js';

export default defineRule({
  id: 'cpu-limit-missing',
  severity: 'info',
  category: 'resources',
  enabledByDefault: false,
  summary: 'A container has no CPU limit (opt-in: often deliberate)',
  docs: {
    catches: 'No CPU limit (often deliberate: no throttling); turn on with `rules: { cpu-limit-missing: info }`',
    declared: 'no resources.limits.cpu, and no LimitRange in the namespace that supplies a default limit',
    interpreted:
      "no CFS quota is set: the container may use any idle CPU on the node and is never throttled; under contention CPU is shared in proportion to requests, so it cannot take CPU its neighbours requested. That is often what you want; it only makes the pod's speed depend on how busy the node is",
    fix: 'leave it unset to let the container use idle CPU; set resources.limits.cpu only when you need a hard cap (predictable performance, billing), knowing the container is throttled at the cap even on an idle node',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const podSpec = container.workload.podSpec;
      // Pod-level resources (PodLevelResources) stand in for the containers' own.
      if (writtenValue(podSpec, 'limits', 'cpu') !== undefined) continue;
      // A value that does not parse is quantity-invalid's finding, not a missing limit.
      if (container.facts.written('limits', 'cpu') !== undefined) continue;
      const defaults = ctx.around(container.workload.object).limitRanges()?.defaults;
      if (container.facts.effectiveLimit('cpu', defaults)) continue;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources', 'limits'],
        message: `Container "${container.name}" of ${container.workload.object.display} has no CPU limit`,
      });
    }
  },
});
