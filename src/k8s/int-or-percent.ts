/** IntOrString fields that take a count or a percentage (maxSurge, maxUnavailable, minAvailable). */
export type IntOrPercent = { count: number } | { percent: number };

/**
 * Reads a count or "N%". Kubernetes keeps the YAML type: a number is a count, a string must be
 * "N%" (a quoted "1" is rejected by validation). Undefined when invalid.
 */
export function parseIntOrPercent(value: unknown): IntOrPercent | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { count: value } : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([0-9]+)%$/.exec(value);
  return m ? { percent: Number(m[1]) } : undefined;
}

/** Scales against a total: percentages rounded up or down as the caller's controller does. */
export function resolveIntOrPercent(value: IntOrPercent, total: number, round: 'up' | 'down'): number {
  if ('count' in value) return value.count;
  const exact = (value.percent * total) / 100;
  return round === 'up' ? Math.ceil(exact) : Math.floor(exact);
}

export function describeIntOrPercent(value: IntOrPercent): string {
  return 'count' in value ? String(value.count) : `${value.percent}%`;
}
