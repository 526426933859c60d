import { defineRule } from '../src/engine/rule.js';
import { utilizationMetrics } from '../src/k8s/hpa.js';
import { writtenValue } from '../src/k8s/quantity-fields.js';
import { missingRequestText } from './hpa-metric-without-request.messages.js';

export default defineRule({
  id: 'hpa-metric-without-request',
  severity: 'error',
  category: 'resources',
  summary: 'An HPA scales on CPU/memory utilization of containers that request none: it cannot scale on that metric',
  docs: {
    catches:
      'An HPA scales on CPU/memory `Utilization` of a workload whose containers have no such request: the HPA shows `<unknown>` and never scales on it',
    declared: 'an HPA with a Utilization target for cpu or memory, on a workload whose containers set no request for that resource',
    interpreted:
      'utilization is usage divided by request; with a container missing the request the HPA cannot compute it, shows <unknown> and takes no action for that metric; while one metric cannot be computed, the HPA does not scale down on its other metrics either (it can still scale up)',
    fix: 'set resources.requests for that resource on every container of the workload (or on the named container for a ContainerResource metric), or switch the metric to an AverageValue target',
    details:
      'App containers and sidecars (init containers with restartPolicy: Always) are checked: since 1.29 the HPA sums the requests of both and fails on a missing one, so a sidecar without the request breaks a Resource metric, and a ContainerResource metric naming it. Classic init containers are not counted. A request copied from a limit or filled in by a single LimitRange default counts as a request. A pod-level request (spec.resources.requests, PodLevelResources, on by default since 1.34) is what the HPA divides by for a Resource metric, so containers without their own request are not reported then.',
  },
  check(ctx) {
    for (const hpa of ctx.objects('HorizontalPodAutoscaler')) {
      const spec = hpa.spec;
      // Without a namespace of its own, an HPA targets a workload of its own folder, not a namesake in an unrelated one.
      const target = ctx.around(hpa).scaleTarget();
      const workload = target && ctx.around(target).workload;
      if (!workload) continue;
      const defaults = ctx.around(workload.object).limitRanges()?.defaults;
      for (const metric of utilizationMetrics(spec)) {
        // The HPA divides by the pod-level request when the pod sets one (a Resource metric only).
        if (metric.container === undefined && writtenValue(workload.podSpec, 'requests', metric.resource) !== undefined) continue;
        // Utilization is computed over app containers and sidecars (or the one a ContainerResource metric names).
        const measured = workload.longRunningContainers.filter((c) => metric.container === undefined || c.name === metric.container);
        const lacking = measured.filter(
          (c) => c.facts.written('requests', metric.resource) === undefined && !c.facts.effectiveRequest(metric.resource, defaults),
        );
        if (lacking.length === 0) continue;
        ctx.report({
          object: hpa,
          path: metric.path,
          ...missingRequestText({ hpa, workload, metric, lacking, otherMetrics: metricCount(spec) > 1 }),
        });
      }
    }
  },
});

/** How many metrics the HPA scales on, whatever their type. */
function metricCount(spec: Record<string, unknown>): number {
  return (Array.isArray(spec.metrics) ? spec.metrics.length : 0) + (spec.targetCPUUtilizationPercentage !== undefined ? 1 : 0);
}
