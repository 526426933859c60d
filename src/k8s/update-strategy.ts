import { parseIntOrPercent, type IntOrPercent } from './int-or-percent.js';
import { isRecord, type Raw } from '../util/raw.js';

/**
 * What apps/v1 validation rejects in a Deployment's `strategy` or a DaemonSet's `updateStrategy`
 * (`ValidateDeploymentStrategy`, `ValidateRollingUpdateDeployment`, `ValidateRollingUpdateDaemonSet`).
 */

export type UpdateStrategyKind = 'Deployment' | 'DaemonSet';

export type StrategyProblem =
  | { reason: 'unknown-type'; field: 'type'; value: string; allowed: readonly string[] }
  | { reason: 'rolling-update-with-recreate'; field: 'rollingUpdate'; type: string }
  | { reason: 'not-int-or-percent'; field: 'maxSurge' | 'maxUnavailable'; value: unknown }
  | { reason: 'over-100-percent'; field: 'maxUnavailable' | 'maxSurge'; value: IntOrPercent }
  /** DaemonSet only: a surge and unavailable pods together (maxUnavailable defaults to 1). */
  | { reason: 'surge-with-unavailable'; field: 'maxSurge'; unavailableDeclared: boolean }
  /** Both zero, counting the kind's default for a field left out (Deployment 25%, DaemonSet maxSurge 0). */
  | { reason: 'both-zero'; field: 'maxUnavailable'; surgeDeclared: boolean };

const STRATEGY_FIELD: Record<UpdateStrategyKind, string> = { Deployment: 'strategy', DaemonSet: 'updateStrategy' };
const NON_ROLLING_TYPE: Record<UpdateStrategyKind, string> = { Deployment: 'Recreate', DaemonSet: 'OnDelete' };

/** The field holding the strategy in the controller's spec. */
export function strategyField(kind: UpdateStrategyKind): string {
  return STRATEGY_FIELD[kind];
}

/** Every reason the API server would reject this update strategy. */
export function strategyProblems(kind: UpdateStrategyKind, controllerSpec: Raw): StrategyProblem[] {
  const strategy = controllerSpec[STRATEGY_FIELD[kind]];
  if (!isRecord(strategy)) return [];
  const type = strategy.type === undefined ? 'RollingUpdate' : strategy.type;
  const allowed = ['RollingUpdate', NON_ROLLING_TYPE[kind]] as const;
  if (typeof type !== 'string' || !(allowed as readonly unknown[]).includes(type)) {
    return [{ reason: 'unknown-type', field: 'type', value: String(type), allowed }];
  }
  if (type !== 'RollingUpdate') {
    return kind === 'Deployment' && strategy.rollingUpdate != null
      ? [{ reason: 'rolling-update-with-recreate', field: 'rollingUpdate', type }]
      : [];
  }
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const problems: StrategyProblem[] = [];
  const read = (field: 'maxSurge' | 'maxUnavailable'): IntOrPercent | undefined => {
    if (rolling[field] === undefined || rolling[field] === null) return undefined;
    const parsed = parseIntOrPercent(rolling[field]);
    if (!parsed) problems.push({ reason: 'not-int-or-percent', field, value: rolling[field] });
    return parsed;
  };
  const surge = read('maxSurge');
  const unavailable = read('maxUnavailable');
  if (unavailable && 'percent' in unavailable && unavailable.percent > 100) {
    problems.push({ reason: 'over-100-percent', field: 'maxUnavailable', value: unavailable });
  }
  // A Deployment's surge may exceed 100%; a DaemonSet's may not.
  if (kind === 'DaemonSet' && surge && 'percent' in surge && surge.percent > 100) {
    problems.push({ reason: 'over-100-percent', field: 'maxSurge', value: surge });
  }
  const isZero = (v: IntOrPercent | undefined): boolean => v !== undefined && ('count' in v ? v.count === 0 : v.percent === 0);
  // ValidateRollingUpdateDaemonSet: exactly one of maxSurge and maxUnavailable is non-zero.
  const unavailableIsNonZero = rolling.maxUnavailable == null ? true : unavailable !== undefined && !isZero(unavailable);
  if (kind === 'DaemonSet' && surge && !isZero(surge) && unavailableIsNonZero) {
    problems.push({ reason: 'surge-with-unavailable', field: 'maxSurge', unavailableDeclared: rolling.maxUnavailable != null });
  }
  const surgeIsZero = rolling.maxSurge == null ? kind === 'DaemonSet' : isZero(surge);
  if (isZero(unavailable) && surgeIsZero) {
    problems.push({ reason: 'both-zero', field: 'maxUnavailable', surgeDeclared: rolling.maxSurge != null });
  }
  return problems;
}
