import { describe, expect, it } from 'vitest';
import { hostOrZoneSpreadTerms } from '../../src/k8s/spread.js';
import { readReplicaBounds } from '../../src/k8s/hpa-bounds.js';

describe('spreading of own replicas', () => {
  const labels = { app: 'web' };
  it('finds required and preferred anti-affinity and spread constraints on hostname or zone', () => {
    const spec = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'topology.kubernetes.io/zone' } },
          ],
        },
      },
      topologySpreadConstraints: [
        { topologyKey: 'failure-domain.beta.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: {} },
        { topologyKey: 'node.kubernetes.io/instance-type', labelSelector: { matchLabels: labels } },
      ],
    };
    expect(hostOrZoneSpreadTerms(spec, labels)).toEqual([
      { via: 'podAntiAffinity', topologyKey: 'kubernetes.io/hostname', required: true, selectsOwnPods: true },
      { via: 'podAntiAffinity', topologyKey: 'topology.kubernetes.io/zone', required: false, selectsOwnPods: false },
      { via: 'topologySpreadConstraints', topologyKey: 'failure-domain.beta.kubernetes.io/zone', required: false, selectsOwnPods: true },
    ]);
  });
  it('a term without labelSelector selects no pod', () => {
    expect(
      hostOrZoneSpreadTerms({ topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname' }] }, labels)[0].selectsOwnPods,
    ).toBe(false);
  });
  it('nothing declared: nothing found', () => {
    expect(hostOrZoneSpreadTerms({}, labels)).toEqual([]);
  });
});

describe('HPA replica bounds', () => {
  it('minReplicas defaults to 1', () => {
    expect(readReplicaBounds({ maxReplicas: 5 })).toEqual({ minReplicas: 1, minDeclared: false, maxReplicas: 5 });
    expect(readReplicaBounds({ minReplicas: 3, maxReplicas: 2 })).toEqual({ minReplicas: 3, minDeclared: true, maxReplicas: 2 });
  });
});
