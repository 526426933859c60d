// What limitrange-violation says, apart from when it says it (rules/limitrange-violation.ts).
// LimitRanger's own 403 texts are quoted as the API server words them, with canonical quantities.
import type { K8sObject } from '../src/model/object.js';
import type { Container, Workload } from '../src/model/workload.js';
import { canonicalQuantity, formatBytes, formatCpu, type Quantity } from '../src/k8s/quantity.js';
import type { Claim, Value } from './limitrange-violation.js';

export interface Texts {
  message: string;
  declared: string;
  interpreted: string;
  fix: string;
}

/** A container finding: the message (also the start of `declared`), LimitRanger's words, the fix. */
export interface ContainerText {
  message: string;
  apiMessage: string;
  fix: string;
}

export interface BoundBreach {
  resource: string;
  kind: 'request' | 'limit';
  value: Value;
  range: K8sObject;
  bound: Quantity;
  /** The value LimitRanger's message names (see apiQuote). */
  quoted: string;
}

export const containerText = {
  belowMin: ({ resource, kind, value, range, bound, quoted }: BoundBreach): ContainerText => ({
    message: `${describe(kind, value)} for ${resource} is below LimitRange "${range.name}" minimum ${bound.text}`,
    apiMessage: `minimum ${resource} usage per Container is ${canonicalQuantity(bound)}, but ${quoted}`,
    fix: `raise the ${resource} ${kind} to at least ${bound.text}`,
  }),
  aboveMax: ({ resource, kind, value, range, bound, quoted }: BoundBreach): ContainerText => ({
    message: `${describe(kind, value)} for ${resource} is above LimitRange "${range.name}" maximum ${bound.text}`,
    apiMessage: `maximum ${resource} usage per Container is ${canonicalQuantity(bound)}, but ${quoted}`,
    fix: `lower the ${resource} ${kind} to at most ${bound.text}`,
  }),
  ratioUnset: (resource: string, absent: 'request' | 'limit', range: K8sObject, ratio: Quantity): ContainerText => ({
    message: `sets no ${resource} ${absent}, and no LimitRange fills one in, but LimitRange "${range.name}" bounds the ${resource} limit/request ratio (${ratio.text})`,
    apiMessage: `${resource} max limit to request ratio per Container is ${canonicalQuantity(ratio)}, but no ${absent} is specified or ${absent} is 0`,
    fix: `set both resources.requests.${resource} and resources.limits.${resource}, with the limit at most ${ratio.text} times the request`,
  }),
  ratioAbove: (c: {
    resource: string;
    request: Value;
    limit: Value;
    actual: number;
    range: K8sObject;
    ratio: Quantity;
  }): ContainerText => ({
    message: `${describe('limit', c.limit)} is ${Number(c.actual.toFixed(2))} times the ${describe('request', c.request)} for ${c.resource}, above LimitRange "${c.range.name}" maxLimitRequestRatio ${c.ratio.text}`,
    apiMessage: `${c.resource} max limit to request ratio per Container is ${canonicalQuantity(c.ratio)}, but provided ratio is ${c.actual.toFixed(6)}`,
    fix: `keep the ${c.resource} limit within ${c.ratio.text} times the request`,
  }),
};

function describe(kind: 'request' | 'limit', v: Value): string {
  return v.defaultFrom
    ? `${kind} ${v.quantity.text} (the default LimitRange "${v.defaultFrom.name}" fills in)`
    : `${kind} ${v.quantity.text}`;
}

export function refusal(workload: Workload): string {
  return workload.kind === 'Pod' ? 'the Pod is refused' : `the ${workload.kind} is accepted but none of its pods is created`;
}

export function defaultLimitBelowRequestText(
  container: Container,
  resource: string,
  request: Quantity,
  limit: Quantity,
  range: K8sObject,
): Texts {
  return {
    message: `Container "${container.name}" requests ${resource} ${request.text} but sets no limit; LimitRange "${range.name}" fills in the lower default limit ${limit.text}`,
    declared: `resources.requests.${resource}: ${request.text}, no resources.limits.${resource}; ${range.display} default.${resource}: ${limit.text}`,
    interpreted: `admission sets the limit to ${limit.text}, below the request, and the pod fails validation ("must be less than or equal to ${resource} limit of ${canonicalQuantity(limit)}", a 422 before LimitRanger checks its bounds); ${refusal(container.workload)}`,
    fix: `set resources.limits.${resource} explicitly (at least ${request.text}), or lower the request to ${limit.text} or less`,
  };
}

export function claimText(claim: Claim, storage: Quantity, range: K8sObject, bound: { word: string; key: string; q: Quantity }): Texts {
  return {
    message: `${claim.name} requests storage ${storage.text}, ${bound.word === 'minimum' ? 'below' : 'above'} LimitRange "${range.name}" ${bound.word} ${bound.q.text} for PersistentVolumeClaims`,
    declared: `resources.requests.storage: ${storage.text}; ${range.display} ${bound.key}.storage: ${bound.q.text}`,
    interpreted: `LimitRanger refuses the claim (403: "${bound.word} storage usage per PersistentVolumeClaim is ${canonicalQuantity(bound.q)}, but request is ${canonicalQuantity(storage)}")`,
    fix: 'request a size within the LimitRange bounds, or change the LimitRange',
  };
}

export function podText(
  workload: Workload,
  resource: string,
  kind: 'request' | 'limit',
  range: K8sObject,
  breach: { bound: 'min' | 'max'; word: string; q: Quantity; value: number },
): Texts {
  const amount = resource === 'cpu' ? formatCpu(breach.value) : formatBytes(breach.value);
  return {
    message: `One pod of ${workload.object.display} has a ${resource} ${kind} of ${amount} in total, ${breach.bound === 'max' ? 'above' : 'below'} LimitRange "${range.name}" ${breach.word} ${breach.q.text} per Pod`,
    declared: `pod ${resource} ${kind} ${amount} (app containers and sidecars, or the largest init step); ${range.display} ${breach.bound}.${resource} for type Pod: ${breach.q.text}`,
    interpreted: `LimitRanger refuses the pod (403: "${breach.word} ${resource} usage per Pod is ${canonicalQuantity(breach.q)}, but ${kind} is ..."); ${refusal(workload)}`,
    fix: `bring the pod's total ${resource} ${kind} within the LimitRange's Pod bounds, or change the LimitRange`,
  };
}
