// What hpa-metric-without-request says, apart from when it says it (rules/hpa-metric-without-request.ts).
import type { UtilizationMetric } from '../src/k8s/hpa.js';
import type { K8sObject } from '../src/model/object.js';
import type { Container, Workload } from '../src/model/workload.js';

export interface MissingRequest {
  hpa: K8sObject;
  workload: Workload;
  metric: UtilizationMetric;
  lacking: Container[];
  /** The HPA scales on other metrics too: a broken one stops scale-down on them. */
  otherMetrics: boolean;
}

export function missingRequestText({ hpa, workload, metric, lacking, otherMetrics }: MissingRequest) {
  const names = lacking.map((c) => `"${c.name}"`).join(', ');
  const plural = lacking.length > 1;
  const target = metric.defaulted
    ? 'no metrics, so the default CPU Utilization target (80%) applies'
    : `a ${metric.resource} Utilization target${metric.container ? ` for container "${metric.container}"` : ''}`;
  return {
    message: `HPA "${hpa.name}" scales ${workload.object.display} on ${metric.resource} utilization${metric.defaulted ? ' (the default when no metric is written)' : ''}, but container${plural ? 's' : ''} ${names} request${plural ? '' : 's'} no ${metric.resource}`,
    declared: `${target}; no resources.requests.${metric.resource} (nor a limit or LimitRange default) on ${names}`,
    interpreted: `utilization is ${metric.resource} usage divided by the request; without a request for ${names} the HPA cannot compute it, shows <unknown> for this metric and never scales on it${otherMetrics ? '; while this metric cannot be computed, the HPA does not scale down on its other metrics either (it can still scale up)' : ''}`,
    fix: `set resources.requests.${metric.resource} on ${names}, or use an AverageValue target for ${metric.resource}`,
    related: lacking.map((c) => ({
      object: workload.object,
      path: [...c.path, 'resources'],
      message: `container "${c.name}" has no ${metric.resource} request`,
    })),
  };
}
