import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/k8s/quantity.js';
import {
  admittedResources,
  declaredLimit,
  declaredRequest,
  effectiveLimit,
  effectiveRequest,
  hasUnusableValue,
  podEffectiveRequest,
  qosClass,
  type ContainerDefaults,
} from '../../src/k8s/resources.js';

const c = (requests?: Record<string, unknown>, limits?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'c',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  ...extra,
});
const GB = 1e9;

describe('effectiveRequest', () => {
  it('uses the declared request', () => {
    expect(effectiveRequest(c({ cpu: '100m' }, { cpu: '1' }), 'cpu')).toMatchObject({ source: 'request', quantity: { value: 0.1 } });
  });
  it('copies the limit when only a limit is declared, resource by resource', () => {
    const container = c({ cpu: '100m' }, { cpu: '1', memory: '1Gi' });
    expect(effectiveRequest(container, 'memory')).toMatchObject({ source: 'limit', quantity: { value: 2 ** 30 } });
    expect(effectiveRequest(container, 'cpu')?.quantity.value).toBe(0.1);
  });
  it('falls back to a LimitRange defaultRequest only when there is neither request nor limit', () => {
    const defaults: ContainerDefaults = { defaultRequest: { cpu: parseQuantity('250m')! }, defaultLimit: {} };
    expect(effectiveRequest(c(), 'cpu', defaults)).toMatchObject({ source: 'limitrange-default' });
    expect(effectiveRequest(c(undefined, { cpu: '2' }), 'cpu', defaults)?.quantity.value).toBe(2);
  });
  it('is undefined when nothing applies', () => {
    expect(effectiveRequest({ name: 'x' }, 'cpu')).toBeUndefined();
    expect(effectiveRequest(c({ cpu: 'lots' }), 'cpu')).toBeUndefined();
  });
  it('builds on no unit mistake, and never replaces a written but unusable request with the limit', () => {
    // 256m of memory is a quarter byte: neither a limit to compare with nor one to copy.
    expect(declaredLimit(c({ memory: '128Mi' }, { memory: '256m' }), 'memory')).toBeUndefined();
    expect(effectiveRequest(c(undefined, { memory: '256m' }), 'memory')).toBeUndefined();
    expect(effectiveRequest(c({ memory: '64m' }, { memory: '1Gi' }), 'memory')).toBeUndefined();
    expect(effectiveRequest(c({ memory: 'lots' }, { memory: '1Gi' }), 'memory')).toBeUndefined();
    expect(
      effectiveLimit(c(undefined, { memory: '128' }), 'memory', { defaultRequest: {}, defaultLimit: { memory: parseQuantity('1Gi')! } }),
    ).toBeUndefined();
    expect(hasUnusableValue(c({ memory: '128Mi' }, { memory: '256m' }), 'memory')).toBe(true);
    expect(hasUnusableValue(c({ memory: '128Mi' }, { memory: '256Mi' }), 'memory')).toBe(false);
    // A CPU amount above any node's is implausible but still an amount.
    expect(declaredRequest(c({ cpu: '500' }), 'cpu')?.value).toBe(500);
  });
});

describe('podEffectiveRequest', () => {
  it('takes the larger of the app sum and the largest init container (semantics note example)', () => {
    const spec = {
      initContainers: [c({ cpu: '2', memory: '1G' }), c({ cpu: '2', memory: '3G' })],
      containers: [c({ cpu: '2', memory: '1G' }), c({ cpu: '1', memory: '1G' })],
    };
    expect(podEffectiveRequest(spec, 'cpu')).toBe(3);
    expect(podEffectiveRequest(spec, 'memory')).toBe(3 * GB);
  });
  it('adds sidecars to the app sum and to every later init step', () => {
    const spec = {
      initContainers: [c({ cpu: '500m' }, undefined, { restartPolicy: 'Always' }), c({ cpu: '1' })],
      containers: [c({ cpu: '200m' })],
    };
    // app: 200m + 500m sidecar = 700m; init step 2 runs beside the sidecar: 1 + 0.5 = 1.5
    expect(podEffectiveRequest(spec, 'cpu')).toBe(1.5);
  });
  it('adds pod overhead', () => {
    expect(podEffectiveRequest({ containers: [c({ cpu: '1' })], overhead: { cpu: '250m' } }, 'cpu')).toBe(1.25);
  });
});

describe('qosClass', () => {
  it('BestEffort when nothing is requested or limited', () => {
    expect(qosClass({ containers: [c(), { name: 'x' }] })).toBe('BestEffort');
  });
  it('ignores zero and non cpu/memory resources', () => {
    expect(qosClass({ containers: [c({ cpu: '0' }, { 'nvidia.com/gpu': 1 })] })).toBe('BestEffort');
  });
  it('Guaranteed with limits only (requests default to limits)', () => {
    expect(qosClass({ containers: [c(undefined, { cpu: '1', memory: '1Gi' })] })).toBe('Guaranteed');
  });
  it('Burstable when one container lacks a memory limit', () => {
    expect(qosClass({ containers: [c({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }), c(undefined, { cpu: '1' })] })).toBe(
      'Burstable',
    );
  });
  it('Burstable when an init container has no limits', () => {
    expect(qosClass({ initContainers: [c({ cpu: '100m' })], containers: [c(undefined, { cpu: '1', memory: '1Gi' })] })).toBe('Burstable');
  });
  it('Burstable when requests are below limits', () => {
    expect(qosClass({ containers: [c({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })] })).toBe('Burstable');
  });
});

describe('admittedResources', () => {
  const defaults: ContainerDefaults = {
    defaultRequest: { cpu: parseQuantity('100m')!, memory: parseQuantity('128Mi')! },
    defaultLimit: { cpu: parseQuantity('500m')!, memory: parseQuantity('256Mi')! },
  };
  it('copies limits into missing requests before LimitRanger, so a limit-only container keeps request = limit', () => {
    expect(admittedResources(c(undefined, { cpu: '2' }), defaults)).toEqual({
      requests: { cpu: '2', memory: '128Mi' },
      limits: { cpu: '2', memory: '256Mi' },
    });
  });
  it('fills an empty container from the LimitRange defaults', () => {
    expect(admittedResources(c(), defaults)).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  });
  it('keeps a declared request and adds only the default limit', () => {
    expect(admittedResources(c({ memory: '1Gi' }), defaults).requests.memory).toBe('1Gi');
    expect(admittedResources(c({ memory: '1Gi' }), defaults).limits.memory).toBe('256Mi');
  });
  it('without a LimitRange only copies limits', () => {
    expect(admittedResources(c({ cpu: '1' }, { memory: '1Gi' }))).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { memory: '1Gi' },
    });
  });
});
