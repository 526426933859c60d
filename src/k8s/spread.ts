/** Whether a pod template spreads its own replicas across nodes or zones (anti-affinity, topology spread). */
import { readSelector, selectorMatches, type Labels } from './labels.js';

type Raw = Record<string, unknown>;

export const HOSTNAME_OR_ZONE_KEYS: readonly string[] = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

export interface SpreadTerm {
  via: 'podAntiAffinity' | 'topologySpreadConstraints';
  topologyKey: string;
  required: boolean;
}

/**
 * Anti-affinity terms (required or preferred) and topology spread constraints of a pod spec whose
 * topology key is the hostname or a zone and whose label selector matches the pod's own labels.
 */
export function ownReplicaSpreading(podSpec: Raw, podLabels: Labels): SpreadTerm[] {
  const out: SpreadTerm[] = [];
  const anti = isRecord(podSpec.affinity) && isRecord(podSpec.affinity.podAntiAffinity) ? podSpec.affinity.podAntiAffinity : {};
  for (const term of list(anti.requiredDuringSchedulingIgnoredDuringExecution)) {
    if (spreadsSelf(term, podLabels)) out.push({ via: 'podAntiAffinity', topologyKey: String(term.topologyKey), required: true });
  }
  for (const weighted of list(anti.preferredDuringSchedulingIgnoredDuringExecution)) {
    const term = isRecord(weighted.podAffinityTerm) ? weighted.podAffinityTerm : undefined;
    if (term && spreadsSelf(term, podLabels)) out.push({ via: 'podAntiAffinity', topologyKey: String(term.topologyKey), required: false });
  }
  for (const constraint of list(podSpec.topologySpreadConstraints)) {
    if (spreadsSelf(constraint, podLabels)) {
      out.push({ via: 'topologySpreadConstraints', topologyKey: String(constraint.topologyKey), required: constraint.whenUnsatisfiable !== 'ScheduleAnyway' });
    }
  }
  return out;
}

function spreadsSelf(term: Raw, podLabels: Labels): boolean {
  if (typeof term.topologyKey !== 'string' || !HOSTNAME_OR_ZONE_KEYS.includes(term.topologyKey)) return false;
  const selector = readSelector(term.labelSelector);
  return selector !== undefined && selectorMatches(selector, podLabels);
}

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

function isRecord(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
