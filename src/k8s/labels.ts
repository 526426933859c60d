import { isRecord } from '../util/raw.js';

/** Label selectors as the API defines them: matchLabels AND matchExpressions. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Readonly<Record<string, string>>;

/** Reads a selector from a manifest; undefined when absent or not a mapping. */
export function readSelector(raw: unknown): LabelSelector | undefined {
  if (!isRecord(raw)) return undefined;
  const selector: LabelSelector = {};
  if (isRecord(raw.matchLabels)) selector.matchLabels = stringRecord(raw.matchLabels);
  if (Array.isArray(raw.matchExpressions)) {
    selector.matchExpressions = raw.matchExpressions.filter(isRecord).map((e) => ({
      key: String(e.key ?? ''),
      operator: String(e.operator ?? ''),
      values: Array.isArray(e.values) ? e.values.map(String) : undefined,
    }));
  }
  return selector;
}

/** Reads a labels map (metadata.labels, a Service selector), stringifying scalar values. */
export function readLabels(raw: unknown): Record<string, string> {
  return isRecord(raw) ? stringRecord(raw) : {};
}

/** An empty selector ({}) matches everything; callers decide what an absent one means. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (selector.matchLabels) {
    for (const key in selector.matchLabels) {
      if (labels[key] !== selector.matchLabels[key]) return false;
    }
  }
  for (const req of selector.matchExpressions ?? []) {
    if (!requirementMatches(req, labels)) return false;
  }
  return true;
}

/** Equality-only selectors (Service.spec.selector, nodeSelector). */
export function equalitySelectorMatches(selector: Labels, labels: Labels): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

/** A Service's `spec.selector` when it has a non-empty one (Services without one get no endpoints from Kubernetes). */
export function serviceSelector(serviceSpec: unknown): Labels | undefined {
  const selector = readLabels(isRecord(serviceSpec) ? serviceSpec.selector : undefined);
  return Object.keys(selector).length > 0 ? selector : undefined;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  return requirementHolds(req.key, req.operator, req.values ?? [], labels);
}

/** One label selector requirement (key, operator, values) against a set of labels; an unknown operator matches nothing. */
export function requirementHolds(key: string, operator: string, values: readonly string[], labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (operator) {
    case 'In':
      return has && values.includes(labels[key]);
    case 'NotIn':
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

export function describeSelector(selector: LabelSelector | Labels): string {
  const s = selector as LabelSelector;
  const parts: string[] = [];
  const eq = 'matchLabels' in s || 'matchExpressions' in s ? (s.matchLabels ?? {}) : (selector as Labels);
  for (const [k, v] of Object.entries(eq)) parts.push(`${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    parts.push(e.values ? `${e.key} ${e.operator} (${e.values.join(', ')})` : `${e.operator === 'DoesNotExist' ? '!' : ''}${e.key}`);
  }
  return parts.length ? parts.join(', ') : '(everything)';
}

function stringRecord(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== null && typeof v !== 'object') out[k] = String(v);
  }
  return out;
}
