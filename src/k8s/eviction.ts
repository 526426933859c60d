import { effectiveLimit, effectiveRequest, isSidecar, podEffectiveRequest, podOverhead, qosClass } from './resources.js';
import { asRecord, type Raw } from '../util/raw.js';

/**
 * Kubelet node-pressure eviction and the kernel OOM score the kubelet sets (pkg/kubelet/eviction/helpers.go,
 * pkg/kubelet/qos/policy.go, pkg/kubelet/types/pod_update.go), for pods whose real usage is unknown offline.
 */

/** Priority at and above which a pod is critical (IsCriticalPodBasedOnPriority): the eviction manager never evicts it. */
export const CRITICAL_PRIORITY = 2_000_000_000;
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';

const GUARANTEED_OOM_SCORE_ADJ = -997;
const BEST_EFFORT_OOM_SCORE_ADJ = 1000;

/** What offline ranking assumes a container uses: its memory request, or its limit (its request when it has none). */
export type UsageAssumption = 'request' | 'limit';

export interface PodMemory {
  request: number;
  /** Assumed working set; `unbounded` when a container has neither request nor limit, so its use is unknown but above zero. */
  usage: number;
  unbounded: boolean;
}

/** A pod's memory request (as the kubelet compares it: containers, init peak, overhead) and its assumed usage. */
export function podMemory(podSpec: Raw, assumption: UsageAssumption): PodMemory {
  const request = podEffectiveRequest(podSpec, 'memory');
  let usage = podOverhead(podSpec, 'memory');
  let unbounded = false;
  for (const { container: c } of runningContainers(podSpec)) {
    const req = effectiveRequest(c, 'memory')?.quantity.value;
    const limit = effectiveLimit(c, 'memory')?.quantity.value;
    const assumed = assumption === 'limit' ? (limit ?? req) : req;
    if (assumed === undefined) unbounded = true;
    else usage += assumed;
  }
  return { request, usage, unbounded };
}

/** Static and mirror pods and pods at critical priority are never evicted by the eviction manager (IsCriticalPod). */
export function isCriticalPod(pod: Raw, priority: number): boolean {
  const annotations = asRecord(asRecord(pod.metadata).annotations);
  const source = annotations['kubernetes.io/config.source'];
  const staticPod = source !== undefined && source !== 'api';
  return staticPod || annotations['kubernetes.io/config.mirror'] !== undefined || priority >= CRITICAL_PRIORITY;
}

export interface EvictionCandidate<T> {
  item: T;
  priority: number;
  memory: PodMemory;
  /** Deterministic last key ("ns/name"), for pods the kubelet's order cannot tell apart offline. */
  key: string;
}

/** Whether the pod's assumed usage is above its memory request (every BestEffort pod is: any use exceeds 0). */
export function exceedsRequest(memory: PodMemory): boolean {
  return memory.unbounded || memory.usage > memory.request;
}

/**
 * rankMemoryPressure: pods whose usage exceeds their memory request first, then lower priority first, then
 * larger usage above request first. An unbounded pod's excess is unknown: after the known ones, by key.
 */
export function rankMemoryPressure<T>(candidates: ReadonlyArray<EvictionCandidate<T>>): Array<EvictionCandidate<T>> {
  return [...candidates].sort(
    (a, b) =>
      Number(exceedsRequest(b.memory)) - Number(exceedsRequest(a.memory)) ||
      a.priority - b.priority ||
      Number(a.memory.unbounded) - Number(b.memory.unbounded) ||
      (a.memory.unbounded ? 0 : b.memory.usage - b.memory.request - (a.memory.usage - a.memory.request)) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export interface ContainerOomScore {
  name: string;
  role: 'app' | 'sidecar';
  oomScoreAdj: number;
}

/**
 * oom_score_adj of each long-running container (GetContainerOOMScoreAdjust): node-critical and Guaranteed -997,
 * BestEffort 1000, Burstable 1000 − 1000 × request / node memory capacity clamped to [3, 999], a sidecar no
 * higher than the pod's smallest regular container. Pod-level resources are not modelled.
 */
export function containerOomScores(pod: Raw, priority: number, nodeMemoryCapacity: number): ContainerOomScore[] {
  const spec = asRecord(pod.spec);
  const priorityClassName = spec.priorityClassName;
  const nodeCritical = isCriticalPod(pod, priority) && priorityClassName === SYSTEM_NODE_CRITICAL;
  const qos = qosClass(spec);
  const memoryRequest = (c: Raw) => effectiveRequest(c, 'memory')?.quantity.value ?? 0;
  const burstable = (request: number) => 1000 - Math.floor((1000 * request) / nodeMemoryCapacity);
  const regular = list(spec, 'containers');
  const smallestRegular = regular.length ? Math.min(...regular.map(memoryRequest)) : 0;
  return runningContainers(spec).map(({ container: c, role }) => {
    const sidecar = role === 'sidecar';
    let adj: number;
    if (nodeCritical || qos === 'Guaranteed') adj = GUARANTEED_OOM_SCORE_ADJ;
    else if (qos === 'BestEffort') adj = BEST_EFFORT_OOM_SCORE_ADJ;
    else {
      adj = burstable(memoryRequest(c));
      if (sidecar) adj = Math.min(adj, burstable(smallestRegular));
      if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) adj = 1000 + GUARANTEED_OOM_SCORE_ADJ;
      else if (adj === BEST_EFFORT_OOM_SCORE_ADJ) adj = BEST_EFFORT_OOM_SCORE_ADJ - 1;
    }
    return { name: String(c.name ?? ''), role, oomScoreAdj: adj };
  });
}

/** App containers and sidecars: the containers that run for the pod's life. */
function runningContainers(podSpec: Raw): Array<{ container: Raw; role: 'app' | 'sidecar' }> {
  return [
    ...list(podSpec, 'initContainers')
      .filter(isSidecar)
      .map((container) => ({ container, role: 'sidecar' as const })),
    ...list(podSpec, 'containers').map((container) => ({ container, role: 'app' as const })),
  ];
}

function list(podSpec: Raw, key: string): Raw[] {
  const v = podSpec[key];
  return Array.isArray(v) ? (v.filter((c) => c && typeof c === 'object') as Raw[]) : [];
}
