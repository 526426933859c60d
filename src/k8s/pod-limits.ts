import { aggregatePod, effectiveLimit, podOverhead, type ContainerDefaults } from './resources.js';
import type { Raw } from '../util/raw.js';

/**
 * The pod's limit for one resource as ResourceQuota counts it (PodLimits): aggregated like its
 * effective request, plus overhead; undefined when no container sets that limit.
 */
export function podEffectiveLimit(podSpec: Raw, resource: string, defaults?: ContainerDefaults): number | undefined {
  let any = false;
  const total = aggregatePod(podSpec, (c) => {
    const limit = effectiveLimit(c, resource, defaults);
    if (limit) any = true;
    return limit?.quantity.value ?? 0;
  });
  return any ? total + podOverhead(podSpec, resource) : undefined;
}
