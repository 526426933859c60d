import type { Path } from '../types.js';
import { isRecord, type Raw } from '../util/raw.js';

/** HorizontalPodAutoscaler: what it targets and which metrics it computes against requests. */

export interface ScaleTargetRef {
  apiVersion?: string;
  kind: string;
  name: string;
}

export function readScaleTargetRef(hpaSpec: Raw): ScaleTargetRef | undefined {
  const ref = hpaSpec.scaleTargetRef;
  if (!isRecord(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { apiVersion: typeof ref.apiVersion === 'string' ? ref.apiVersion : undefined, kind: ref.kind, name: ref.name };
}

/** A metric whose target is a percentage of the pods' requests for a resource. */
export interface UtilizationMetric {
  resource: string;
  /** Only for ContainerResource metrics: the one container it measures. */
  container?: string;
  /** Path of the metric from the object root. */
  path: Path;
  /** No metric was written: the default CPU utilization target (80%) applies. */
  defaulted?: boolean;
}

/**
 * Utilization metrics of an HPA in any version: autoscaling/v1's targetCPUUtilizationPercentage,
 * v2/v2beta2 `target.type: Utilization`, v2beta1 `targetAverageUtilization`. AverageValue and
 * Value targets do not depend on requests and are not returned. An HPA that names no metric at all
 * scales on CPU utilization (80%): API defaulting fills it in for v2, the controller for v1.
 */
export function utilizationMetrics(hpaSpec: Raw): UtilizationMetric[] {
  const out: UtilizationMetric[] = [];
  if (hpaSpec.targetCPUUtilizationPercentage !== undefined) out.push({ resource: 'cpu', path: ['spec', 'targetCPUUtilizationPercentage'] });
  const metrics = Array.isArray(hpaSpec.metrics) ? hpaSpec.metrics : [];
  // No metric written: API defaulting (and the v1 controller) scale on CPU utilization, 80%.
  if (out.length === 0 && metrics.length === 0) return [{ resource: 'cpu', path: ['spec'], defaulted: true }];
  metrics.forEach((metric, i) => {
    if (!isRecord(metric)) return;
    const kind = metric.type === 'ContainerResource' ? 'containerResource' : metric.type === 'Resource' ? 'resource' : undefined;
    if (!kind) return;
    const source = metric[kind];
    if (!isRecord(source) || typeof source.name !== 'string') return;
    const target = isRecord(source.target) ? source.target : undefined;
    const isUtilization = target ? target.type === 'Utilization' : source.targetAverageUtilization !== undefined;
    if (!isUtilization) return;
    out.push({
      resource: source.name,
      container: kind === 'containerResource' && typeof source.container === 'string' ? source.container : undefined,
      path: ['spec', 'metrics', i],
    });
  });
  return out;
}
