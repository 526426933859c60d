import { describe, expect, it } from 'vitest';
import { describeSelector, equalitySelectorMatches, isEmptySelector, readSelector, selectorMatches } from '../../src/k8s/labels.js';

const labels = { app: 'web', tier: 'frontend', track: 'stable' };

describe('selectorMatches', () => {
  it('matchLabels needs every pair', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'backend' } }, labels)).toBe(false);
  });
  it('an empty selector matches everything', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({}, {})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
  });
  it.each([
    [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }, true],
    [{ key: 'tier', operator: 'In', values: ['backend'] }, false],
    [{ key: 'missing', operator: 'In', values: ['x'] }, false],
    [{ key: 'tier', operator: 'NotIn', values: ['backend'] }, true],
    [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }, false],
    [{ key: 'missing', operator: 'NotIn', values: ['x'] }, true],
    [{ key: 'track', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'app', operator: 'DoesNotExist' }, false],
    [{ key: 'app', operator: 'Bogus' }, false],
  ])('matchExpressions %j -> %s', (req, expected) => {
    expect(selectorMatches({ matchExpressions: [req] }, labels)).toBe(expected);
  });
  it('matchLabels and matchExpressions are ANDed', () => {
    expect(
      selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] }, labels),
    ).toBe(false);
  });
});

describe('readSelector', () => {
  it('reads both parts and stringifies scalar label values', () => {
    expect(readSelector({ matchLabels: { app: 'web', version: 2 }, matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toEqual({
      matchLabels: { app: 'web', version: '2' },
      matchExpressions: [{ key: 'a', operator: 'Exists', values: undefined }],
    });
  });
  it('returns undefined for absent or non-mapping input', () => {
    expect(readSelector(undefined)).toBeUndefined();
    expect(readSelector(['a'])).toBeUndefined();
    expect(readSelector('app=web')).toBeUndefined();
  });
});

describe('equality selectors', () => {
  it('match when every pair is present', () => {
    expect(equalitySelectorMatches({ app: 'web' }, labels)).toBe(true);
    expect(equalitySelectorMatches({ app: 'api' }, labels)).toBe(false);
  });
  it('describe themselves', () => {
    expect(describeSelector({ app: 'web' })).toBe('app=web');
    expect(describeSelector({ matchExpressions: [{ key: 'x', operator: 'In', values: ['a', 'b'] }] })).toBe('x In (a, b)');
    expect(describeSelector({})).toBe('(everything)');
  });
});
