import { describe, expect, it } from 'vitest';
import { mentionsResource, objectQuantityFields, podSpecQuantityFields } from '../../src/k8s/quantity-fields.js';

describe('podSpecQuantityFields', () => {
  it('lists container, init container, pod-level, overhead and emptyDir quantities with paths', () => {
    const spec = {
      initContainers: [{ name: 'i', resources: { requests: { cpu: '1' } } }],
      containers: [{ name: 'c', resources: { limits: { memory: '1Gi' } } }],
      overhead: { cpu: '250m' },
      volumes: [
        { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
        { name: 'x', emptyDir: {} },
      ],
    };
    const fields = podSpecQuantityFields(spec, ['spec']);
    expect(fields.map((f) => [f.path.join('.'), f.resource])).toEqual([
      ['spec.initContainers.0.resources.requests.cpu', 'cpu'],
      ['spec.containers.0.resources.limits.memory', 'memory'],
      ['spec.overhead.cpu', 'cpu'],
      ['spec.volumes.0.emptyDir.sizeLimit', 'memory'],
    ]);
  });
});

describe('objectQuantityFields', () => {
  it('reads LimitRange items, quota hard, PVC and volumeClaimTemplates', () => {
    expect(
      objectQuantityFields('LimitRange', {
        limits: [{ type: 'Container', max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '2' } }],
      }).map((f) => f.path.join('.')),
    ).toEqual(['spec.limits.0.max.cpu', 'spec.limits.0.maxLimitRequestRatio.cpu']);
    expect(objectQuantityFields('ResourceQuota', { hard: { pods: '10' } })).toHaveLength(1);
    expect(objectQuantityFields('PersistentVolumeClaim', { resources: { requests: { storage: '1Gi' } } })[0].resource).toBe('storage');
    expect(
      objectQuantityFields('StatefulSet', {
        volumeClaimTemplates: [{ spec: { resources: { requests: { storage: '1Gi' } } } }],
      })[0].path,
    ).toEqual(['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage']);
    expect(objectQuantityFields('ConfigMap', {})).toEqual([]);
  });
});

describe('quantity field labels and mentionsResource', () => {
  it('names the container of a container field, else gives the path', () => {
    const spec = {
      containers: [{ name: 'web', resources: { requests: { memory: '1Gi' } } }, { resources: { limits: { cpu: '1' } } }],
      overhead: { cpu: '10m' },
      volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1Gi' } }],
    };
    expect(podSpecQuantityFields(spec, ['spec', 'template', 'spec']).map((f) => f.label)).toEqual([
      'container "web" requests.memory',
      'container "#1" limits.cpu',
      'spec.template.spec.overhead.cpu',
      'spec.template.spec.volumes[0].emptyDir.sizeLimit',
    ]);
    expect(objectQuantityFields('ResourceQuota', { hard: { pods: '10' } })[0].label).toBe('spec.hard.pods');
  });
  it('sees a resource written in requests or limits, valid or not', () => {
    expect(mentionsResource({ resources: { limits: { cpu: 'lots' } } }, 'cpu')).toBe(true);
    expect(mentionsResource({ resources: {} }, 'cpu')).toBe(false);
  });
});
