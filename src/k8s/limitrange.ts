import type { Path } from '../types.js';
import { parseQuantity, type Quantity } from './quantity.js';
import { usableQuantity } from './quantity-mistakes.js';
import type { ContainerDefaults } from './resources.js';
import { dictionary, record, type Raw } from '../util/raw.js';

/** LimitRange: the defaults LimitRanger admission fills into containers, and the bounds it enforces. */

type ResourceMap = Record<string, Quantity>;

export type LimitRangeItemType = 'Container' | 'Pod' | 'PersistentVolumeClaim';

/** One `spec.limits[]` item after object defaulting (SetDefaults_LimitRangeItem). */
export interface LimitRangeItem {
  type: LimitRangeItemType;
  min: ResourceMap;
  max: ResourceMap;
  default: ResourceMap;
  defaultRequest: ResourceMap;
  maxLimitRequestRatio: ResourceMap;
  /** Path of the item from the object root. */
  path: Path;
}

/** A LimitRange object reduced to what admission uses. */
export interface LimitRangeView<T> {
  object: T;
  items: LimitRangeItem[];
}

/** Bounds and defaults by resource; a unit mistake (`memory: 512m`) is left out like an invalid value (see usableQuantity). */
function resourceMap(v: unknown): ResourceMap {
  const out: ResourceMap = dictionary();
  for (const [name, raw] of Object.entries(record(v) ?? {})) {
    const q = usableQuantity(name, raw);
    if (q) out[name] = q;
  }
  return out;
}

/** Ratios carry no unit. */
function ratioMap(v: unknown): ResourceMap {
  const out: ResourceMap = dictionary();
  for (const [name, raw] of Object.entries(record(v) ?? {})) {
    const q = parseQuantity(raw);
    if (q) out[name] = q;
  }
  return out;
}

/**
 * The items of a LimitRange spec with the object defaulting the API server applies:
 * a Container item's missing `default` becomes `max`; a missing `defaultRequest` becomes
 * `default`, else `min`. So `max: {cpu: 1}` alone defaults every container to request = limit = 1.
 */
export function readLimitRangeItems(spec: unknown): LimitRangeItem[] {
  const limits = record(spec)?.limits;
  if (!Array.isArray(limits)) return [];
  const out: LimitRangeItem[] = [];
  limits.forEach((rawItem, i) => {
    const item = record(rawItem);
    if (!item || (item.type !== 'Container' && item.type !== 'Pod' && item.type !== 'PersistentVolumeClaim')) return;
    const parsed: LimitRangeItem = {
      type: item.type,
      min: resourceMap(item.min),
      max: resourceMap(item.max),
      default: resourceMap(item.default),
      defaultRequest: resourceMap(item.defaultRequest),
      maxLimitRequestRatio: ratioMap(item.maxLimitRequestRatio),
      path: ['spec', 'limits', i],
    };
    if (parsed.type === 'Container') {
      for (const [name, q] of Object.entries(parsed.max)) parsed.default[name] ??= q;
      for (const [name, q] of Object.entries(parsed.default)) parsed.defaultRequest[name] ??= q;
      for (const [name, q] of Object.entries(parsed.min)) parsed.defaultRequest[name] ??= q;
    }
    out.push(parsed);
  });
  return out;
}

/** The LimitRanges of one namespace and the container defaults they supply together. */
export interface NamespaceLimitRanges<T> {
  ranges: LimitRangeView<T>[];
  /** What admission fills into a container that omits a resource (one of the candidates when several ranges supply it). */
  defaults: ContainerDefaults;
  /** Which LimitRanges supply a default request / limit per resource. More than one: which value applies is not deterministic. */
  requestSuppliers: Record<string, T[]>;
  limitSuppliers: Record<string, T[]>;
}

/** The LimitRanges that govern one namespace, in declaration order, with the container defaults admission would apply. */
export function namespaceLimitRanges<T extends { raw: Raw }>(objects: readonly T[]): NamespaceLimitRanges<T> {
  const ns: NamespaceLimitRanges<T> = {
    ranges: [],
    defaults: { defaultRequest: dictionary(), defaultLimit: dictionary() },
    requestSuppliers: dictionary(),
    limitSuppliers: dictionary(),
  };
  for (const object of objects) {
    const items = readLimitRangeItems(object.raw.spec);
    ns.ranges.push({ object, items });
    for (const item of items.filter((i) => i.type === 'Container')) {
      supply(ns.defaults.defaultRequest, ns.requestSuppliers, item.defaultRequest, object);
      supply(ns.defaults.defaultLimit, ns.limitSuppliers, item.default, object);
    }
  }
  return ns;
}

function supply<T>(target: ResourceMap, suppliers: Record<string, T[]>, values: ResourceMap, object: T): void {
  for (const [name, q] of Object.entries(values)) {
    target[name] ??= q;
    const list = (suppliers[name] ??= []);
    if (!list.includes(object)) list.push(object);
  }
}
