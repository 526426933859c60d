import { parseQuantity } from './quantity.js';
import { effectiveLimit, isSidecar, type ContainerDefaults } from './resources.js';
import { isRecord, type Raw } from '../util/raw.js';

/** A pod's aggregate limit, computed like its effective request (PodLimits / AggregateContainerLimits). */

function list(podSpec: Raw, key: string): Raw[] {
  const v = podSpec[key];
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/**
 * The pod's limit for one resource as ResourceQuota counts it: max(sum of app containers and
 * sidecars, peak of each init step), plus overhead when any container sets that limit;
 * undefined when no container does.
 */
export function podEffectiveLimit(podSpec: Raw, resource: string, defaults?: ContainerDefaults): number | undefined {
  let any = false;
  const amount = (c: Raw) => {
    const limit = effectiveLimit(c, resource, defaults);
    if (limit) any = true;
    return limit?.quantity.value ?? 0;
  };
  let sumApp = 0;
  for (const c of list(podSpec, 'containers')) sumApp += amount(c);
  let sidecars = 0;
  let initPeak = 0;
  for (const ic of list(podSpec, 'initContainers')) {
    const value = amount(ic);
    if (isSidecar(ic)) {
      sumApp += value;
      sidecars += value;
      initPeak = Math.max(initPeak, sidecars);
    } else {
      initPeak = Math.max(initPeak, value + sidecars);
    }
  }
  if (!any) return undefined;
  const overhead = podSpec.overhead !== null && typeof podSpec.overhead === 'object' ? parseQuantity((podSpec.overhead as Raw)[resource])?.value ?? 0 : 0;
  return Math.max(sumApp, initPeak) + overhead;
}
