import { mentionsResource } from '../k8s/quantity-fields.js';
import { podEffectiveRequest, podOverhead, qosClass, type QosClass } from '../k8s/resources.js';
import type { RuleContext } from '../engine/rule.js';
import type { Container, Workload } from './workload.js';

export interface MissingRequest {
  container: Container;
  /** The pod's QoS class, LimitRange defaults applied. */
  qos: QosClass;
  /** The pod's effective request for the resource (init steps, sidecars, overhead, defaults). */
  podRequest: number;
}

/**
 * Containers that end up with no request for a resource once Kubernetes has copied limits into
 * requests and a same-namespace LimitRange has filled in its defaults. Not listed: containers of
 * pods with pod-level resources for it, containers whose value is written but invalid (that is
 * quantity-invalid's finding), and classic init containers of pods that request the resource
 * (they run before the app containers, inside the pod's reservation).
 */
export function missingRequests(ctx: RuleContext, resource: 'cpu' | 'memory'): MissingRequest[] {
  const perPod = new Map<Workload, { qos: QosClass; podRequest: number }>();
  const out: MissingRequest[] = [];
  for (const container of ctx.containers()) {
    const podSpec = container.workload.podSpec;
    if (mentionsResource(podSpec, resource) || mentionsResource(container.raw, resource)) continue;
    const defaults = ctx.around(container.workload.object).limitRanges()?.defaults;
    if (container.facts.effectiveRequest(resource, defaults)) continue;
    let pod = perPod.get(container.workload);
    if (!pod)
      perPod.set(
        container.workload,
        (pod = { qos: qosClass(podSpec, defaults), podRequest: podEffectiveRequest(podSpec, resource, defaults) }),
      );
    // Overhead is the runtime's, not the containers': it does not cover an init container.
    if (container.role === 'init' && pod.podRequest - podOverhead(podSpec, resource) > 0) continue;
    out.push({ container, ...pod });
  }
  return out;
}
