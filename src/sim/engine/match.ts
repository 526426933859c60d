import { requirementHolds } from '../../k8s/labels.js';
import { isRecord, type Raw } from '../../util/raw.js';

/**
 * Label and node selectors compiled once per pod, as the scheduler's helpers evaluate them
 * (metav1.LabelSelectorAsSelector, nodeaffinity.NodeSelector, v1.Toleration.ToleratesTaint).
 */

export type Labels = Record<string, string>;

export interface Selector {
  /** Canonical text: two selectors with the same key select the same pods. */
  key: string;
  /** labels.Everything(): an empty selector `{}`; the spread plugin counts no pods for it. */
  everything: boolean;
  /** labels.Nothing(): an absent selector. */
  nothing: boolean;
  /** One `key=value` every selected pod carries (from matchLabels or a one-value In), to index counters. */
  hint: string | null;
  matches(labels: Labels): boolean;
}

interface Requirement {
  key: string;
  op: string;
  values: string[];
}

const NOTHING: Selector = { key: '!nothing', everything: false, nothing: true, hint: null, matches: () => false };

export function labelsOf(raw: unknown): Labels {
  const out: Labels = {};
  if (!isRecord(raw)) return out;
  for (const [k, v] of Object.entries(raw)) if (v !== null && typeof v !== 'object') out[k] = String(v);
  return out;
}

/** A LabelSelector, plus the `key In [value]` requirements merged in for matchLabelKeys (and NotIn for mismatchLabelKeys). */
export function compileSelector(raw: unknown, extra: Requirement[] = []): Selector {
  if (!isRecord(raw)) {
    if (extra.length === 0) return NOTHING;
    raw = {};
  }
  const sel = raw as Raw;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(labelsOf(sel.matchLabels))) reqs.push({ key: k, op: 'In', values: [v] });
  if (Array.isArray(sel.matchExpressions)) {
    for (const e of sel.matchExpressions.filter(isRecord)) {
      reqs.push({ key: String(e.key ?? ''), op: String(e.operator ?? ''), values: Array.isArray(e.values) ? e.values.map(String) : [] });
    }
  }
  reqs.push(...extra);
  return fromRequirements(reqs);
}

function fromRequirements(reqs: Requirement[]): Selector {
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
  const key = sorted.map((r) => `${r.key} ${r.op} ${[...r.values].sort().join(',')}`).join(';');
  const single = sorted.find((r) => r.op === 'In' && r.values.length === 1);
  const hint = single ? `${single.key}=${single.values[0]}` : null;
  if (reqs.length === 0) return { key: '', everything: true, nothing: false, hint: null, matches: () => true };
  return {
    key,
    everything: false,
    nothing: false,
    hint,
    matches: (labels) => sorted.every((r) => requirementHolds(r.key, r.op, r.values, labels)),
  };
}

/** matchLabelKeys / mismatchLabelKeys as the API server merges them into a pod affinity term's selector. */
export function labelKeyRequirements(matchKeys: unknown, mismatchKeys: unknown, podLabels: Labels): Requirement[] {
  const out: Requirement[] = [];
  for (const k of Array.isArray(matchKeys) ? matchKeys.map(String) : []) {
    if (k in podLabels) out.push({ key: k, op: 'In', values: [podLabels[k]] });
  }
  for (const k of Array.isArray(mismatchKeys) ? mismatchKeys.map(String) : []) {
    if (k in podLabels) out.push({ key: k, op: 'NotIn', values: [podLabels[k]] });
  }
  return out;
}

/** One NodeSelectorTerm: expressions on labels and fields (only metadata.name), ANDed. */
export interface NodeTerm {
  expressions: Requirement[];
  fields: Requirement[];
}

export function readNodeTerms(raw: unknown): NodeTerm[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((t) => ({ expressions: requirements(t.matchExpressions), fields: requirements(t.matchFields) }));
}

function requirements(raw: unknown): Requirement[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(isRecord)
    .map((e) => ({ key: String(e.key ?? ''), op: String(e.operator ?? ''), values: Array.isArray(e.values) ? e.values.map(String) : [] }));
}

/** Terms are ORed; an empty term selects nothing (nodeaffinity.NewLazyErrorNodeSelector). */
export function nodeTermsMatch(terms: NodeTerm[], name: string, labels: Labels): boolean {
  for (const t of terms) {
    if (t.expressions.length === 0 && t.fields.length === 0) continue;
    if (nodeTermMatches(t, name, labels)) return true;
  }
  return false;
}

export function nodeTermMatches(t: NodeTerm, name: string, labels: Labels): boolean {
  for (const r of t.expressions) if (!nodeRequirementMatches(r, labels[r.key], r.key in labels)) return false;
  for (const r of t.fields) {
    if (r.key !== 'metadata.name') return false;
    if (!nodeRequirementMatches(r, name, true)) return false;
  }
  return true;
}

function nodeRequirementMatches(r: Requirement, value: string | undefined, has: boolean): boolean {
  switch (r.op) {
    case 'In':
      return has && r.values.includes(value as string);
    case 'NotIn':
      return !has || !r.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1) return false;
      const left = parseInteger(value as string);
      const right = parseInteger(r.values[0]);
      if (left === undefined || right === undefined) return false;
      return r.op === 'Gt' ? left > right : left < right;
    }
    default:
      return false;
  }
}

function parseInteger(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

export interface Toleration {
  key: string;
  operator: string;
  value: string;
  effect: string;
}

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

export function readTolerations(raw: unknown): Toleration[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((t) => ({
    key: String(t.key ?? ''),
    operator: String(t.operator ?? ''),
    value: t.value === undefined || t.value === null ? '' : String(t.value),
    effect: String(t.effect ?? ''),
  }));
}

export function readTaints(raw: unknown): Taint[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((t) => ({
    key: String(t.key ?? ''),
    value: t.value === undefined || t.value === null ? '' : String(t.value),
    effect: String(t.effect ?? ''),
  }));
}

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === '' || t.operator === 'Equal') return t.value === taint.value;
  return t.operator === 'Exists';
}

export function toleratedBy(tolerations: Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (tolerates(t, taint)) return true;
  return false;
}

/** The first NoSchedule/NoExecute taint no toleration matches (FindMatchingUntoleratedTaint), in the node's order. */
export function firstUntoleratedTaint(taints: Taint[], tolerations: Toleration[], effects: (effect: string) => boolean): Taint | undefined {
  for (const taint of taints) {
    if (effects(taint.effect) && !toleratedBy(tolerations, taint)) return taint;
  }
  return undefined;
}

export const filtersScheduling = (effect: string): boolean => effect === 'NoSchedule' || effect === 'NoExecute';
