import { describe, expect, it } from 'vitest';
import { containerOomScores, isCriticalPod, podMemory, rankMemoryPressure } from '../../src/k8s/eviction.js';

const Gi = 2 ** 30;
const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  name,
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  ...extra,
});
const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({ metadata: { name: 'p', ...metadata }, spec });

describe('containerOomScores (pkg/kubelet/qos/policy.go)', () => {
  it('gives Guaranteed containers -997 and BestEffort ones 1000', () => {
    const guaranteed = pod({ containers: [c('a', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })] });
    expect(containerOomScores(guaranteed, 0, 16 * Gi).map((s) => s.oomScoreAdj)).toEqual([-997]);
    expect(containerOomScores(pod({ containers: [c('a')] }), 0, 16 * Gi).map((s) => s.oomScoreAdj)).toEqual([1000]);
  });

  it('gives a Burstable container 1000 − 1000 × request / capacity, rounded down by integer division', () => {
    // 10% of node memory: the doc's "900"; 1.6Gi of 16Gi.
    const burstable = pod({ containers: [c('a', { memory: `${1.6 * 1024}Mi` })] });
    expect(containerOomScores(burstable, 0, 16 * Gi)[0].oomScoreAdj).toBe(900);
    // 1000·3Gi/7Gi = 428.57 → 428, so 1000 − 428 = 572
    const odd = pod({ containers: [c('a', { memory: '3Gi' })] });
    expect(containerOomScores(odd, 0, 7 * Gi)[0].oomScoreAdj).toBe(572);
  });

  it('clamps Burstable to [3, 999]: no request gives 999, a request of the whole node 3', () => {
    const noMemory = pod({ containers: [c('a', { cpu: '100m' })] });
    expect(containerOomScores(noMemory, 0, 16 * Gi)[0].oomScoreAdj).toBe(999);
    const huge = pod({ containers: [c('a', { memory: '16Gi' }, { memory: '32Gi' })] });
    expect(containerOomScores(huge, 0, 16 * Gi)[0].oomScoreAdj).toBe(3);
  });

  it('caps a sidecar at the adj of the smallest regular container', () => {
    const spec = {
      initContainers: [c('proxy', { memory: '64Mi' }, undefined, { restartPolicy: 'Always' })],
      containers: [c('app', { memory: '8Gi' }), c('small', { memory: '4Gi' })],
    };
    const scores = containerOomScores(pod(spec), 0, 16 * Gi);
    expect(scores).toEqual([
      { name: 'proxy', role: 'sidecar', oomScoreAdj: 750 },
      { name: 'app', role: 'app', oomScoreAdj: 500 },
      { name: 'small', role: 'app', oomScoreAdj: 750 },
    ]);
  });

  it('gives system-node-critical pods -997 whatever their QoS, but not system-cluster-critical ones', () => {
    const spec = { priorityClassName: 'system-node-critical', containers: [c('a', { memory: '1Gi' })] };
    expect(containerOomScores(pod(spec), 2000001000, 16 * Gi)[0].oomScoreAdj).toBe(-997);
    const cluster = { priorityClassName: 'system-cluster-critical', containers: [c('a', { memory: '1Gi' })] };
    expect(containerOomScores(pod(cluster), 2000000000, 16 * Gi)[0].oomScoreAdj).toBe(938);
  });
});

describe('podMemory', () => {
  it('assumes usage = request, or = limit (request when no limit), and marks containers with neither as unbounded', () => {
    const spec = { containers: [c('a', { memory: '1Gi' }, { memory: '2Gi' }), c('b', { memory: '1Gi' })] };
    expect(podMemory(spec, 'request')).toEqual({ request: 2 * Gi, usage: 2 * Gi, unbounded: false });
    expect(podMemory(spec, 'limit')).toEqual({ request: 2 * Gi, usage: 3 * Gi, unbounded: false });
    expect(podMemory({ containers: [c('a')] }, 'limit').unbounded).toBe(true);
  });
});

describe('rankMemoryPressure (rankMemoryPressure in eviction/helpers.go)', () => {
  const cand = (key: string, priority: number, request: number, usage: number, unbounded = false) => ({
    item: key,
    key,
    priority,
    memory: { request, usage, unbounded },
  });

  it('puts pods above their request first, then lower priority, then the larger excess', () => {
    const ranked = rankMemoryPressure([
      cand('guaranteed-low', 0, Gi, Gi),
      cand('besteffort-high', 1000, 0, 0, true),
      cand('burstable-over-low', 0, Gi, 2 * Gi),
      cand('burstable-over-more', 0, Gi, 3 * Gi),
    ]);
    expect(ranked.map((r) => r.key)).toEqual(['burstable-over-more', 'burstable-over-low', 'besteffort-high', 'guaranteed-low']);
  });
});

describe('isCriticalPod', () => {
  it('holds for critical priority, static and mirror pods', () => {
    expect(isCriticalPod(pod({}), 2000000000)).toBe(true);
    expect(isCriticalPod(pod({}), 1999999999)).toBe(false);
    expect(isCriticalPod(pod({}, { annotations: { 'kubernetes.io/config.mirror': 'x' } }), 0)).toBe(true);
    expect(isCriticalPod(pod({}, { annotations: { 'kubernetes.io/config.source': 'file' } }), 0)).toBe(true);
  });
});
