/** Labels controllers add to the pods they create, which the pod template does not carry. */
import type { Labels } from './labels.js';

export const CONTROLLER_POD_LABEL_KEYS: readonly string[] = [
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'controller-uid',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
];

/** The part of an equality selector a pod template can be judged against. */
export function withoutControllerLabels(selector: Labels): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(selector)) if (!CONTROLLER_POD_LABEL_KEYS.includes(k)) out[k] = v;
  return out;
}
