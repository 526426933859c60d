import { describe, expect, it } from 'vitest';
import { judgeControllerSelector } from '../../src/k8s/controller-selector.js';
import { withoutControllerLabels } from '../../src/k8s/controller-labels.js';

describe('controller selectors against template labels', () => {
  const labels = { app: 'web', tier: 'frontend' };
  it('apps/v1 requires a non-empty selector that matches', () => {
    expect(judgeControllerSelector('Deployment', 'apps/v1', {}, labels)).toEqual({ ok: false, problem: 'missing' });
    expect(judgeControllerSelector('StatefulSet', 'apps/v1', { selector: {} }, labels)).toMatchObject({ ok: false, problem: 'empty' });
    expect(judgeControllerSelector('DaemonSet', 'apps/v1', { selector: { matchLabels: { app: 'api' } } }, labels)).toMatchObject({
      ok: false,
      problem: 'mismatch',
    });
    expect(
      judgeControllerSelector('ReplicaSet', 'apps/v1', { selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }, labels),
    ).toEqual({ ok: true });
  });
  it('removed API versions are not judged', () => {
    expect(judgeControllerSelector('Deployment', 'extensions/v1beta1', {}, labels)).toBeUndefined();
    expect(judgeControllerSelector('Deployment', 'apps/v1beta2', {}, labels)).toBeUndefined();
  });
  it('Job: only a written selector is judged', () => {
    expect(judgeControllerSelector('Job', 'batch/v1', {}, labels)).toEqual({ ok: true });
    expect(
      judgeControllerSelector('Job', 'batch/v1', { manualSelector: true, selector: { matchLabels: { app: 'x' } } }, labels),
    ).toMatchObject({ problem: 'mismatch' });
  });
  it('ReplicationController: an absent selector is defaulted, a written one must match', () => {
    expect(judgeControllerSelector('ReplicationController', 'v1', {}, labels)).toEqual({ ok: true });
    expect(judgeControllerSelector('ReplicationController', 'v1', { selector: { app: 'web' } }, labels)).toEqual({ ok: true });
    expect(judgeControllerSelector('ReplicationController', 'v1', { selector: { app: 'api' } }, labels)).toMatchObject({
      problem: 'mismatch',
    });
  });
  it('pods and CronJobs have no selector to judge', () => {
    expect(judgeControllerSelector('Pod', 'v1', {}, labels)).toBeUndefined();
    expect(judgeControllerSelector('CronJob', 'batch/v1', {}, labels)).toBeUndefined();
  });
});

describe('labels controllers add to pods', () => {
  it('drops them from a selector', () => {
    expect(withoutControllerLabels({ app: 'redis', 'statefulset.kubernetes.io/pod-name': 'redis-0', 'job-name': 'x' })).toEqual({
      app: 'redis',
    });
  });
});

describe('batch/v1 Job selectors', () => {
  const labels = { app: 'migrate' };
  it('rejects a written selector unless manualSelector is true', () => {
    const selector = { matchLabels: { app: 'migrate' } };
    expect(judgeControllerSelector('Job', 'batch/v1', { selector }, labels)).toMatchObject({ ok: false, problem: 'job-manual-selector' });
    expect(judgeControllerSelector('Job', 'batch/v1', { selector, manualSelector: true }, labels)).toEqual({ ok: true });
    expect(judgeControllerSelector('Job', 'batch/v1', {}, labels)).toEqual({ ok: true });
  });
});
