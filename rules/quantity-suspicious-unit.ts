import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { formatBytes, parseQuantity } from '../src/k8s/quantity.js';
import { isDecimalBinaryMixup, suspiciousUnit } from '../src/k8s/quantity-mistakes.js';
import { describeQuantityField, objectQuantityFields, podSpecQuantityFields, type QuantityField } from '../src/k8s/quantity-fields.js';
import { declaredLimit, declaredRequest } from '../src/k8s/resources.js';
import { formatPath } from '../src/types.js';

/**
 * Quota totals and LimitRange bounds may legitimately exceed any node's CPU (a "no real cap" max);
 * there only byte units are checked. Ratios carry no unit at all.
 */
function resourceOf(kind: string, field: QuantityField): string | undefined {
  if (field.path.includes('maxLimitRequestRatio')) return undefined;
  const resource = field.resource.replace(/^(requests|limits)\./, '');
  if ((kind === 'ResourceQuota' || kind === 'LimitRange') && resource === 'cpu') return undefined;
  return resource;
}

const BYTE_RESOURCES = ['memory', 'ephemeral-storage'];
const OTHER_KINDS = ['LimitRange', 'ResourceQuota', 'PersistentVolumeClaim'];

export default defineRule({
  id: 'quantity-suspicious-unit',
  severity: 'error',
  category: 'resources',
  summary: 'A resource amount that is almost certainly a unit mistake (512m of memory, 500 CPUs)',
  docs: {
    declared: 'a valid quantity whose size makes no sense for the resource, e.g. `memory: 512m` or `cpu: "500"`',
    interpreted:
      '`m` means milli, so `memory: 512m` is 0.512 bytes (rounded up to 1 byte); a container cannot run in under 1Mi; `cpu: "500"` asks for 500 cores, which no node has, so the pod stays Pending',
    fix: 'write the unit you meant: `512Mi` of memory, `500m` of CPU',
  },
  check(ctx) {
    const check = (object: K8sObject, fields: QuantityField[]) => {
      for (const field of fields) {
        const resource = resourceOf(object.kind, field);
        const quantity = resource ? parseQuantity(field.value) : undefined;
        const problem = resource && quantity ? suspiciousUnit(resource, quantity) : undefined;
        if (!problem || !quantity) continue;
        ctx.report({
          object,
          path: field.path,
          message: `${object.display}: ${describeQuantityField(object.raw, field.path)} is ${quantity.text}${problem.suggestion ? `; did you mean ${problem.suggestion}?` : ''}`,
          declared: `${formatPath(field.path)}: ${quantity.text}`,
          interpreted: `${problem.reason}; ${consequence(field, resource!)}`,
          ...(problem.suggestion ? { fix: `write ${problem.suggestion}` } : {}),
        });
      }
    };
    for (const workload of ctx.workloads()) {
      check(workload.object, [...podSpecQuantityFields(workload.podSpec, workload.podSpecPath), ...objectQuantityFields(workload.kind, workload.object.raw)]);
    }
    for (const kind of OTHER_KINDS) {
      for (const object of ctx.objects(kind)) check(object, objectQuantityFields(kind, object.raw));
    }
    for (const container of ctx.containers()) {
      for (const resource of BYTE_RESOURCES) {
        const request = declaredRequest(container.raw, resource);
        const limit = declaredLimit(container.raw, resource);
        // A request above its limit is request-exceeds-limit's error, which names the mix-up.
        if (!request || !limit || request.value > limit.value || !isDecimalBinaryMixup(request, limit) || suspiciousUnit(resource, request) || suspiciousUnit(resource, limit)) continue;
        ctx.report({
          object: container.workload.object,
          path: [...container.path, 'resources', 'requests', resource],
          severity: 'info',
          message: `Container "${container.name}" requests ${resource} ${request.text} but limits it to ${limit.text}: these look equal but differ by ${percentApart(request.value, limit.value)}`,
          declared: `resources.requests.${resource}: ${request.text} (${formatBytes(request.value)}), resources.limits.${resource}: ${limit.text} (${formatBytes(limit.value)})`,
          interpreted: `suffixes with "i" are powers of 1024, without "i" powers of 1000: ${request.text} is ${request.value.toLocaleString('en-US')} bytes and ${limit.text} is ${limit.value.toLocaleString('en-US')} bytes`,
          fix: 'use the same suffix family for request and limit (Mi/Gi for both, usually), so that equal-looking values are equal',
        });
      }
    }
  },
});

function consequence(field: QuantityField, resource: string): string {
  const inContainer = field.path.includes('containers') || field.path.includes('initContainers');
  const kind = inContainer ? field.path[field.path.length - 2] : undefined;
  if (resource === 'cpu') {
    return kind === 'limits'
      ? 'as a limit it caps nothing, and when no request is written Kubernetes copies it into the request: no node has that many cores, so the pod stays Pending ("Insufficient cpu")'
      : 'no node has that many cores, so the pod stays Pending ("Insufficient cpu")';
  }
  if (kind === 'requests') return 'the scheduler books next to nothing for it, so the pod can land on a node with no room for what it really uses';
  if (kind === 'limits' && resource === 'memory') return 'no process fits in that: the container is OOM-killed as soon as it starts, or the runtime refuses to create it';
  return `that is not a usable amount of ${resource}`;
}

function percentApart(a: number, b: number): string {
  return `${((Math.abs(a - b) / Math.min(a, b)) * 100).toFixed(1)}%`;
}
