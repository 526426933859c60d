import type { UsageAssumption } from '../../k8s/eviction.js';

/** What every format says about the two things the simulation cannot know: the scheduler's random tie-break and usage. */

export const TIE_BREAK_STATEMENT =
  'Ties between equally scored nodes go to the first node by name here; kube-scheduler picks one of them at random, so each placement is one legal outcome.';

export function usageStatement(usage: UsageAssumption): string {
  return usage === 'limit'
    ? 'Eviction ranking assumes each container uses its memory limit (its request when it has no limit); a container with neither counts as above its request.'
    : 'Eviction ranking assumes each container uses its memory request; a container without one counts as above its request.';
}
