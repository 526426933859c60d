import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/k8s/quantity.js';
import { podEffectiveLimit } from '../../src/k8s/pod-limits.js';

const c = (limits: Record<string, string>, extra: Record<string, unknown> = {}) => ({ name: 'c', resources: { limits }, ...extra });

describe('podEffectiveLimit', () => {
  it('sums app containers and sidecars, and takes the larger init step', () => {
    const spec = {
      initContainers: [c({ cpu: '1' }, { restartPolicy: 'Always' }), c({ cpu: '3' })],
      containers: [c({ cpu: '500m' })],
    };
    // app: 0.5 + 1 sidecar = 1.5; init step 2 beside the sidecar: 3 + 1 = 4
    expect(podEffectiveLimit(spec, 'cpu')).toBe(4);
  });
  it('adds overhead only to a resource some container limits', () => {
    expect(podEffectiveLimit({ containers: [c({ memory: '1Gi' })], overhead: { memory: '1Gi', cpu: '1' } }, 'memory')).toBe(2 * 2 ** 30);
    expect(podEffectiveLimit({ containers: [c({ memory: '1Gi' })], overhead: { cpu: '1' } }, 'cpu')).toBeUndefined();
  });
  it('uses LimitRange default limits for containers that set none', () => {
    const defaults = { defaultRequest: {}, defaultLimit: { cpu: parseQuantity('2')! } };
    expect(podEffectiveLimit({ containers: [{ name: 'a' }, c({ cpu: '1' })] }, 'cpu', defaults)).toBe(3);
  });
});
