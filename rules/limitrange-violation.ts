import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import type { Container, Workload } from '../src/model/workload.js';
import { type LimitRangeItem, type NamespaceLimitRanges } from '../src/k8s/limitrange.js';
import { podEffectiveLimit } from '../src/k8s/pod-limits.js';
import { canonicalQuantity, compareQuantities, parseQuantity, type Quantity } from '../src/k8s/quantity.js';
import { podEffectiveRequest } from '../src/k8s/resources.js';
import type { Path } from '../src/types.js';
import { statefulSetClaimTemplates } from '../src/k8s/storage.js';
import {
  claimText,
  containerText,
  defaultLimitBelowRequestText,
  podText,
  refusal,
  type ContainerText,
} from './limitrange-violation.messages.js';

/** A container's value after API defaulting and, when exactly one LimitRange supplies it, LimitRange defaulting. */
export interface Value {
  quantity: Quantity;
  /** Set when the value is a LimitRange default rather than written in the manifest. */
  defaultFrom?: K8sObject;
  /** A request API defaulting copied from the written limit: findings about the limit cover it. */
  copied?: boolean;
}

function containerValues(
  container: Container,
  resource: string,
  limits: NamespaceLimitRanges<K8sObject>,
): { request?: Value; limit?: Value } {
  const writtenLimit = container.facts.limit(resource);
  const writtenRequest = container.facts.request(resource);
  const only = (suppliers: K8sObject[] | undefined) => (suppliers?.length === 1 ? suppliers[0] : undefined);
  const requestFrom = writtenRequest || writtenLimit ? undefined : only(limits.requestSuppliers[resource]);
  const limitFrom = writtenLimit ? undefined : only(limits.limitSuppliers[resource]);
  return {
    request: writtenRequest
      ? { quantity: writtenRequest }
      : writtenLimit
        ? { quantity: writtenLimit, copied: true }
        : requestFrom
          ? { quantity: limits.defaults.defaultRequest[resource], defaultFrom: requestFrom }
          : undefined,
    limit: writtenLimit
      ? { quantity: writtenLimit }
      : limitFrom
        ? { quantity: limits.defaults.defaultLimit[resource], defaultFrom: limitFrom }
        : undefined,
  };
}

/**
 * The value LimitRanger's message names: it checks the request first against a min and the limit
 * first against a max, so `first` (that value, when it breaches too) is quoted instead of this one.
 * A request copied from the limit breaches a min as "request" although only the limit is written.
 */
function apiQuote(first: Value | undefined, firstKind: 'request' | 'limit', kind: 'request' | 'limit', value: Value): string {
  return first ? `${firstKind} is ${canonicalQuantity(first.quantity)}` : `${kind} is ${canonicalQuantity(value.quantity)}`;
}

export default defineRule({
  id: 'limitrange-violation',
  severity: 'error',
  category: 'resources',
  summary: "A container's request or limit is outside a same-namespace LimitRange: admission refuses the pod",
  docs: {
    catches:
      "Container request/limit outside a LimitRange's min/max/maxLimitRequestRatio, a default limit below a written request, pod totals outside a `type: Pod` item, PVC storage outside bounds",
    declared: 'requests/limits below a LimitRange min, above its max, or with a limit/request ratio above maxLimitRequestRatio',
    interpreted:
      'LimitRanger admission checks every new pod (and PVC) against each LimitRange in the namespace and refuses it with 403 Forbidden; for a workload the object is accepted but none of its pods is created',
    fix: 'bring the request/limit within the LimitRange bounds, or change the LimitRange',
  },
  check(ctx) {
    if (ctx.objects('LimitRange').length === 0) return;
    const claims: Claim[] = [];
    for (const workload of ctx.workloads()) {
      const limits = ctx.around(workload.object).limitRanges();
      if (!limits) continue;
      // A default limit below a written request fails validation (422) before LimitRanger checks any bound.
      const invalid = workload.containers.flatMap((container) => defaultLimitsBelowRequest(container, limits));
      for (const breach of invalid) reportDefaultLimitBelowRequest(ctx, breach);
      if (invalid.length > 0) continue;
      for (const container of workload.containers) {
        for (const { object, items } of limits.ranges) {
          for (const item of items.filter((i) => i.type === 'Container')) checkContainer(ctx, container, object, item, limits);
        }
      }
      for (const { object, items } of limits.ranges) {
        for (const item of items.filter((i) => i.type === 'Pod')) checkPod(ctx, workload, object, item, limits);
      }
      if (workload.kind === 'StatefulSet') claims.push(...claimTemplates(workload.object));
    }
    for (const pvc of ctx.objects('PersistentVolumeClaim')) {
      const path: Path = ['spec', 'resources', 'requests', 'storage'];
      claims.push({ object: pvc, name: `PersistentVolumeClaim "${pvc.name}"`, path, value: pvc.get(path) });
    }
    for (const claim of claims) {
      const limits = ctx.around(claim.object).limitRanges();
      if (limits) checkClaim(ctx, claim, limits);
    }
  },
});

function checkContainer(
  ctx: RuleContext,
  container: Container,
  range: K8sObject,
  item: LimitRangeItem,
  limits: NamespaceLimitRanges<K8sObject>,
): void {
  const resources = new Set([...Object.keys(item.min), ...Object.keys(item.max), ...Object.keys(item.maxLimitRequestRatio)]);
  for (const resource of resources) {
    // An invalid value or a unit mistake is quantity-invalid's or quantity-suspicious-unit's finding.
    if (container.facts.hasUnusableValue(resource)) continue;
    const { request, limit } = containerValues(container, resource, limits);
    const report = (field: 'requests' | 'limits', bound: 'min' | 'max' | 'maxLimitRequestRatio', text: ContainerText) =>
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'resources', field, resource],
        message: `Container "${container.name}": ${text.message}`,
        declared: `${text.message}; ${range.display} ${bound}.${resource}: ${item[bound][resource].text}`,
        interpreted: `LimitRanger refuses the pod (403: "${text.apiMessage}"); ${refusal(container.workload)}`,
        fix: text.fix,
        related: [{ object: range, path: [...item.path, bound, resource] }],
      });
    const min = item.min[resource];
    if (min) {
      for (const [field, kind, value] of [
        ['requests', 'request', request],
        ['limits', 'limit', limit],
      ] as const) {
        if (value && !value.copied && compareQuantities(value.quantity, min) < 0) {
          const quoted = apiQuote(request && compareQuantities(request.quantity, min) < 0 ? request : undefined, 'request', kind, value);
          report(field, 'min', containerText.belowMin({ resource, kind, value, range, bound: min, quoted }));
        }
      }
    }
    const max = item.max[resource];
    if (max) {
      for (const [field, kind, value] of [
        ['limits', 'limit', limit],
        ['requests', 'request', request],
      ] as const) {
        if (value && !value.copied && compareQuantities(value.quantity, max) > 0) {
          const quoted = apiQuote(limit && compareQuantities(limit.quantity, max) > 0 ? limit : undefined, 'limit', kind, value);
          report(field, 'max', containerText.aboveMax({ resource, kind, value, range, bound: max, quoted }));
        }
      }
    }
    const ratio = item.maxLimitRequestRatio[resource];
    // A ratio needs both values; unlike min and max it gives no default of its own.
    const absent =
      !request && !limits.requestSuppliers[resource] ? 'request' : !limit && !limits.limitSuppliers[resource] ? 'limit' : undefined;
    if (ratio && absent) {
      report(
        absent === 'request' ? 'requests' : 'limits',
        'maxLimitRequestRatio',
        containerText.ratioUnset(resource, absent, range, ratio),
      );
    }
    if (ratio && request && limit && request.quantity.value > 0) {
      const actual = limit.quantity.value / request.quantity.value;
      if (actual > ratio.value) {
        report('limits', 'maxLimitRequestRatio', containerText.ratioAbove({ resource, request, limit, actual, range, ratio }));
      }
    }
  }
}

interface DefaultLimitBelowRequest {
  container: Container;
  resource: string;
  request: Quantity;
  limit: Quantity;
  range: K8sObject;
}

/** A default limit below a request the user wrote: the pod comes out with request > limit and fails validation. */
function defaultLimitsBelowRequest(container: Container, limits: NamespaceLimitRanges<K8sObject>): DefaultLimitBelowRequest[] {
  return Object.keys(limits.limitSuppliers).flatMap((resource) => {
    if (container.facts.hasUnusableValue(resource)) return [];
    const request = container.facts.request(resource);
    const { limit } = containerValues(container, resource, limits);
    if (!request || !limit?.defaultFrom || compareQuantities(request, limit.quantity) <= 0) return [];
    return [{ container, resource, request, limit: limit.quantity, range: limit.defaultFrom }];
  });
}

function reportDefaultLimitBelowRequest(ctx: RuleContext, { container, resource, request, limit, range }: DefaultLimitBelowRequest): void {
  ctx.report({
    object: container.workload.object,
    path: [...container.path, 'resources', 'requests', resource],
    ...defaultLimitBelowRequestText(container, resource, request, limit, range),
    related: [{ object: range, path: ['spec', 'limits'] }],
  });
}

export interface Claim {
  object: K8sObject;
  name: string;
  path: Path;
  value: unknown;
}

/** The PVCs a StatefulSet creates from its volumeClaimTemplates, in its own namespace. */
function claimTemplates(statefulSet: K8sObject): Claim[] {
  return statefulSetClaimTemplates(statefulSet.spec).map(({ name, index }) => {
    const path: Path = ['spec', 'volumeClaimTemplates', index, 'spec', 'resources', 'requests', 'storage'];
    return { object: statefulSet, name: `volumeClaimTemplate "${name}"`, path, value: statefulSet.get(path) };
  });
}

function checkClaim(ctx: RuleContext, claim: Claim, limits: NamespaceLimitRanges<K8sObject>): void {
  const storage = parseQuantity(claim.value);
  if (!storage) return;
  for (const { object, items } of limits.ranges) {
    for (const item of items.filter((i) => i.type === 'PersistentVolumeClaim')) {
      const min = item.min.storage;
      const max = item.max.storage;
      const bound =
        min && compareQuantities(storage, min) < 0
          ? { word: 'minimum', key: 'min', q: min }
          : max && compareQuantities(storage, max) > 0
            ? { word: 'maximum', key: 'max', q: max }
            : undefined;
      if (!bound) continue;
      ctx.report({
        object: claim.object,
        path: claim.path,
        ...claimText(claim, storage, object, bound),
        related: [{ object, path: [...item.path, bound.key, 'storage'] }],
      });
    }
  }
}

/**
 * `type: Pod` items bound the pod's totals (app containers and sidecars, or the largest init step).
 * Whether LimitRanger adds pod overhead is left open: a maximum is judged without it, a minimum with it,
 * so either way the finding holds.
 */
function checkPod(
  ctx: RuleContext,
  workload: Workload,
  range: K8sObject,
  item: LimitRangeItem,
  limits: NamespaceLimitRanges<K8sObject>,
): void {
  const withoutOverhead = { ...workload.podSpec, overhead: undefined };
  for (const resource of new Set([...Object.keys(item.min), ...Object.keys(item.max)])) {
    if (workload.containers.some((c) => c.facts.hasUnusableValue(resource))) continue;
    const certainDefaults = (limits.requestSuppliers[resource]?.length ?? 0) <= 1 && (limits.limitSuppliers[resource]?.length ?? 0) <= 1;
    const defaults = certainDefaults ? limits.defaults : undefined;
    const hasRequest = workload.containers.some((c) => c.facts.effectiveRequest(resource, defaults));
    const limitLow = podEffectiveLimit(withoutOverhead, resource, defaults);
    const limitHigh = podEffectiveLimit(workload.podSpec, resource, defaults);
    const totals = {
      request: hasRequest
        ? { low: podEffectiveRequest(withoutOverhead, resource, defaults), high: podEffectiveRequest(workload.podSpec, resource, defaults) }
        : undefined,
      limit: limitLow === undefined ? undefined : { low: limitLow, high: limitHigh ?? limitLow },
    };
    // One finding per resource: a request copied from the limit breaches together with it.
    for (const kind of ['limit', 'request'] as const) {
      const total = totals[kind];
      if (!total) continue;
      const max = item.max[resource];
      const min = item.min[resource];
      const breach =
        max && total.low > max.value
          ? { bound: 'max' as const, word: 'maximum', q: max, value: total.low }
          : min && certainDefaults && total.high < min.value
            ? { bound: 'min' as const, word: 'minimum', q: min, value: total.high }
            : undefined;
      if (!breach) continue;
      ctx.report({
        object: workload.object,
        path: workload.specPath('containers'),
        ...podText(workload, resource, kind, range, breach),
        related: [{ object: range, path: [...item.path, breach.bound, resource] }],
      });
      break;
    }
  }
}
