import { readSelector, selectorMatches, type LabelSelector, type LabelSelectorRequirement, type Labels } from './labels.js';
import type { Path } from '../types.js';
import { isRecord, type Raw } from '../util/raw.js';

/** A required pod (anti-)affinity term, as the scheduler's InterPodAffinity plugin reads it. */
export interface RequiredPodTerm {
  selector: LabelSelector | undefined;
  topologyKey: string;
  /** The term looks at other namespaces (namespaces, namespaceSelector) or adds label keys from the pod (matchLabelKeys, mismatchLabelKeys). */
  beyondSelector: boolean;
  /** Path of the term from the pod spec. */
  path: Path;
}

/** The required terms of podAffinity or podAntiAffinity. */
export function requiredPodTerms(podSpec: Raw, field: 'podAffinity' | 'podAntiAffinity'): RequiredPodTerm[] {
  const affinity = isRecord(podSpec.affinity) ? podSpec.affinity : {};
  const section = isRecord(affinity[field]) ? affinity[field] : {};
  const terms = section.requiredDuringSchedulingIgnoredDuringExecution;
  if (!Array.isArray(terms)) return [];
  const out: RequiredPodTerm[] = [];
  terms.forEach((term, i) => {
    if (!isRecord(term) || typeof term.topologyKey !== 'string' || term.topologyKey === '') return;
    out.push({
      selector: readSelector(term.labelSelector),
      topologyKey: term.topologyKey,
      beyondSelector: ['namespaces', 'namespaceSelector', 'matchLabelKeys', 'mismatchLabelKeys'].some(
        (k) => term[k] !== undefined && term[k] !== null,
      ),
      path: ['affinity', field, 'requiredDuringSchedulingIgnoredDuringExecution', i],
    });
  });
  return out;
}

/** A required affinity and a required anti-affinity that no second pod of the workload can satisfy together. */
export interface SelfExcludingTerms {
  affinity: RequiredPodTerm;
  antiAffinity: RequiredPodTerm;
}

/**
 * Pairs of required terms that leave every pod of a workload beyond the first Pending: the
 * affinity term needs a pod it selects in the new pod's topology domain, the anti-affinity term
 * forbids any pod it selects there, both on the same topology key, and every pod the affinity
 * term selects is one the anti-affinity term selects (so the domain that satisfies one breaks the
 * other). The first pod schedules only through the scheduler's exception for a pod that matches
 * its own affinity terms when no pod does yet. Judged only when both terms select the workload's
 * own pods, in its own namespace, from their label selectors alone.
 */
export function selfExcludingTerms(podSpec: Raw, podLabels: Labels): SelfExcludingTerms[] {
  const own = (t: RequiredPodTerm) => !t.beyondSelector && t.selector !== undefined && selectorMatches(t.selector, podLabels);
  const anti = requiredPodTerms(podSpec, 'podAntiAffinity').filter(own);
  const out: SelfExcludingTerms[] = [];
  for (const affinity of requiredPodTerms(podSpec, 'podAffinity').filter(own)) {
    const antiAffinity = anti.find((a) => a.topologyKey === affinity.topologyKey && implies(affinity.selector!, a.selector!));
    if (antiAffinity) out.push({ affinity, antiAffinity });
  }
  return out;
}

/**
 * Whether every label set `narrow` matches is one `broad` matches, judged from the requirements
 * as written: each requirement of `broad` follows from one of `narrow`'s on the same key (a
 * matchLabels pair counts as an `In` with that single value).
 */
export function implies(narrow: LabelSelector, broad: LabelSelector): boolean {
  const narrowReqs = requirements(narrow);
  return requirements(broad).every((b) => narrowReqs.some((n) => sameRequirement(n, b)));
}

function requirements(selector: LabelSelector): LabelSelectorRequirement[] {
  return [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
    ...(selector.matchExpressions ?? []),
  ];
}

/** Whether every label set meeting requirement `a` meets `b` (same key). */
function sameRequirement(a: LabelSelectorRequirement, b: LabelSelectorRequirement): boolean {
  if (a.key !== b.key) return false;
  const av = a.values ?? [];
  const bv = b.values ?? [];
  switch (b.operator) {
    case 'In':
      return a.operator === 'In' && av.length > 0 && av.every((v) => bv.includes(v));
    case 'Exists':
      return a.operator === 'Exists' || (a.operator === 'In' && av.length > 0);
    case 'NotIn':
      return (a.operator === 'NotIn' && bv.every((v) => av.includes(v))) || (a.operator === 'In' && av.every((v) => !bv.includes(v)));
    case 'DoesNotExist':
      return a.operator === 'DoesNotExist';
    default:
      return false;
  }
}
