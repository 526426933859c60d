import { readSelector, selectorMatches, type Labels } from './labels.js';
import { isZoneKey } from './storage.js';
import { isRecord, type Raw } from '../util/raw.js';

/** Whether a pod template spreads its own replicas across nodes or zones (anti-affinity, topology spread). */

export interface SpreadTerm {
  via: 'podAntiAffinity' | 'topologySpreadConstraints';
  topologyKey: string;
  required: boolean;
  /** Whether its label selector matches the pod's own labels: only then does it spread the replicas. */
  selectsOwnPods: boolean;
}

/**
 * Anti-affinity terms (required or preferred) and topology spread constraints of a pod spec whose
 * topology key is the hostname or a zone.
 */
export function hostOrZoneSpreadTerms(podSpec: Raw, podLabels: Labels): SpreadTerm[] {
  const out: SpreadTerm[] = [];
  const anti = isRecord(podSpec.affinity) && isRecord(podSpec.affinity.podAntiAffinity) ? podSpec.affinity.podAntiAffinity : {};
  for (const term of list(anti.requiredDuringSchedulingIgnoredDuringExecution)) {
    if (onHostOrZone(term))
      out.push({
        via: 'podAntiAffinity',
        topologyKey: String(term.topologyKey),
        required: true,
        selectsOwnPods: selectsSelf(term, podLabels),
      });
  }
  for (const weighted of list(anti.preferredDuringSchedulingIgnoredDuringExecution)) {
    const term = isRecord(weighted.podAffinityTerm) ? weighted.podAffinityTerm : undefined;
    if (term && onHostOrZone(term))
      out.push({
        via: 'podAntiAffinity',
        topologyKey: String(term.topologyKey),
        required: false,
        selectsOwnPods: selectsSelf(term, podLabels),
      });
  }
  for (const constraint of list(podSpec.topologySpreadConstraints)) {
    if (onHostOrZone(constraint)) {
      out.push({
        via: 'topologySpreadConstraints',
        topologyKey: String(constraint.topologyKey),
        required: constraint.whenUnsatisfiable !== 'ScheduleAnyway',
        selectsOwnPods: selectsSelf(constraint, podLabels),
      });
    }
  }
  return out;
}

function onHostOrZone(term: Raw): boolean {
  return typeof term.topologyKey === 'string' && (term.topologyKey === 'kubernetes.io/hostname' || isZoneKey(term.topologyKey));
}

/** A null selector matches no pod; an empty one matches every pod (the pod's own included). */
function selectsSelf(term: Raw, podLabels: Labels): boolean {
  const selector = readSelector(term.labelSelector);
  return selector !== undefined && selectorMatches(selector, podLabels);
}

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}
