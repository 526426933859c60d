import { parseIntOrPercent, resolveIntOrPercent, type IntOrPercent } from './int-or-percent.js';
import { isRecord, type Raw } from '../util/raw.js';

export const DEFAULT_MAX_SURGE: IntOrPercent = { percent: 25 };
export const DEFAULT_MAX_UNAVAILABLE: IntOrPercent = { percent: 25 };

export interface RollingUpdateParams {
  /** 'RollingUpdate' (the default) or 'Recreate'; other values are passed through. */
  type: string;
  /** As declared (or the 25% default); undefined when the declared value is invalid. */
  maxSurge: IntOrPercent | undefined;
  maxUnavailable: IntOrPercent | undefined;
  /** Raw declared values, for messages; undefined when absent. */
  declaredMaxSurge: unknown;
  declaredMaxUnavailable: unknown;
}

/** A Deployment's `spec.strategy`, with API defaults applied. */
export function readDeploymentStrategy(deploymentSpec: Raw): RollingUpdateParams {
  const strategy = isRecord(deploymentSpec.strategy) ? deploymentSpec.strategy : {};
  const type = typeof strategy.type === 'string' ? strategy.type : 'RollingUpdate';
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  return {
    type,
    maxSurge: rolling.maxSurge === undefined ? DEFAULT_MAX_SURGE : parseIntOrPercent(rolling.maxSurge),
    maxUnavailable: rolling.maxUnavailable === undefined ? DEFAULT_MAX_UNAVAILABLE : parseIntOrPercent(rolling.maxUnavailable),
    declaredMaxSurge: rolling.maxSurge,
    declaredMaxUnavailable: rolling.maxUnavailable,
  };
}

export interface Fenceposts {
  /** Extra pods allowed above replicas during a rollout. */
  surge: number;
  /** Pods allowed to be unavailable during a rollout. */
  unavailable: number;
}

/**
 * The Deployment controller's ResolveFenceposts: surge rounds up, unavailable rounds down, and
 * when both resolve to 0 the controller forces unavailable to 1.
 */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, replicas: number): Fenceposts {
  const surge = resolveIntOrPercent(maxSurge, replicas, 'up');
  let unavailable = resolveIntOrPercent(maxUnavailable, replicas, 'down');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
