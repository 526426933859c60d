import { defineRule } from '../src/engine/rule.js';
import { canonicalQuantity, compareQuantities, type Quantity } from '../src/k8s/quantity.js';
import { isDecimalBinaryMixup } from '../src/k8s/quantity-mistakes.js';
import { formatPath, type Path } from '../src/types.js';

/** Extended resources (a domain outside kubernetes.io) and hugepages cannot be overcommitted. */
function isNonOvercommittable(resource: string): boolean {
  if (resource.startsWith('hugepages-')) return true;
  const slash = resource.indexOf('/');
  if (slash === -1) return false;
  const domain = resource.slice(0, slash);
  return domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io');
}

export default defineRule({
  id: 'request-exceeds-limit',
  severity: 'error',
  category: 'resources',
  summary: 'A request is greater than its limit: the API server rejects the object',
  docs: {
    catches:
      'Request > limit (numerically: `1Gi` > `1G`), or extended resources / hugepages with request ≠ limit: the API server rejects the object',
    declared: 'resources.requests.<resource> larger than resources.limits.<resource>',
    interpreted:
      'validation requires request <= limit for every resource (and request = limit for extended resources and hugepages); the Pod, or the workload carrying the template, is rejected',
    fix: 'lower the request or raise the limit so that request <= limit',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      for (const resource of container.facts.requestedResources()) {
        const request = container.facts.request(resource);
        if (!request) continue;
        const limit = container.facts.limit(resource);
        const path = [...container.path, 'resources', 'requests', resource];
        if (isNonOvercommittable(resource)) {
          if (limit && compareQuantities(request, limit) === 0) continue;
          ctx.report({
            object: container.workload.object,
            path,
            message: limit
              ? `Container "${container.name}" requests ${resource} ${request.text} but limits it to ${limit.text}; ${resource} cannot be overcommitted, so both must be equal`
              : `Container "${container.name}" requests ${resource} ${request.text} without a limit; ${resource} cannot be overcommitted`,
            declared: `resources.requests.${resource}: ${request.text}, ${limit ? `resources.limits.${resource}: ${limit.text}` : `no resources.limits.${resource}`}`,
            interpreted: limit
              ? `${resource} cannot be overcommitted: validation rejects the object (${validationError(container.path, request, `must be equal to ${resource} limit of ${canonicalQuantity(limit)}`)})`
              : `${resource} cannot be overcommitted: validation rejects the object ("Limit must be set for non overcommitable resources")`,
            fix: `set resources.limits.${resource} equal to the request (or write only the limit: Kubernetes copies it into the request)`,
          });
          continue;
        }
        if (!limit || compareQuantities(request, limit) <= 0) continue;
        ctx.report({
          object: container.workload.object,
          path,
          message: `Container "${container.name}" requests ${resource} ${request.text}, more than its limit ${limit.text}${isDecimalBinaryMixup(request, limit) ? ` (${request.suffix} is ${request.family === 'binary' ? '1024' : '1000'}-based, ${limit.suffix} ${limit.family === 'binary' ? '1024' : '1000'}-based)` : ''}`,
          declared: `resources.requests.${resource}: ${request.text} > resources.limits.${resource}: ${limit.text}`,
          interpreted: `the API server rejects the object (${validationError(container.path, request, `must be less than or equal to ${resource} limit of ${canonicalQuantity(limit)}`)})`,
          fix: `lower resources.requests.${resource} to at most ${limit.text}, or raise the limit`,
        });
      }
    }
  },
});

/** The validation error as the API server prints it, with its canonical quantities. */
function validationError(containerPath: Path, request: Quantity, detail: string): string {
  return `"${formatPath(containerPath)}.resources.requests: Invalid value: \\"${canonicalQuantity(request)}\\": ${detail}"`;
}
