import { describe, expect, it } from 'vitest';
import { canonicalQuantity, compareQuantities, formatBytes, formatCpu, parseQuantity } from '../../src/k8s/quantity.js';

const value = (q: unknown) => parseQuantity(q)?.value;

describe('parseQuantity', () => {
  it.each([
    ['1', 1],
    ['1.5', 1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['+2', 2],
    ['-1', -1],
    ['500m', 0.5],
    ['100u', 0.0001],
    ['5n', 5e-9],
    ['1k', 1000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['2T', 2e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['1Ki', 1024],
    ['1Mi', 1048576],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['1Pi', 2 ** 50],
    ['1Ei', 2 ** 60],
    ['129e6', 129e6],
    ['1E3', 1000],
    ['1e-3', 0.001],
  ])('%s = %d', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('accepts YAML numbers', () => {
    expect(value(0.5)).toBe(0.5);
    expect(value(2)).toBe(2);
  });

  it.each(['', 'K', '1K', '1KB', '1kb', '1MB', '1Gb', '1gi', '1mi', '1g', 'abc', '1 Gi', ' 1', '1..5', 'Mi', '1e', '1Gi ', '0x10'])(
    'rejects %j',
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );

  it('rejects non-scalars and non-finite numbers', () => {
    expect(parseQuantity(null)).toBeUndefined();
    expect(parseQuantity({})).toBeUndefined();
    expect(parseQuantity(Infinity)).toBeUndefined();
    expect(parseQuantity(true)).toBeUndefined();
  });

  it('remembers the suffix family', () => {
    expect(parseQuantity('1Gi')?.family).toBe('binary');
    expect(parseQuantity('1G')?.family).toBe('decimal');
    expect(parseQuantity('1e9')?.family).toBe('exponent');
  });

  it('compares numerically across suffixes, never as strings', () => {
    const q = (s: string) => parseQuantity(s)!;
    expect(compareQuantities(q('0.1'), q('100m'))).toBe(0);
    expect(compareQuantities(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantities(q('1024Mi'), q('1Gi'))).toBe(0);
    expect(compareQuantities(q('900m'), q('1'))).toBe(-1);
    expect(compareQuantities(q('2'), q('10'))).toBe(-1);
  });
});

describe('formatting', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(512 * 2 ** 20)).toBe('512Mi');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5Gi');
    expect(formatBytes(0.512)).toBe('0.512 bytes');
    expect(formatBytes(1)).toBe('1 byte');
  });
  it('formats cpu as cores or millicores', () => {
    expect(formatCpu(2)).toBe('2');
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatCpu(1.5)).toBe('1500m');
  });
});

describe('canonicalQuantity: the text validation messages print', () => {
  const canonical = (text: string) => canonicalQuantity(parseQuantity(text)!);
  it.each([
    ['1.5', '1500m'],
    ['0.1', '100m'],
    ['1000m', '1'],
    ['2000', '2k'],
    ['1500', '1500'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['2048Ki', '2Mi'],
    ['1Gi', '1Gi'],
    ['0.5Ki', '512'],
    ['100u', '1m'],
    ['0.0005', '1m'],
    ['1G', '1G'],
    ['129e6', '129e6'],
    ['1e3', '1e3'],
    ['0', '0'],
    ['512m', '512m'],
  ])('%s -> %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });
});
