import { describe, expect, it } from 'vitest';
import { limitRangesByNamespace, readLimitRangeItems } from '../../src/k8s/limitrange.js';
import { namespaceScope } from '../../src/k8s/namespace-scope.js';

const values = (map: Record<string, { text: string }>) => Object.fromEntries(Object.entries(map).map(([k, q]) => [k, q.text]));

describe('readLimitRangeItems', () => {
  it('defaults a Container item: default = max, defaultRequest = default', () => {
    const [item] = readLimitRangeItems({ limits: [{ type: 'Container', max: { cpu: '1' } }] });
    expect(values(item.default)).toEqual({ cpu: '1' });
    expect(values(item.defaultRequest)).toEqual({ cpu: '1' });
  });
  it('defaultRequest falls back to min when there is no default', () => {
    const [item] = readLimitRangeItems({ limits: [{ type: 'Container', min: { memory: '64Mi' } }] });
    expect(values(item.default)).toEqual({});
    expect(values(item.defaultRequest)).toEqual({ memory: '64Mi' });
  });
  it('keeps written values over derived ones', () => {
    const [item] = readLimitRangeItems({ limits: [{ type: 'Container', max: { cpu: '2' }, default: { cpu: '1' }, defaultRequest: { cpu: '100m' }, min: { cpu: '50m' } }] });
    expect(values(item.default)).toEqual({ cpu: '1' });
    expect(values(item.defaultRequest)).toEqual({ cpu: '100m' });
  });
  it('gives Pod and PVC items no defaults and skips unknown types', () => {
    const items = readLimitRangeItems({ limits: [{ type: 'Pod', max: { cpu: '4' } }, { type: 'PersistentVolumeClaim', min: { storage: '1Gi' } }, { type: 'Other' }] });
    expect(items.map((i) => i.type)).toEqual(['Pod', 'PersistentVolumeClaim']);
    expect(values(items[0].default)).toEqual({});
    expect(items[1].path).toEqual(['spec', 'limits', 1]);
  });
});

describe('limitRangesByNamespace', () => {
  const lr = (namespace: string | null, spec: unknown, file = 'app/limits.yaml') => ({ namespace, source: { path: file }, raw: { spec } as Record<string, unknown> });
  it('groups by namespace scope', () => {
    const a = lr(null, { limits: [{ type: 'Container', defaultRequest: { cpu: '100m' } }] });
    const byNs = limitRangesByNamespace([a, lr('shop', { limits: [] })]);
    expect(byNs.get(namespaceScope({ namespace: null, source: { path: 'app/web.yaml' } }))?.defaults.defaultRequest.cpu.text).toBe('100m');
    expect(byNs.get(namespaceScope({ namespace: null, source: { path: 'other/web.yaml' } }))).toBeUndefined();
    expect(byNs.get(namespaceScope({ namespace: 'shop', source: { path: 'x.yaml' } }))?.defaults.defaultRequest).toEqual({});
  });
  it('records every LimitRange that supplies a default', () => {
    const a = lr('shop', { limits: [{ type: 'Container', default: { cpu: '1' } }] });
    const b = lr('shop', { limits: [{ type: 'Container', defaultRequest: { cpu: '200m' } }] });
    const ns = limitRangesByNamespace([a, b]).get('ns:shop')!;
    expect(ns.requestSuppliers.cpu).toEqual([a, b]);
    expect(ns.limitSuppliers.cpu).toEqual([a]);
    expect(ns.defaults.defaultRequest.cpu.text).toBe('1');
  });
  it('ignores Pod items for container defaults', () => {
    const ns = limitRangesByNamespace([lr('x', { limits: [{ type: 'Pod', max: { cpu: '4' } }] })]).get('ns:x')!;
    expect(ns.defaults).toEqual({ defaultRequest: {}, defaultLimit: {} });
  });
});

describe('namespaceScope', () => {
  it('is the declared namespace wherever the file is', () => {
    expect(namespaceScope({ namespace: 'shop', source: { path: 'a/x.yaml' } })).toBe(namespaceScope({ namespace: 'shop', source: { path: 'b/y.yaml' } }));
  });
  it('joins objects without a namespace only within one folder', () => {
    const scope = (file: string) => namespaceScope({ namespace: null, source: { path: file } });
    expect(scope('app/a.yaml')).toBe(scope('app/b.yaml'));
    expect(scope('app/a.yaml')).not.toBe(scope('other/a.yaml'));
    expect(scope('app/a.yaml')).not.toBe(namespaceScope({ namespace: 'app', source: { path: 'app/a.yaml' } }));
  });
});
