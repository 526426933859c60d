import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/k8s/quantity.js';
import { diagnoseQuantity, isDecimalBinaryMixup, isPlaceholder, suspiciousUnit } from '../../src/k8s/quantity-mistakes.js';

const q = (s: string) => parseQuantity(s)!;

describe('diagnoseQuantity', () => {
  it('accepts valid quantities, including numbers and surrounding spaces the API server trims', () => {
    for (const ok of ['500m', '1Gi', '1G', '129e6', '0.5', ' 1Gi ', '1E3']) expect(diagnoseQuantity(ok), ok).toBeUndefined();
    expect(diagnoseQuantity(0.5)).toBeUndefined();
  });
  it('explains misspelled suffixes and suggests both unit families', () => {
    expect(diagnoseQuantity('1g')).toMatchObject({ suggestion: '1Gi or 1G' });
    expect(diagnoseQuantity('1GB')).toMatchObject({ suggestion: '1Gi or 1G' });
    expect(diagnoseQuantity('512mi')).toMatchObject({ suggestion: '512Mi' });
    expect(diagnoseQuantity('1g')?.reason).toContain('case-sensitive');
  });
  it('explains spaces, commas, words and negatives', () => {
    expect(diagnoseQuantity('500 m')).toMatchObject({ suggestion: '500m' });
    expect(diagnoseQuantity('1,5Gi')).toMatchObject({ suggestion: '1.5Gi' });
    expect(diagnoseQuantity('2 cores')).toMatchObject({ suggestion: '2' });
    expect(diagnoseQuantity('200 millicores')).toMatchObject({ suggestion: '200m' });
    expect(diagnoseQuantity('-1')?.reason).toContain('negative');
    expect(diagnoseQuantity(-2)).toMatchObject({ suggestion: '2' });
  });
  it('reports non-strings without a suggestion', () => {
    expect(diagnoseQuantity(true)?.suggestion).toBeUndefined();
    expect(diagnoseQuantity({ a: 1 })?.reason).toContain('a map');
    expect(diagnoseQuantity('')?.reason).toContain('empty');
    expect(diagnoseQuantity('lots')?.reason).toContain('does not start with a number');
  });
});

describe('suspiciousUnit', () => {
  it('flags milli-bytes and memory below 1Mi with the likely value', () => {
    expect(suspiciousUnit('memory', q('512m'))).toMatchObject({ suggestion: '512Mi' });
    expect(suspiciousUnit('memory', q('128'))).toMatchObject({ suggestion: '128Mi' });
    expect(suspiciousUnit('ephemeral-storage', q('100m'))).toMatchObject({ suggestion: '100Mi' });
    expect(suspiciousUnit('memory', q('1Mi'))).toBeUndefined();
    expect(suspiciousUnit('memory', q('0'))).toBeUndefined();
  });
  it('flags CPU above 64 cores', () => {
    expect(suspiciousUnit('cpu', q('500'))).toMatchObject({ suggestion: '500m' });
    expect(suspiciousUnit('cpu', q('64'))).toBeUndefined();
    expect(suspiciousUnit('cpu', q('500m'))).toBeUndefined();
  });
  it('leaves other resources alone', () => {
    expect(suspiciousUnit('nvidia.com/gpu', q('1000'))).toBeUndefined();
  });
});

describe('isDecimalBinaryMixup', () => {
  it('is true for the same number with G and Gi, k and Ki', () => {
    expect(isDecimalBinaryMixup(q('1G'), q('1Gi'))).toBe(true);
    expect(isDecimalBinaryMixup(q('512k'), q('512Ki'))).toBe(true);
  });
  it('is false for milli vs Mi, different numbers, or one family', () => {
    expect(isDecimalBinaryMixup(q('512m'), q('512Mi'))).toBe(false);
    expect(isDecimalBinaryMixup(q('1G'), q('2Gi'))).toBe(false);
    expect(isDecimalBinaryMixup(q('1Gi'), q('1024Mi'))).toBe(false);
  });
});

describe('isPlaceholder', () => {
  it('recognises substitution placeholders, not typos', () => {
    for (const p of ['${CPU}', '$MEMORY', '{{ .Values.cpu }}', 'FILESTORE_CAPACITY']) expect(isPlaceholder(p), p).toBe(true);
    for (const v of ['1GB', 'lots', 'GB', 500]) expect(isPlaceholder(v), String(v)).toBe(false);
  });
});
