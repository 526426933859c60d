import { describe, expect, it } from 'vitest';
import { blocksAtAnyScale, desiredHealthy, disruptionsAllowedWhenHealthy, pdbSelector, readDisruptionBudget } from '../../src/k8s/pdb.js';

describe('PodDisruptionBudget math', () => {
  it('reads minAvailable or maxUnavailable as count or percentage', () => {
    expect(readDisruptionBudget({ minAvailable: 2 })).toEqual({ field: 'minAvailable', value: { count: 2 } });
    expect(readDisruptionBudget({ maxUnavailable: '25%' })).toEqual({ field: 'maxUnavailable', value: { percent: 25 } });
    expect(readDisruptionBudget({})).toBeUndefined();
    expect(readDisruptionBudget({ minAvailable: 'two' })).toBeUndefined();
  });
  it('rounds percentages up (semantics 8.1 examples)', () => {
    expect(disruptionsAllowedWhenHealthy({ field: 'maxUnavailable', value: { percent: 10 } }, 3)).toBe(1);
    expect(desiredHealthy({ field: 'minAvailable', value: { percent: 50 } }, 3)).toBe(2);
    expect(disruptionsAllowedWhenHealthy({ field: 'minAvailable', value: { percent: 50 } }, 3)).toBe(1);
    expect(desiredHealthy({ field: 'minAvailable', value: { percent: 67 } }, 3)).toBe(3);
    expect(desiredHealthy({ field: 'minAvailable', value: { percent: 80 } }, 1)).toBe(1);
  });
  it('minAvailable equal to or above the pods allows nothing', () => {
    expect(disruptionsAllowedWhenHealthy({ field: 'minAvailable', value: { count: 3 } }, 3)).toBe(0);
    expect(disruptionsAllowedWhenHealthy({ field: 'minAvailable', value: { count: 5 } }, 3)).toBe(0);
    expect(disruptionsAllowedWhenHealthy({ field: 'minAvailable', value: { count: 2 } }, 3)).toBe(1);
    expect(disruptionsAllowedWhenHealthy({ field: 'maxUnavailable', value: { count: 1 } }, 1)).toBe(1);
  });
  it('maxUnavailable 0 / 0% and minAvailable 100% block at any scale', () => {
    expect(blocksAtAnyScale({ field: 'maxUnavailable', value: { count: 0 } })).toBe(true);
    expect(blocksAtAnyScale({ field: 'maxUnavailable', value: { percent: 0 } })).toBe(true);
    expect(blocksAtAnyScale({ field: 'minAvailable', value: { percent: 100 } })).toBe(true);
    expect(blocksAtAnyScale({ field: 'minAvailable', value: { count: 100 } })).toBe(false);
    expect(blocksAtAnyScale({ field: 'maxUnavailable', value: { percent: 1 } })).toBe(false);
  });
  it('policy/v1: an empty selector selects everything; v1beta1: nothing; absent: nothing', () => {
    expect(pdbSelector('policy/v1', { selector: {} })).toEqual({});
    expect(pdbSelector('policy/v1beta1', { selector: {} })).toBeUndefined();
    expect(pdbSelector('policy/v1', {})).toBeUndefined();
    expect(pdbSelector('policy/v1beta1', { selector: { matchLabels: { app: 'web' } } })).toEqual({ matchLabels: { app: 'web' } });
  });
});
