import { describe, expect, it } from 'vitest';
import { readScaleTargetRef, utilizationMetrics } from '../../src/k8s/hpa.js';

describe('HPA reading', () => {
  it('reads scaleTargetRef', () => {
    expect(readScaleTargetRef({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } })).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
    });
    expect(readScaleTargetRef({ scaleTargetRef: { kind: 'Deployment' } })).toBeUndefined();
  });
  it('autoscaling/v1 targetCPUUtilizationPercentage is a CPU utilization metric', () => {
    expect(utilizationMetrics({ targetCPUUtilizationPercentage: 80 })).toEqual([
      { resource: 'cpu', path: ['spec', 'targetCPUUtilizationPercentage'] },
    ]);
  });
  it('v2 Utilization targets count; AverageValue and other metric types do not', () => {
    const spec = {
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
        {
          type: 'ContainerResource',
          containerResource: { name: 'memory', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } },
        },
        { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      ],
    };
    expect(utilizationMetrics(spec)).toEqual([
      { resource: 'cpu', container: undefined, path: ['spec', 'metrics', 0] },
      { resource: 'memory', container: 'app', path: ['spec', 'metrics', 2] },
    ]);
  });
  it('v2beta1 targetAverageUtilization counts', () => {
    expect(
      utilizationMetrics({ metrics: [{ type: 'Resource', resource: { name: 'memory', targetAverageUtilization: 80 } }] }),
    ).toHaveLength(1);
  });
});

describe('HPA with no metric written', () => {
  it('scales on CPU utilization by default (v2 API defaulting, v1 controller default)', () => {
    expect(utilizationMetrics({ scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5 })).toEqual([
      { resource: 'cpu', path: ['spec'], defaulted: true },
    ]);
    expect(utilizationMetrics({ metrics: [] })).toEqual([{ resource: 'cpu', path: ['spec'], defaulted: true }]);
    expect(
      utilizationMetrics({
        metrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }],
      }),
    ).toEqual([]);
  });
});
