import { describe, expect, it } from 'vitest';
import { strategyProblems } from '../../src/k8s/update-strategy.js';

const deployment = (strategy: unknown) => strategyProblems('Deployment', { strategy });
const daemonSet = (updateStrategy: unknown) => strategyProblems('DaemonSet', { updateStrategy });

describe('Deployment strategy validation', () => {
  it('accepts defaults, counts, percentages and Recreate alone', () => {
    expect(strategyProblems('Deployment', {})).toEqual([]);
    expect(deployment({ rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } })).toEqual([]);
    expect(deployment({ rollingUpdate: { maxSurge: '50%', maxUnavailable: '0%' } })).toEqual([]);
    expect(deployment({ rollingUpdate: { maxUnavailable: 0 } })).toEqual([]);
    expect(deployment({ type: 'Recreate' })).toEqual([]);
  });
  it('rejects both zero, whether as counts or percentages', () => {
    expect(deployment({ rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })).toEqual([
      { reason: 'both-zero', field: 'maxUnavailable', surgeDeclared: true },
    ]);
    expect(deployment({ rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } }).map((p) => p.reason)).toEqual(['both-zero']);
  });
  it('rejects quoted numbers, fractions, negatives and maxUnavailable over 100%', () => {
    expect(deployment({ rollingUpdate: { maxSurge: '1' } })).toEqual([{ reason: 'not-int-or-percent', field: 'maxSurge', value: '1' }]);
    expect(deployment({ rollingUpdate: { maxUnavailable: -1 } }).map((p) => p.reason)).toEqual(['not-int-or-percent']);
    expect(deployment({ rollingUpdate: { maxUnavailable: '150%' } }).map((p) => p.reason)).toEqual(['over-100-percent']);
    expect(deployment({ rollingUpdate: { maxSurge: '150%' } })).toEqual([]);
  });
  it('rejects rollingUpdate with Recreate and unknown types', () => {
    expect(deployment({ type: 'Recreate', rollingUpdate: { maxSurge: 1 } }).map((p) => p.reason)).toEqual(['rolling-update-with-recreate']);
    expect(deployment({ type: 'Rolling' }).map((p) => p.reason)).toEqual(['unknown-type']);
  });
});

describe('DaemonSet updateStrategy validation', () => {
  it('maxSurge defaults to 0, so maxUnavailable 0 alone is rejected', () => {
    expect(daemonSet({ rollingUpdate: { maxUnavailable: 0 } })).toEqual([
      { reason: 'both-zero', field: 'maxUnavailable', surgeDeclared: false },
    ]);
    expect(daemonSet({ rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } })).toEqual([]);
    expect(daemonSet({ type: 'OnDelete', rollingUpdate: { maxUnavailable: 0 } })).toEqual([]);
  });
});

describe('DaemonSet: exactly one of maxSurge and maxUnavailable is non-zero, neither above 100%', () => {
  const reasons = (rollingUpdate: unknown) => daemonSet({ type: 'RollingUpdate', rollingUpdate }).map((p) => p.reason);
  it('rejects a surge next to the default maxUnavailable 1 or a written non-zero one', () => {
    expect(reasons({ maxSurge: 1 })).toEqual(['surge-with-unavailable']);
    expect(reasons({ maxSurge: '25%', maxUnavailable: '10%' })).toEqual(['surge-with-unavailable']);
  });
  it('accepts a surge with maxUnavailable 0, and maxUnavailable alone', () => {
    expect(reasons({ maxSurge: 1, maxUnavailable: 0 })).toEqual([]);
    expect(reasons({ maxSurge: '0%', maxUnavailable: 2 })).toEqual([]);
    expect(reasons({ maxUnavailable: '50%' })).toEqual([]);
  });
  it('rejects maxSurge above 100% for a DaemonSet only', () => {
    expect(reasons({ maxSurge: '101%', maxUnavailable: 0 })).toEqual(['over-100-percent']);
    expect(deployment({ rollingUpdate: { maxSurge: '101%', maxUnavailable: 0 } })).toEqual([]);
  });
});
