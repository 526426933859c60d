import { describe, expect, it } from 'vitest';
import { parseIntOrPercent, resolveIntOrPercent } from '../../src/k8s/int-or-percent.js';
import { readDeploymentStrategy, resolveFenceposts } from '../../src/k8s/rollout.js';

describe('int-or-percent', () => {
  it('reads counts and percentages, rejects the rest', () => {
    expect(parseIntOrPercent(2)).toEqual({ count: 2 });
    expect(parseIntOrPercent('25%')).toEqual({ percent: 25 });
    expect(parseIntOrPercent('1')).toBeUndefined();
    expect(parseIntOrPercent('25 %')).toBeUndefined();
    expect(parseIntOrPercent(-1)).toBeUndefined();
    expect(parseIntOrPercent(1.5)).toBeUndefined();
    expect(parseIntOrPercent(null)).toBeUndefined();
  });
  it('rounds percentages as asked', () => {
    expect(resolveIntOrPercent({ percent: 25 }, 3, 'up')).toBe(1);
    expect(resolveIntOrPercent({ percent: 25 }, 3, 'down')).toBe(0);
    expect(resolveIntOrPercent({ count: 4 }, 3, 'down')).toBe(4);
  });
});

describe('rolling update fenceposts (semantics note 8.3)', () => {
  const defaults = readDeploymentStrategy({});
  const cases: Array<[number, number, number]> = [
    [1, 1, 0],
    [3, 1, 0],
    [4, 1, 1],
    [10, 3, 2],
  ];
  for (const [replicas, surge, unavailable] of cases) {
    it(`replicas ${replicas} with the 25%/25% defaults: surge ${surge}, unavailable ${unavailable}`, () => {
      expect(resolveFenceposts(defaults.maxSurge!, defaults.maxUnavailable!, replicas)).toEqual({ surge, unavailable });
    });
  }
  it('forces unavailable to 1 when both resolve to 0', () => {
    expect(resolveFenceposts({ percent: 0 }, { percent: 10 }, 3)).toEqual({ surge: 0, unavailable: 1 });
  });
  it('reads type and declared values', () => {
    const s = readDeploymentStrategy({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 'x' } } });
    expect(s.maxSurge).toEqual({ count: 0 });
    expect(s.maxUnavailable).toBeUndefined();
    expect(s.declaredMaxUnavailable).toBe('x');
    expect(readDeploymentStrategy({ strategy: { type: 'Recreate' } }).type).toBe('Recreate');
  });
});
