import { readSelector, isEmptySelector, type LabelSelector } from './labels.js';
import { parseIntOrPercent, resolveIntOrPercent, type IntOrPercent } from './int-or-percent.js';
import { type Raw } from '../util/raw.js';

/** PodDisruptionBudget: what it selects and how many disruptions it allows (pkg/controller/disruption). */

export type DisruptionBudget = { field: 'minAvailable'; value: IntOrPercent } | { field: 'maxUnavailable'; value: IntOrPercent };

/** The budget a PDB spec declares; undefined when neither (or an invalid value) is given. */
export function readDisruptionBudget(pdbSpec: Raw): DisruptionBudget | undefined {
  if (pdbSpec.maxUnavailable !== undefined) {
    const value = parseIntOrPercent(pdbSpec.maxUnavailable);
    return value && { field: 'maxUnavailable', value };
  }
  if (pdbSpec.minAvailable !== undefined) {
    const value = parseIntOrPercent(pdbSpec.minAvailable);
    return value && { field: 'minAvailable', value };
  }
  return undefined;
}

/**
 * The pods a PDB selects, as a selector over pod labels. policy/v1: an empty selector selects every
 * pod of the namespace. policy/v1beta1 (removed in 1.25): an empty selector selects none. Undefined
 * when the PDB selects nothing (no selector, or an empty one in v1beta1).
 */
export function pdbSelector(apiVersion: string, pdbSpec: Raw): LabelSelector | undefined {
  const selector = readSelector(pdbSpec.selector);
  if (!selector) return undefined;
  if (isEmptySelector(selector) && apiVersion !== 'policy/v1') return undefined;
  return selector;
}

/** Pods that must stay healthy for `expected` pods (the owning controllers' total scale). */
export function desiredHealthy(budget: DisruptionBudget, expected: number): number {
  if (budget.field === 'maxUnavailable') return Math.max(0, expected - resolveIntOrPercent(budget.value, expected, 'up'));
  return resolveIntOrPercent(budget.value, expected, 'up');
}

/** Evictions allowed when all `expected` pods are healthy: max(0, expected − desiredHealthy). */
export function disruptionsAllowedWhenHealthy(budget: DisruptionBudget, expected: number): number {
  return Math.max(0, expected - desiredHealthy(budget, expected));
}

/** A budget that allows no eviction whatever the scale: maxUnavailable 0 / 0%, minAvailable 100%. */
export function blocksAtAnyScale(budget: DisruptionBudget): boolean {
  const v = budget.value;
  if (budget.field === 'maxUnavailable') return 'count' in v ? v.count === 0 : v.percent === 0;
  return 'percent' in v && v.percent >= 100;
}
