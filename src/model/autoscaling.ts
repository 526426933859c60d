import { readScaleTargetRef } from '../k8s/hpa.js';
import type { ManifestSet } from './manifest-set.js';
import type { K8sObject } from './object.js';

/** The HPA (first declared) that scales each object of the set, keyed by the target object. */
export function autoscalersByTarget(set: ManifestSet): Map<K8sObject, K8sObject> {
  const out = new Map<K8sObject, K8sObject>();
  for (const hpa of set.ofKind('HorizontalPodAutoscaler')) {
    const spec = hpa.get(['spec']);
    const ref = spec && typeof spec === 'object' ? readScaleTargetRef(spec as Record<string, unknown>) : undefined;
    const target = ref && set.resolveRef(hpa.namespace, ref);
    if (target && !out.has(target)) out.set(target, hpa);
  }
  return out;
}
