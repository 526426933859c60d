import type { ManifestSet } from '../../model/manifest-set.js';
import type { K8sObject } from '../../model/object.js';
import type { Path } from '../../types.js';
import type { PodOrigin } from '../types.js';
import { workloadKey } from './keys.js';

/** What the simulation rules share: the declared object a simulated pod came from, and pods grouped by it. */

export interface WorkloadGroup<T> {
  object: K8sObject;
  /** Where the findings point: the pod spec of the workload. */
  path: Path;
  items: T[];
}

/** Groups items by the linted object they came from, in first-seen order; items from the cluster files are dropped. */
export function byWorkload<T>(
  set: ManifestSet,
  items: readonly T[],
  originOf: (item: T) => PodOrigin | undefined,
): Array<WorkloadGroup<T>> {
  const groups = new Map<string, WorkloadGroup<T>>();
  for (const item of items) {
    const origin = originOf(item);
    if (!origin) continue;
    const key = workloadKey(origin);
    let group = groups.get(key);
    if (!group) {
      const object =
        set.get(origin.kind, origin.namespace, origin.name) ??
        (origin.namespace === 'default' ? set.get(origin.kind, null, origin.name) : undefined);
      if (!object) continue;
      group = { object, path: set.workloadOf(object)?.podSpecPath ?? [], items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/** "web-0, web-1 and 3 more" */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
