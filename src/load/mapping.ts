/**
 * The prototype of every mapping read from a manifest. A manifest may hold a mapping where a
 * scalar belongs (`containerPort: {toString: 1}`), and a plain object with an own `toString` or
 * `valueOf` key throws "Cannot convert object to primitive value" wherever code turns it into text
 * or a number (`String(v)`, `${v}`, `Number(v)`, a sort). With Symbol.toPrimitive here, every
 * manifest mapping converts as `{}` does ("[object Object]", NaN), whatever keys it holds: one
 * guard for every rule and plugin instead of a type check at each read.
 */
const MAPPING_PROTOTYPE: object = Object.create(Object.prototype, {
  [Symbol.toPrimitive]: {
    value: (hint: string) => (hint === 'number' ? Number.NaN : '[object Object]'),
  },
});

/** A new, empty manifest mapping. */
export function newMapping(): Record<string, unknown> {
  return Object.create(MAPPING_PROTOTYPE) as Record<string, unknown>;
}

/** Whether a value is a mapping read from a manifest (not a Date or other object a scalar resolved to). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === MAPPING_PROTOTYPE;
}
