import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { formatBytes, formatCpu, parseQuantity } from '../src/k8s/quantity.js';
import { isDecimalBinaryMixup, suspiciousUnit } from '../src/k8s/quantity-mistakes.js';
import { objectQuantityFields, type QuantityField } from '../src/k8s/quantity-fields.js';
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
    catches:
      '`memory: 512m` (0.512 bytes; meant `512Mi`), memory below 1Mi, CPU above 64 cores (`cpu: "500"`, meant `500m`); `1G` vs `1Gi` in one container as info',
    declared: 'a valid quantity whose size makes no sense for the resource, e.g. `memory: 512m` or `cpu: "500"`',
    interpreted:
      '`m` means milli, so `memory: 512m` is 0.512 bytes (rounded up to 1 byte); a memory limit under 1Mi leaves no room for any process, and a request that small reserves next to nothing; a CPU request of `"500"` asks for 500 cores, more than most nodes have: if no node has 500 allocatable CPUs the pod stays Pending (Insufficient cpu)',
    fix: 'write the unit you meant: `512Mi` of memory, `500m` of CPU',
  },
  check(ctx) {
    const check = (object: K8sObject, fields: readonly QuantityField[]) => {
      for (const field of fields) {
        const resource = resourceOf(object.kind, field);
        const quantity = resource ? parseQuantity(field.value) : undefined;
        const problem = resource && quantity ? suspiciousUnit(resource, quantity) : undefined;
        if (!problem || !quantity) continue;
        // A huge CPU limit next to a written request reserves nothing and may be a deliberate "no cap".
        if (resource === 'cpu' && isLimit(field) && writtenSiblingRequest(object, field) !== undefined) continue;
        ctx.report({
          object,
          path: field.path,
          message: `${object.display}: ${field.label} is ${quantity.text}${problem.suggestion ? `; did you mean ${problem.suggestion}?` : ''}`,
          declared: `${formatPath(field.path)}: ${quantity.text}`,
          interpreted: `${problem.reason}; ${consequence(field, resource!, quantity.value)}${rejection(object, field, quantity.value)}`,
          ...(problem.suggestion ? { fix: `write ${problem.suggestion}` } : {}),
        });
      }
    };
    for (const workload of ctx.workloads()) {
      check(workload.object, workload.quantityFields);
    }
    for (const kind of OTHER_KINDS) {
      for (const object of ctx.objects(kind)) check(object, objectQuantityFields(kind, object.spec));
    }
    for (const container of ctx.containers()) {
      for (const resource of BYTE_RESOURCES) {
        const request = container.facts.request(resource);
        const limit = container.facts.limit(resource);
        // A request above its limit is request-exceeds-limit's error, which names the mix-up.
        if (
          !request ||
          !limit ||
          request.value > limit.value ||
          !isDecimalBinaryMixup(request, limit) ||
          suspiciousUnit(resource, request) ||
          suspiciousUnit(resource, limit)
        )
          continue;
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

function isLimit(field: QuantityField): boolean {
  return field.path[field.path.length - 2] === 'limits';
}

/** The request written next to a limit (container or pod-level resources), valid or not. */
function writtenSiblingRequest(object: K8sObject, field: QuantityField): unknown {
  return object.get([...field.path.slice(0, -2), 'requests', field.path[field.path.length - 1]]);
}

/**
 * A limit written with the wrong unit below the request next to it: validation rejects the object
 * too. Said here, once; request-exceeds-limit does not build on the broken value.
 */
function rejection(object: K8sObject, field: QuantityField, value: number): string {
  if (!isLimit(field)) return '';
  const resource = field.path[field.path.length - 1];
  const request = typeof resource === 'string' ? parseQuantity(writtenSiblingRequest(object, field)) : undefined;
  return request && request.value > value
    ? `; the request ${request.text} is larger, so the API server also rejects the object ("must be less than or equal to ${resource} limit")`
    : '';
}

function consequence(field: QuantityField, resource: string, cores: number): string {
  const inContainer = field.path.includes('containers') || field.path.includes('initContainers');
  const kind = field.path[field.path.length - 2];
  if (resource === 'cpu') {
    const pending = `if no node has ${formatCpu(cores)} allocatable CPUs the pod stays Pending ("Insufficient cpu")`;
    if (kind !== 'limits') return pending;
    return inContainer
      ? `no request is written, so Kubernetes copies the limit into the request: ${pending}`
      : 'as a limit this is almost certainly a unit slip (a missing "m")';
  }
  if (inContainer && kind === 'requests')
    return 'the scheduler books next to nothing for it, so the pod can land on a node with no room for what it really uses';
  if (inContainer && kind === 'limits' && resource === 'memory')
    return 'no process fits in that: the container is OOM-killed as soon as it starts, or the runtime refuses to create it';
  if (resource === 'storage' && kind === 'requests')
    return 'the claim requests only that much; the provisioner may round it up to its minimum size';
  return `that is not a usable amount of ${resource}`;
}

function percentApart(a: number, b: number): string {
  return `${((Math.abs(a - b) / Math.min(a, b)) * 100).toFixed(1)}%`;
}
