import type { K8sObject } from '../../model/object.js';
import type { Workload } from '../../model/workload.js';
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

/**
 * Groups items by the linted workload they came from, in first-seen order; items from the cluster files
 * are dropped. A pod's origin names the workload and its source position, so namesakes in other files
 * stay apart.
 */
export function byWorkload<T>(
  workloads: readonly Workload[],
  items: readonly T[],
  originOf: (item: T) => PodOrigin | undefined,
): Array<WorkloadGroup<T>> {
  const declared = new Map<string, Workload>();
  for (const workload of workloads) {
    const { object } = workload;
    const { file, line } = object.locate([]);
    // Namespace and name as the simulator's pod origins give them (src/sim/input/expand.ts originOf).
    declared.set(
      locationKey({ kind: object.kind, namespace: object.namespace ?? 'default', name: object.name ?? '', file, line }),
      workload,
    );
  }
  const groups = new Map<string, WorkloadGroup<T>>();
  for (const item of items) {
    const origin = originOf(item);
    if (!origin) continue;
    const key = locationKey(origin);
    let group = groups.get(key);
    if (!group) {
      const workload = declared.get(key);
      if (!workload) continue;
      group = { object: workload.object, path: workload.podSpecPath, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

function locationKey(origin: PodOrigin): string {
  return `${workloadKey(origin)}@${origin.file ?? ''}:${origin.line ?? 0}`;
}

/** "web-0, web-1 and 3 more" */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
