import { describe, expect, it } from 'vitest';
import { namespaceLimitRanges, readLimitRangeItems } from '../../src/k8s/limitrange.js';

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
    const [item] = readLimitRangeItems({
      limits: [{ type: 'Container', max: { cpu: '2' }, default: { cpu: '1' }, defaultRequest: { cpu: '100m' }, min: { cpu: '50m' } }],
    });
    expect(values(item.default)).toEqual({ cpu: '1' });
    expect(values(item.defaultRequest)).toEqual({ cpu: '100m' });
  });
  it('gives Pod and PVC items no defaults and skips unknown types', () => {
    const items = readLimitRangeItems({
      limits: [{ type: 'Pod', max: { cpu: '4' } }, { type: 'PersistentVolumeClaim', min: { storage: '1Gi' } }, { type: 'Other' }],
    });
    expect(items.map((i) => i.type)).toEqual(['Pod', 'PersistentVolumeClaim']);
    expect(values(items[0].default)).toEqual({});
    expect(items[1].path).toEqual(['spec', 'limits', 1]);
  });
});

describe('namespaceLimitRanges', () => {
  const lr = (spec: unknown) => ({ raw: { spec } as Record<string, unknown> });
  it('records every LimitRange that supplies a default; the first one declared supplies it', () => {
    const a = lr({ limits: [{ type: 'Container', default: { cpu: '1' } }] });
    const b = lr({ limits: [{ type: 'Container', defaultRequest: { cpu: '200m' } }] });
    const ns = namespaceLimitRanges([a, b]);
    expect(ns.ranges.map((r) => r.object)).toEqual([a, b]);
    expect(ns.requestSuppliers.cpu).toEqual([a, b]);
    expect(ns.limitSuppliers.cpu).toEqual([a]);
    expect(ns.defaults.defaultRequest.cpu.text).toBe('1');
  });
  it('ignores Pod items for container defaults', () => {
    const ns = namespaceLimitRanges([lr({ limits: [{ type: 'Pod', max: { cpu: '4' } }] })]);
    expect(ns.defaults).toEqual({ defaultRequest: {}, defaultLimit: {} });
  });
});
