import { describe, expect, it } from 'vitest';
import { isTerminatingPod, quotaAppliesTo, quotaPodCaps, quotaRequiredFields } from '../../src/k8s/quota.js';

describe('quotaRequiredFields', () => {
  it('maps cpu/memory keys and aliases; ignores counts and other resources', () => {
    const fields = quotaRequiredFields({
      hard: { cpu: '4', 'limits.memory': '8Gi', pods: '10', 'requests.storage': '1Ti', 'requests.nvidia.com/gpu': 2 },
    });
    expect(fields).toEqual([
      { kind: 'requests', resource: 'cpu', key: 'cpu', path: ['spec', 'hard', 'cpu'] },
      { kind: 'limits', resource: 'memory', key: 'limits.memory', path: ['spec', 'hard', 'limits.memory'] },
    ]);
  });
  it('is empty without hard', () => {
    expect(quotaRequiredFields({})).toEqual([]);
  });
});

describe('quotaAppliesTo', () => {
  const burstable = { qos: 'Burstable' as const, terminating: false };
  it('applies to every pod without scopes', () => {
    expect(quotaAppliesTo({ hard: {} }, burstable)).toBe(true);
  });
  it('evaluates BestEffort / NotBestEffort / Terminating / NotTerminating', () => {
    expect(quotaAppliesTo({ scopes: ['NotBestEffort'] }, burstable)).toBe(true);
    expect(quotaAppliesTo({ scopes: ['NotBestEffort'] }, { qos: 'BestEffort', terminating: false })).toBe(false);
    expect(quotaAppliesTo({ scopes: ['Terminating'] }, burstable)).toBe(false);
    expect(quotaAppliesTo({ scopes: ['NotTerminating', 'NotBestEffort'] }, burstable)).toBe(true);
    expect(
      quotaAppliesTo({ scopeSelector: { matchExpressions: [{ scopeName: 'BestEffort', operator: 'DoesNotExist' }] } }, burstable),
    ).toBe(true);
  });
  it('is undefined when a scope depends on the cluster, unless another scope already excludes the pod', () => {
    const priority = { scopeName: 'PriorityClass', operator: 'In', values: ['high'] };
    expect(quotaAppliesTo({ scopeSelector: { matchExpressions: [priority] } }, burstable)).toBeUndefined();
    expect(quotaAppliesTo({ scopes: ['Terminating'], scopeSelector: { matchExpressions: [priority] } }, burstable)).toBe(false);
  });
});

describe('isTerminatingPod', () => {
  it('is true with activeDeadlineSeconds >= 0', () => {
    expect(isTerminatingPod({ activeDeadlineSeconds: 0 })).toBe(true);
    expect(isTerminatingPod({})).toBe(false);
  });
});

describe('quotaPodCaps', () => {
  it('reads pod resource caps, bare keys as requests; skips PVC storage and counts', () => {
    const caps = quotaPodCaps({
      hard: {
        cpu: '4',
        'limits.memory': '8Gi',
        'requests.nvidia.com/gpu': 2,
        'requests.storage': '1Ti',
        pods: '10',
        'count/jobs.batch': 3,
        'limits.cpu': 'lots',
      },
    });
    expect(caps.map((c) => [c.kind, c.resource, c.hard.value])).toEqual([
      ['requests', 'cpu', 4],
      ['limits', 'memory', 8 * 2 ** 30],
      ['requests', 'nvidia.com/gpu', 2],
    ]);
  });
});
