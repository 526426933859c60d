import type { PodOrigin } from '../types.js';
import { asRecord, type Raw } from '../../util/raw.js';

/** "ns/name" of an object's metadata; pods that declare no namespace run in "default". */
export function podKey(metadata: Raw): string {
  return `${String(metadata.namespace ?? 'default')}/${String(metadata.name ?? '')}`;
}

export function workloadKey(origin: PodOrigin): string {
  return `${origin.kind}/${origin.namespace}/${origin.name}`;
}

export function podName(pod: Record<string, unknown>): string {
  return podKey(asRecord(pod.metadata));
}
