import {
  containerOomScores,
  exceedsRequest,
  isCriticalPod,
  podMemory,
  rankMemoryPressure,
  type ContainerOomScore,
  type UsageAssumption,
} from '../../k8s/eviction.js';
import { qosClass, type QosClass } from '../../k8s/resources.js';
import { parseQuantity } from '../../k8s/quantity.js';
import { asRecord } from '../../util/raw.js';
import type { ApiObject, SimulationInput, SimulationResult } from '../types.js';
import { SYSTEM_OVERHEAD_LABEL } from '../input/index.js';
import { podKey } from './keys.js';

export interface EvictionEntry {
  pod: string;
  qos: QosClass;
  priority: number;
  /** Bytes. */
  memoryRequest: number;
  /** Bytes assumed in use; null when a container has neither request nor limit (unknown, above its request). */
  memoryUsage: number | null;
  exceedsRequest: boolean;
  containers: ContainerOomScore[];
}

export interface NodeEviction {
  node: string;
  /** Evicted first to last under memory pressure. */
  order: EvictionEntry[];
  /** Static, mirror and critical-priority pods, which the kubelet's eviction manager never evicts. */
  neverEvicted: string[];
  /** What the oom_score_adj formula divides by: the node's memory capacity (allocatable when no capacity is given). */
  memoryCapacity: number;
}

/** Per node, the kubelet's memory-pressure ranking of the pods bound to it at the end of the simulation. */
export function evictionOrder(input: SimulationInput, result: SimulationResult, usage: UsageAssumption): NodeEviction[] {
  const pods = new Map<string, { pod: ApiObject; priority: number }>();
  for (const pod of input.runningPods ?? []) {
    // The profile's system-overhead stand-ins are no pods the kubelet could rank.
    if (asRecord(asRecord(pod.metadata).labels)[SYSTEM_OVERHEAD_LABEL] !== undefined) continue;
    const spec = asRecord(pod.spec);
    pods.set(podKey(asRecord(pod.metadata)), { pod, priority: typeof spec.priority === 'number' ? spec.priority : 0 });
  }
  for (const p of result.placements) pods.set(`${p.namespace}/${p.name}`, { pod: p.pod, priority: p.priority });
  const capacity = new Map(input.nodes.map((n) => [String(asRecord(n.metadata).name ?? ''), memoryCapacityOf(n)]));

  return result.nodes.map((node) => {
    const memoryCapacity = capacity.get(node.name) ?? node.allocatable.memory ?? 0;
    const neverEvicted: string[] = [];
    const candidates = [];
    for (const key of node.pods) {
      const found = pods.get(key);
      if (!found) continue;
      if (isCriticalPod(found.pod, found.priority)) {
        neverEvicted.push(key);
        continue;
      }
      candidates.push({ item: found, key, priority: found.priority, memory: podMemory(asRecord(found.pod.spec), usage) });
    }
    const order = rankMemoryPressure(candidates).map((c) => ({
      pod: c.key,
      qos: qosClass(asRecord(c.item.pod.spec)),
      priority: c.priority,
      memoryRequest: c.memory.request,
      memoryUsage: c.memory.unbounded ? null : c.memory.usage,
      exceedsRequest: exceedsRequest(c.memory),
      containers: memoryCapacity > 0 ? containerOomScores(c.item.pod, c.priority, memoryCapacity) : [],
    }));
    return { node: node.name, order, neverEvicted, memoryCapacity };
  });
}

function memoryCapacityOf(node: ApiObject): number | undefined {
  const status = asRecord(node.status);
  return (parseQuantity(asRecord(status.capacity).memory) ?? parseQuantity(asRecord(status.allocatable).memory))?.value;
}
