import { formatPath, type Path } from '../types.js';
import { record, type Raw } from '../util/raw.js';

/** Where quantities live in the objects kube-intent reads, as (path, resource, value) triples. */

export interface QuantityField {
  /** Path of the value from the object root. */
  path: Path;
  /** The resource name the value is for (cpu, memory, storage, requests.cpu, ...). */
  resource: string;
  value: unknown;
  /** How a finding names the field: `container "web" requests.memory`, else the path from the object root. */
  label: string;
}

/** `owner` names the container the map belongs to, when it does. */
function mapFields(map: unknown, path: Path, out: QuantityField[], owner?: { name: string; depth: number }): void {
  for (const [resource, value] of Object.entries(record(map) ?? {})) {
    const at = [...path, resource];
    const label = owner ? `container "${owner.name}" ${formatPath(at.slice(owner.depth))}` : formatPath(at);
    out.push({ path: at, resource, value, label });
  }
}

function requirementsFields(resources: unknown, path: Path, out: QuantityField[], owner?: { name: string; depth: number }): void {
  mapFields(record(resources)?.requests, [...path, 'requests'], out, owner);
  mapFields(record(resources)?.limits, [...path, 'limits'], out, owner);
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
    items.forEach((c, i) => {
      const name = record(c)?.name;
      const owner = { name: typeof name === 'string' ? name : `#${i}`, depth: podSpecPath.length + 3 };
      requirementsFields(record(c)?.resources, [...podSpecPath, list, i, 'resources'], out, owner);
    });
  }
  requirementsFields(podSpec.resources, [...podSpecPath, 'resources'], out);
  mapFields(podSpec.overhead, [...podSpecPath, 'overhead'], out);
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  volumes.forEach((v, i) => {
    const emptyDir = record(record(v)?.emptyDir);
    if (emptyDir && emptyDir.sizeLimit !== undefined) {
      const path = [...podSpecPath, 'volumes', i, 'emptyDir', 'sizeLimit'];
      const resource = emptyDir.medium === 'Memory' ? 'memory' : 'ephemeral-storage';
      out.push({ path, resource, value: emptyDir.sizeLimit, label: formatPath(path) });
    }
  });
  return out;
}

const LIMIT_RANGE_KEYS = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

/**
 * Quantities of the non-pod objects that carry them: LimitRange items, ResourceQuota `hard`,
 * PersistentVolumeClaim requests/limits, StatefulSet volumeClaimTemplates.
 */
export function objectQuantityFields(kind: string, spec: Raw): QuantityField[] {
  const out: QuantityField[] = [];
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
