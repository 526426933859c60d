import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { writtenValue } from '../src/k8s/quantity-fields.js';
import { podEffectiveLimit } from '../src/k8s/pod-limits.js';
import { formatBytes, formatCpu, parseQuantity } from '../src/k8s/quantity.js';
import {
  isTerminatingPod,
  quotaAppliesTo,
  quotaPodCaps,
  quotaRequiredFields,
  type PodResourceCap,
  type RequiredField,
} from '../src/k8s/quota.js';
import { podEffectiveRequest, qosClass, type ContainerDefaults } from '../src/k8s/resources.js';
import type { ContainerFacts } from '../src/model/container-facts.js';
import { missingFieldsText, podOverQuotaText } from './quota-rejects-pod.messages.js';

export default defineRule({
  id: 'quota-rejects-pod',
  severity: 'error',
  category: 'resources',
  summary: 'A ResourceQuota refuses every pod of a workload: a tracked request/limit is missing, or one pod alone exceeds the quota',
  docs: {
    catches:
      'A ResourceQuota tracks `requests.cpu`/`limits.memory`/… and a container lacks it with no LimitRange default, or one pod alone (sidecars, init steps, overhead counted) exceeds a `hard` value: every pod is refused (scopes BestEffort/NotBestEffort/Terminating/NotTerminating evaluated; ' +
      'PriorityClass and other scopes: silent)',
    declared:
      'a ResourceQuota tracking requests.cpu/requests.memory/limits.cpu/limits.memory (or cpu/memory) in a namespace whose pod template leaves that field out, with no LimitRange default',
    interpreted:
      'quota admission requires every container of a new pod to state each tracked cpu/memory request or limit (where PodLevelResources is on, by default since 1.34, a pod-level value in spec.resources does instead); a pod missing one is refused (403 Forbidden; the message starts "failed quota: <name>:" and names the missing fields, in wording that varies by release); the Deployment or StatefulSet is accepted but sits at 0 ready replicas',
    fix: 'set the tracked requests/limits on every container (init containers and sidecars too), or add a LimitRange with defaults to the namespace',
    details:
      "Also reported: a pod whose own requests or limits (summed as the scheduler and quota do: app containers and sidecars, or the largest init step, plus pod overhead) exceed a quota's hard value; quota admission refuses it even in an empty namespace. A pod that sets the tracked value in its pod-level spec.resources (PodLevelResources, on by default since 1.34) is accepted without container values and judged by that value.",
  },
  check(ctx) {
    const tracked = new Map<K8sObject, { fields: RequiredField[]; caps: PodResourceCap[] }>();
    for (const quota of ctx.objects('ResourceQuota')) {
      const fields = quotaRequiredFields(quota.spec);
      const caps = quotaPodCaps(quota.spec);
      if (fields.length > 0 || caps.length > 0) tracked.set(quota, { fields, caps });
    }
    if (tracked.size === 0) return;
    for (const workload of ctx.workloads()) {
      const quotas = ctx
        .around(workload.object)
        .resourceQuotas()
        .flatMap((quota) => {
          const t = tracked.get(quota);
          return t ? [{ quota, ...t }] : [];
        });
      if (quotas.length === 0) continue;
      const defaults = ctx.around(workload.object).limitRanges()?.defaults;
      const pod = { qos: qosClass(workload.podSpec, defaults), terminating: isTerminatingPod(workload.podSpec) };
      for (const { quota, fields, caps } of quotas) {
        if (quotaAppliesTo(quota.spec, pod) !== true) continue;
        const over = caps.flatMap((cap) => {
          const total =
            podLevel(workload.podSpec, cap.kind, cap.resource) ??
            (cap.kind === 'requests'
              ? podEffectiveRequest(workload.podSpec, cap.resource, defaults)
              : podEffectiveLimit(workload.podSpec, cap.resource, defaults));
          return total !== undefined && total > cap.hard.value ? [{ cap, amount: formatAmount(cap.resource, total) }] : [];
        });
        if (over.length > 0) {
          ctx.report({ object: workload.object, path: workload.specPath('containers'), ...podOverQuotaText(workload, quota, over) });
        }
        for (const container of workload.containers) {
          // A pod-level value stands in for the containers' (quota admission with PodLevelResources).
          const missing = fields.filter(
            (f) => !hasField(container.facts, f, defaults) && podLevel(workload.podSpec, f.kind, f.resource) === undefined,
          );
          if (missing.length === 0) continue;
          ctx.report({
            object: workload.object,
            path: [...container.path, 'resources', missing[0].kind],
            ...missingFieldsText(workload, container, quota, missing),
          });
        }
      }
    }
  },
});

function formatAmount(resource: string, value: number): string {
  if (resource === 'cpu') return formatCpu(value);
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) return formatBytes(value);
  return String(value);
}

function hasField(container: ContainerFacts, field: RequiredField, defaults: ContainerDefaults | undefined): boolean {
  // A written but unparseable value is quantity-invalid's finding.
  if (container.written(field.kind, field.resource) !== undefined) return true;
  if (field.kind === 'requests') return container.effectiveRequest(field.resource, defaults) !== undefined;
  return container.effectiveLimit(field.resource, defaults) !== undefined;
}

/** A pod-level request or limit (spec.resources: cpu, memory and hugepages only), in base units. */
function podLevel(podSpec: Record<string, unknown>, kind: 'requests' | 'limits', resource: string): number | undefined {
  return parseQuantity(writtenValue(podSpec, kind, resource))?.value;
}
