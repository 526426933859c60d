import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';
import { limitRangesByNamespace } from '../src/k8s/limitrange.js';
import { namespaceScope } from '../src/k8s/namespace-scope.js';
import { writtenValue } from '../src/k8s/quantity-fields.js';
import { isTerminatingPod, quotaAppliesTo, quotaRequiredFields, type RequiredField } from '../src/k8s/quota.js';
import { effectiveLimit, effectiveRequest, qosClass, type ContainerDefaults } from '../src/k8s/resources.js';

function rejectionOutcome(workload: Workload): string {
  if (workload.kind === 'Pod') return 'the Pod is refused at creation';
  return `the ${workload.kind} itself is accepted, but every pod it creates is refused: the controller records FailedCreate events and no pod of it ever runs`;
}

export default defineRule({
  id: 'quota-rejects-pod',
  severity: 'error',
  category: 'resources',
  summary: 'A ResourceQuota requires requests/limits that a pod template lacks: every pod is refused',
  docs: {
    declared: 'a ResourceQuota tracking requests.cpu/requests.memory/limits.cpu/limits.memory (or cpu/memory) in a namespace whose pod template leaves that field out, with no LimitRange default',
    interpreted:
      'quota admission requires every container of a new pod to state each tracked cpu/memory request or limit; a pod missing one is refused (403, "failed quota: <name>: must specify ..."); the Deployment or StatefulSet is accepted but sits at 0 ready replicas',
    fix: 'set the tracked requests/limits on every container (init containers and sidecars too), or add a LimitRange with defaults to the namespace',
  },
  check(ctx) {
    const limitRanges = limitRangesByNamespace(ctx.objects('LimitRange'));
    const quotasByScope = new Map<string, Array<{ quota: K8sObject; fields: RequiredField[] }>>();
    for (const quota of ctx.objects('ResourceQuota')) {
      const fields = quotaRequiredFields(quota.raw.spec);
      if (fields.length === 0) continue;
      const key = namespaceScope(quota);
      quotasByScope.set(key, [...(quotasByScope.get(key) ?? []), { quota, fields }]);
    }
    if (quotasByScope.size === 0) return;
    for (const workload of ctx.workloads()) {
      const scope = namespaceScope(workload.object);
      const quotas = quotasByScope.get(scope);
      if (!quotas) continue;
      const defaults = limitRanges.get(scope)?.defaults;
      const pod = { qos: qosClass(workload.podSpec, defaults), terminating: isTerminatingPod(workload.podSpec) };
      for (const { quota, fields } of quotas) {
        if (quotaAppliesTo(quota.raw.spec, pod) !== true) continue;
        for (const container of workload.containers) {
          const missing = fields.filter((f) => !hasField(container.raw, f, defaults));
          if (missing.length === 0) continue;
          const keys = missing.map((f) => `${f.kind}.${f.resource}`);
          ctx.report({
            object: workload.object,
            path: [...container.path, 'resources', missing[0].kind],
            message: `Container "${container.name}" sets no ${keys.join(', ')}, which ResourceQuota "${quota.name}" requires: ${workload.kind === 'Pod' ? 'the Pod is refused' : 'every pod is refused'}`,
            declared: `no ${keys.map((k) => `resources.${k}`).join(', ')} on container "${container.name}", no LimitRange default for it, and ${quota.display} tracks ${missing.map((f) => f.key).join(', ')}`,
            interpreted: `quota admission refuses any pod in which a container lacks a tracked cpu/memory field (403 Forbidden: "failed quota: ${quota.name}: must specify ...", naming ${[...keys].sort().join(', ')}); ${rejectionOutcome(workload)}`,
            fix: `set ${keys.map((k) => `resources.${k}`).join(' and ')} on container "${container.name}", or add a LimitRange with defaults to the namespace`,
            related: missing.map((f) => ({ object: quota, path: f.path, message: `tracks ${f.key}` })),
          });
        }
      }
    }
  },
});

function hasField(container: Record<string, unknown>, field: RequiredField, defaults: ContainerDefaults | undefined): boolean {
  // A written but unparseable value is quantity-invalid's finding.
  if (writtenValue(container, field.kind, field.resource) !== undefined) return true;
  if (field.kind === 'requests') return effectiveRequest(container, field.resource, defaults) !== undefined;
  return effectiveLimit(container, field.resource, defaults) !== undefined;
}
