import type { KubernetesVersion } from '../types.js';
import type { Taint } from './match.js';

/**
 * Failure reasons and message assembly as kube-scheduler writes them (framework/types.go
 * FitError.Error and the plugins' Err* strings), per minor version; see docs/scheduling.md 1.3, 1.4, 1.11.
 */

export const UNSCHEDULABLE = 1;
export const UNRESOLVABLE = 2;
export type Code = typeof UNSCHEDULABLE | typeof UNRESOLVABLE;

export interface Status {
  code: Code;
  reasons: string[];
}

export const REASON = {
  nodeUnschedulable: 'node(s) were unschedulable',
  nodeName: "node(s) didn't match the requested node name",
  nodeAffinity: "node(s) didn't match Pod's node affinity/selector",
  affinityConflict: 'pod affinity terms conflict',
  nodePorts: "node(s) didn't have free ports for the requested pod ports",
  tooManyPods: 'Too many pods',
  diskConflict: 'node(s) had no available disk',
  rwopConflict: 'node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod',
  volumeZone: 'node(s) had no available volume zone',
  spreadMissingLabel: "node(s) didn't match pod topology spread constraints (missing required label)",
  spread: "node(s) didn't match pod topology spread constraints",
  affinity: "node(s) didn't match pod affinity rules",
  antiAffinity: "node(s) didn't match pod anti-affinity rules",
  existingAntiAffinity: "node(s) didn't satisfy existing pods anti-affinity rules",
  noVictims: 'No preemption victims found for incoming pod',
  notHelpful: 'Preemption is not helpful for scheduling',
  preemptionNever: 'not eligible due to preemptionPolicy=Never.',
} as const;

export function taintReason(version: KubernetesVersion, taint: Taint): string {
  // 1.34 means the current 1.34 patch release: 1.34.2 took the shorter wording (kubernetes#134740, cherry-pick #135023).
  if (version === '1.34') return 'node(s) had untolerated taint(s)';
  return `node(s) had untolerated taint {${taint.key}: ${taint.value}}`;
}

export function volumeNodeConflictReason(version: KubernetesVersion): string {
  return version === '1.32' ? 'node(s) had volume node affinity conflict' : "node(s) didn't match PersistentVolume's node affinity";
}

/** Since 1.34 a request above the node's whole allocatable is UnschedulableAndUnresolvable (kubernetes#131345). */
export function exceedsAllocatableUnresolvable(version: KubernetesVersion): boolean {
  return version === '1.34';
}

/** Since 1.34 DynamicResources (GA, on) runs its PostFilter before DefaultPreemption. */
export function draPostFilter(version: KubernetesVersion): boolean {
  return version === '1.34';
}

/** Since 1.33 BalancedAllocation skips pods without cpu and memory requests (kubernetes#129138). */
export function balancedSkipsBestEffort(version: KubernetesVersion): boolean {
  return version !== '1.32';
}

/**
 * FitError.Error(): "0/N nodes are available:" then the PreFilter message, or the byte-wise
 * sorted "count reason" histogram of every node's status (nodes without an explicit status count
 * under the absent status), then the PostFilter message.
 */
export function fitErrorMessage(
  numAllNodes: number,
  preFilterMessage: string | null,
  statuses: Iterable<Status>,
  explicitCount: number,
  absent: Status | null,
  postFilterMessage: string,
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMessage !== null && preFilterMessage !== '') msg += ` ${preFilterMessage}.`;
  else {
    const histogram = new Map<string, number>();
    for (const s of statuses) for (const r of s.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
    if (absent && explicitCount < numAllNodes) {
      for (const r of absent.reasons) histogram.set(r, (histogram.get(r) ?? 0) + numAllNodes - explicitCount);
    }
    const items = [...histogram].map(([reason, count]) => `${count} ${reason}`);
    items.sort(byteOrder);
    if (items.length) msg += ` ${items.join(', ')}.`;
  }
  if (postFilterMessage) msg += ` ${postFilterMessage}`;
  return msg;
}

/**
 * Go's sort.Strings compares UTF-8 bytes, which is code point order. UTF-16 code units agree with it below the
 * surrogates (U+D800), so the first differing unit decides unless either is that high; then compare the bytes.
 */
export function byteOrder(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  }
  return a.length - b.length;
}

/** The event note limit (validation.NoteLengthLimit, 1024 bytes): longer messages become msg[:1020] + " ...". */
export function truncateEvent(msg: string): string {
  const bytes = Buffer.from(msg, 'utf8');
  if (bytes.length <= 1024) return msg;
  return `${bytes.subarray(0, 1020).toString('utf8')} ...`;
}
