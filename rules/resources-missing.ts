import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { writtenValue } from '../src/k8s/quantity-fields.js';
import { missingRequests } from '../src/model/missing-requests.js';
import type { Container } from '../src/model/workload.js';

/** The per-resource findings a container with no resources at all gets one line for instead. */
const REPLACED = ['cpu-request-missing', 'memory-request-missing', 'memory-limit-missing', 'cpu-limit-missing'];

export default defineRule({
  id: 'resources-missing',
  severity: 'warning',
  category: 'resources',
  summary: 'A container declares no resources at all: no CPU or memory request, no memory limit',
  replaces: REPLACED,
  docs: {
    catches:
      'A container that writes no requests and no limits, and gets none from pod-level resources or a LimitRange default: one finding instead of cpu-request-missing, memory-request-missing and memory-limit-missing (and cpu-limit-missing when on). ' +
      'A container that declares some resources but misses one still gets the finding of the one it misses. ' +
      'With `resources-missing: off` the individual findings come back; a suppression of an individual rule keeps it suppressed, and when every finding this one replaces is suppressed, this one is too.',
    declared: 'no resources: no CPU or memory request, no memory limit, and no LimitRange in the namespace that supplies a default',
    interpreted:
      'the scheduler reserves no CPU or memory for the container and nothing caps its memory; when no container of the pod requests anything the pod is BestEffort, and under node memory pressure the kubelet evicts it before pods that stay within their requests (priority also counts)',
    fix: 'set resources.requests.cpu and resources.requests.memory to what the container needs at steady load, and resources.limits.memory a little above its peak',
  },
  check(ctx) {
    const withoutCpu = new Set(missingRequests(ctx, 'cpu').map((m) => m.container));
    for (const { container, qos } of missingRequests(ctx, 'memory')) {
      if (!withoutCpu.has(container) || container.facts.declaresResources() || hasMemoryLimit(ctx, container)) continue;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources'],
        message: `Container "${container.name}" of ${container.workload.object.display} declares no resources`,
        interpreted:
          qos === 'BestEffort'
            ? 'no container of the pod requests CPU or memory, so the pod is BestEffort: its requests do not stop the scheduler from placing it on a node whose CPU and memory are already fully requested (the pod count and every other filter still apply), nothing caps its memory, and under node memory pressure the kubelet evicts it before pods that stay within their requests (priority also counts)'
            : `the pod is ${qos}, but the scheduler reserves no CPU or memory for this container and nothing caps its memory: the memory it uses counts against the pod's request without adding to it, so the pod exceeds its request sooner and becomes an early eviction candidate under node memory pressure`,
      });
    }
  },
});

/** A memory limit from pod-level resources or a LimitRange default. */
function hasMemoryLimit(ctx: RuleContext, container: Container): boolean {
  if (writtenValue(container.workload.podSpec, 'limits', 'memory') !== undefined) return true;
  const defaults = ctx.around(container.workload.object).limitRanges()?.defaults;
  return container.facts.effectiveLimit('memory', defaults) !== undefined;
}
