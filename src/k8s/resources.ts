import { parseQuantity, type Quantity } from './quantity.js';
import { usableQuantity } from './quantity-mistakes.js';
import { own, record, type Raw } from '../util/raw.js';

/** Where an effective request comes from. */
export type RequestSource = 'request' | 'limit' | 'limitrange-default';

export interface EffectiveQuantity {
  quantity: Quantity;
  source: RequestSource;
}

/** Defaults a LimitRange (type Container) would fill in at admission, per resource. */
export interface ContainerDefaults {
  defaultRequest: Record<string, Quantity>;
  defaultLimit: Record<string, Quantity>;
}

function written(container: Raw, kind: 'requests' | 'limits', resource: string): unknown {
  const values = record(record(container.resources)?.[kind]);
  return values && own(values, resource);
}

/** The request as written, when usable (see usableQuantity). */
export function declaredRequest(container: Raw, resource: string): Quantity | undefined {
  return usableQuantity(resource, written(container, 'requests', resource));
}

/** The limit as written, when usable (see usableQuantity). */
export function declaredLimit(container: Raw, resource: string): Quantity | undefined {
  return usableQuantity(resource, written(container, 'limits', resource));
}

/** Whether the container writes a request or limit for the resource that is invalid or a unit mistake. */
export function hasUnusableValue(container: Raw, resource: string): boolean {
  return (['requests', 'limits'] as const).some((kind) => {
    const value = written(container, kind, resource);
    return value !== undefined && usableQuantity(resource, value) === undefined;
  });
}

/** Whether the container writes any request or limit (any resource, valid or not). */
export function declaresAnyResource(container: Raw): boolean {
  const resources = record(container.resources);
  return (['requests', 'limits'] as const).some((kind) => Object.keys(record(resources?.[kind]) ?? {}).length > 0);
}

/**
 * The request a created Pod's container ends up with: the declared request; else the declared
 * limit (API defaulting copies it, before admission); else a LimitRange defaultRequest. A request
 * written but unusable is not replaced: defaulting copies the limit only into an absent request.
 */
export function effectiveRequest(container: Raw, resource: string, defaults?: ContainerDefaults): EffectiveQuantity | undefined {
  const request = declaredRequest(container, resource);
  if (request) return { quantity: request, source: 'request' };
  if (written(container, 'requests', resource) !== undefined) return undefined;
  const limit = declaredLimit(container, resource);
  if (limit) return { quantity: limit, source: 'limit' };
  if (written(container, 'limits', resource) !== undefined) return undefined;
  const fallback = defaults?.defaultRequest[resource];
  if (fallback) return { quantity: fallback, source: 'limitrange-default' };
  return undefined;
}

/** The limit after admission: declared, else a LimitRange default limit. */
export function effectiveLimit(container: Raw, resource: string, defaults?: ContainerDefaults): EffectiveQuantity | undefined {
  const limit = declaredLimit(container, resource);
  if (limit) return { quantity: limit, source: 'request' };
  if (written(container, 'limits', resource) !== undefined) return undefined;
  const fallback = defaults?.defaultLimit[resource];
  if (fallback) return { quantity: fallback, source: 'limitrange-default' };
  return undefined;
}

/**
 * A container's `resources` as the created Pod carries them: API defaulting first copies each limit
 * without a request into the request, then LimitRanger fills what is still missing from the
 * LimitRange's default limits and default requests. Quantities keep their text; unparsable ones stay as written.
 */
export function admittedResources(container: Raw, defaults?: ContainerDefaults): { requests: Raw; limits: Raw } {
  const declared = record(container.resources);
  const requests: Raw = { ...record(declared?.requests) };
  const limits: Raw = { ...record(declared?.limits) };
  for (const [name, limit] of Object.entries(limits)) if (!Object.hasOwn(requests, name)) requests[name] = limit;
  for (const [name, q] of Object.entries(defaults?.defaultLimit ?? {})) if (!Object.hasOwn(limits, name)) limits[name] = q.text;
  for (const [name, q] of Object.entries(defaults?.defaultRequest ?? {})) if (!Object.hasOwn(requests, name)) requests[name] = q.text;
  return { requests, limits };
}

export function isSidecar(initContainer: Raw): boolean {
  return initContainer.restartPolicy === 'Always';
}

function list(podSpec: Raw, key: string): Raw[] {
  const v = podSpec[key];
  return Array.isArray(v) ? (v.filter((c) => record(c)) as Raw[]) : [];
}

/**
 * How the scheduler, quota and kubelet admission add up one resource over a pod
 * (PodRequests / AggregateContainerRequests): max(sum of app containers and sidecars, peak of each
 * init step, where earlier sidecars keep running), without overhead.
 */
export function aggregatePod(podSpec: Raw, amount: (container: Raw) => number): number {
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
  return Math.max(sumApp, initPeak);
}

/** `spec.overhead` for a resource (set from the RuntimeClass by admission), 0 when none. */
export function podOverhead(podSpec: Raw, resource: string): number {
  return parseQuantity(record(podSpec.overhead)?.[resource])?.value ?? 0;
}

/**
 * The Pod's effective request for one resource as the scheduler, quota and kubelet admission
 * compute it: the aggregate of its containers' effective requests, plus overhead.
 */
export function podEffectiveRequest(podSpec: Raw, resource: string, defaults?: ContainerDefaults): number {
  return aggregatePod(podSpec, (c) => effectiveRequest(c, resource, defaults)?.quantity.value ?? 0) + podOverhead(podSpec, resource);
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/**
 * QoS class as the kubelet computes it (GetPodQOS): only cpu and memory count, zero counts as
 * absent, init containers and sidecars included, requests defaulted from limits.
 */
export function qosClass(podSpec: Raw, defaults?: ContainerDefaults): QosClass {
  const containers = [...list(podSpec, 'containers'), ...list(podSpec, 'initContainers')];
  let anyResource = false;
  let guaranteedPossible = true;
  const sums = { request: { cpu: 0, memory: 0 }, limit: { cpu: 0, memory: 0 } };
  for (const c of containers) {
    for (const resource of ['cpu', 'memory'] as const) {
      const request = effectiveRequest(c, resource, defaults)?.quantity.value ?? 0;
      const limit = effectiveLimit(c, resource, defaults)?.quantity.value ?? 0;
      if (request > 0 || limit > 0) anyResource = true;
      if (limit <= 0) guaranteedPossible = false;
      sums.request[resource] += request;
      sums.limit[resource] += limit;
    }
  }
  if (!anyResource) return 'BestEffort';
  if (guaranteedPossible && sums.request.cpu === sums.limit.cpu && sums.request.memory === sums.limit.memory) return 'Guaranteed';
  return 'Burstable';
}
