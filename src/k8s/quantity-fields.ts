import { formatPath, type Path } from '../types.js';
import { record, type Raw } from '../util/raw.js';

/** Where quantities live in the objects kube-intent reads, as (path, resource, value) triples. */

export interface QuantityField {
  /** Path of the value from the object root. */
  path: Path;
  /** The resource name the value is for (cpu, memory, storage, requests.cpu, ...). */
  resource: string;
  value: unknown;
}

function mapFields(map: unknown, path: Path, out: QuantityField[]): void {
  for (const [resource, value] of Object.entries(record(map) ?? {})) out.push({ path: [...path, resource], resource, value });
}

function requirementsFields(resources: unknown, path: Path, out: QuantityField[]): void {
  mapFields(record(resources)?.requests, [...path, 'requests'], out);
  mapFields(record(resources)?.limits, [...path, 'limits'], out);
}

/**
 * Quantities of a pod spec: container and init container requests/limits, pod-level
 * resources, overhead and emptyDir size limits. `podSpecPath` is the pod spec's path from the object root.
 */
export function podSpecQuantityFields(podSpec: Raw, podSpecPath: Path): QuantityField[] {
  const out: QuantityField[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    const items = podSpec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, i) => requirementsFields(record(c)?.resources, [...podSpecPath, list, i, 'resources'], out));
  }
  requirementsFields(podSpec.resources, [...podSpecPath, 'resources'], out);
  mapFields(podSpec.overhead, [...podSpecPath, 'overhead'], out);
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  volumes.forEach((v, i) => {
    const emptyDir = record(record(v)?.emptyDir);
    if (emptyDir && emptyDir.sizeLimit !== undefined)
      out.push({
        path: [...podSpecPath, 'volumes', i, 'emptyDir', 'sizeLimit'],
        resource: emptyDir.medium === 'Memory' ? 'memory' : 'ephemeral-storage',
        value: emptyDir.sizeLimit,
      });
  });
  return out;
}

const LIMIT_RANGE_KEYS = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

/**
 * Quantities of the non-pod objects that carry them: LimitRange items, ResourceQuota `hard`,
 * PersistentVolumeClaim requests/limits, StatefulSet volumeClaimTemplates.
 */
export function objectQuantityFields(kind: string, raw: Raw): QuantityField[] {
  const out: QuantityField[] = [];
  const spec = record(raw.spec) ?? {};
  if (kind === 'LimitRange') {
    const items = Array.isArray(spec.limits) ? spec.limits : [];
    items.forEach((item, i) => {
      for (const key of LIMIT_RANGE_KEYS) mapFields(record(item)?.[key], ['spec', 'limits', i, key], out);
    });
  } else if (kind === 'ResourceQuota') {
    mapFields(spec.hard, ['spec', 'hard'], out);
  } else if (kind === 'PersistentVolumeClaim') {
    requirementsFields(spec.resources, ['spec', 'resources'], out);
  } else if (kind === 'StatefulSet') {
    const templates = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
    templates.forEach((t, i) =>
      requirementsFields(record(record(t)?.spec)?.resources, ['spec', 'volumeClaimTemplates', i, 'spec', 'resources'], out),
    );
  }
  return out;
}

/** The value a container writes for a resource in `requests` or `limits`, as written (valid or not). */
export function writtenValue(container: Raw, kind: 'requests' | 'limits', resource: string): unknown {
  return record(record(container.resources)?.[kind])?.[resource];
}

/** Whether a container mentions the resource in requests or limits at all, valid quantity or not. */
export function mentionsResource(container: Raw, resource: string): boolean {
  return writtenValue(container, 'requests', resource) !== undefined || writtenValue(container, 'limits', resource) !== undefined;
}

/** How a finding names a quantity field: `container "web" requests.memory`, else the path from the object root. */
export function describeQuantityField(objectRaw: Raw, path: Path): string {
  const at = path.findIndex((seg) => seg === 'containers' || seg === 'initContainers');
  if (at === -1) return formatPath(path);
  let container: unknown = objectRaw;
  for (const seg of path.slice(0, at + 2))
    container = container !== null && typeof container === 'object' ? (container as Record<string | number, unknown>)[seg] : undefined;
  const name = record(container)?.name;
  return `container "${typeof name === 'string' ? name : `#${path[at + 1]}`}" ${formatPath(path.slice(at + 3))}`;
}
