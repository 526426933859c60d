import { describe, expect, it } from 'vitest';
import { implies, requiredPodTerms, selfExcludingTerms } from '../../src/k8s/pod-affinity.js';

const term = (labelSelector: unknown, topologyKey: string, extra: Record<string, unknown> = {}) => ({
  labelSelector,
  topologyKey,
  ...extra,
});
const spec = (affinity: unknown[], anti: unknown[]) => ({
  affinity: {
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity },
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti },
  },
});
const own = { app: 'cache', tier: 'data' };

describe('selfExcludingTerms', () => {
  it('finds affinity and anti-affinity to the own pods on the same key', () => {
    const found = selfExcludingTerms(
      spec(
        [term({ matchLabels: { app: 'cache' } }, 'kubernetes.io/hostname')],
        [term({ matchLabels: { app: 'cache' } }, 'kubernetes.io/hostname')],
      ),
      own,
    );
    expect(found).toHaveLength(1);
    expect(found[0].antiAffinity.path).toEqual(['affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 0]);
  });

  it('is satisfiable on different keys: same zone, other node', () => {
    expect(
      selfExcludingTerms(
        spec(
          [term({ matchLabels: { app: 'cache' } }, 'topology.kubernetes.io/zone')],
          [term({ matchLabels: { app: 'cache' } }, 'kubernetes.io/hostname')],
        ),
        own,
      ),
    ).toEqual([]);
  });

  it('needs every pod the affinity selects to be one the anti-affinity forbids', () => {
    // Affinity to app=cache pods, anti-affinity only to tier=data,app=cache ones: another app=cache pod may attract.
    expect(
      selfExcludingTerms(
        spec(
          [term({ matchLabels: { app: 'cache' } }, 'kubernetes.io/hostname')],
          [term({ matchLabels: { app: 'cache', tier: 'data' } }, 'kubernetes.io/hostname')],
        ),
        own,
      ),
    ).toEqual([]);
    // The other way round, every pod the affinity selects is forbidden.
    expect(
      selfExcludingTerms(
        spec(
          [term({ matchLabels: { app: 'cache', tier: 'data' } }, 'kubernetes.io/hostname')],
          [term({ matchExpressions: [{ key: 'app', operator: 'In', values: ['cache', 'queue'] }] }, 'kubernetes.io/hostname')],
        ),
        own,
      ),
    ).toHaveLength(1);
  });

  it('stays silent for terms that do not select the own pods, look at other namespaces, or add label keys', () => {
    const other = term({ matchLabels: { app: 'db' } }, 'kubernetes.io/hostname');
    const self = term({ matchLabels: { app: 'cache' } }, 'kubernetes.io/hostname');
    expect(selfExcludingTerms(spec([other], [other]), own)).toEqual([]);
    expect(selfExcludingTerms(spec([self], [{ ...self, namespaces: ['other'] }]), own)).toEqual([]);
    expect(selfExcludingTerms(spec([{ ...self, matchLabelKeys: ['pod-template-hash'] }], [self]), own)).toEqual([]);
    // A null selector matches no pod.
    expect(selfExcludingTerms(spec([term(undefined, 'kubernetes.io/hostname')], [self]), own)).toEqual([]);
  });

  it('reads only required terms with a topology key', () => {
    expect(
      requiredPodTerms(
        { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }] } } },
        'podAffinity',
      ),
    ).toEqual([]);
  });
});

describe('implies', () => {
  it('compares requirements as written', () => {
    expect(implies({ matchLabels: { a: '1', b: '2' } }, { matchLabels: { a: '1' } })).toBe(true);
    expect(implies({ matchLabels: { a: '1' } }, { matchLabels: { a: '1', b: '2' } })).toBe(false);
    expect(implies({ matchLabels: { a: '1' } }, { matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toBe(true);
    expect(implies({ matchLabels: { a: '1' } }, { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['2'] }] })).toBe(true);
    expect(implies({ matchLabels: { a: '1' } }, { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] })).toBe(false);
    expect(implies({}, {})).toBe(true);
    expect(implies({}, { matchLabels: { a: '1' } })).toBe(false);
  });
});
