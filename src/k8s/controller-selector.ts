import { isEmptySelector, readSelector, readLabels, selectorMatches, type LabelSelector, type Labels } from './labels.js';
import { type Raw } from '../util/raw.js';

/** Whether the API server accepts a controller's selector against its own pod template labels. */

export type SelectorVerdict =
  { ok: true } | { ok: false; problem: 'missing' | 'empty' | 'mismatch' | 'job-manual-selector'; selector?: LabelSelector };

/**
 * apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet: `spec.selector` is required, may not be
 * empty, and must match the template labels. batch/v1 Job: a selector the user writes is rejected
 * ("`selector` not auto-generated") unless `manualSelector: true`, and must then match the template labels. v1 ReplicationController: an
 * absent or empty selector is defaulted from the template labels; a written one must match them.
 * Undefined for anything else (deprecated groups defaulted the selector from the labels).
 */
export function judgeControllerSelector(kind: string, apiVersion: string, spec: Raw, templateLabels: Labels): SelectorVerdict | undefined {
  if (apiVersion === 'apps/v1' && ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(kind)) {
    const selector = readSelector(spec.selector);
    if (!selector) return { ok: false, problem: 'missing' };
    if (isEmptySelector(selector)) return { ok: false, problem: 'empty', selector };
    return matchVerdict(selector, templateLabels);
  }
  if (apiVersion === 'batch/v1' && kind === 'Job') {
    const selector = readSelector(spec.selector);
    if (!selector || isEmptySelector(selector)) return { ok: true };
    if (spec.manualSelector !== true) return { ok: false, problem: 'job-manual-selector', selector };
    return matchVerdict(selector, templateLabels);
  }
  if (apiVersion === 'v1' && kind === 'ReplicationController') {
    const selector = readLabels(spec.selector);
    if (Object.keys(selector).length === 0) return { ok: true };
    return matchVerdict({ matchLabels: selector }, templateLabels);
  }
  return undefined;
}

function matchVerdict(selector: LabelSelector, labels: Labels): SelectorVerdict {
  return selectorMatches(selector, labels) ? { ok: true } : { ok: false, problem: 'mismatch', selector };
}
