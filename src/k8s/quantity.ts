import { own } from '../util/raw.js';

/** Kubernetes resource quantities (`500m`, `1.5Gi`, `129e6`), parsed exactly as the API server's grammar allows. */
export type QuantityFamily = 'binary' | 'decimal' | 'exponent';

export interface Quantity {
  /** The text as written. */
  text: string;
  /** The amount in base units (cores, bytes, ...). */
  value: number;
  /** The suffix as written ('' when none). */
  suffix: string;
  family: QuantityFamily;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const SHAPE = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/;
const EXPONENT = /^[eE]([+-]?[0-9]+)$/;

/** Parses a quantity; undefined when the value is not valid quantity syntax. */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    input = String(input);
  }
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  const m = SHAPE.exec(text);
  if (!m || text !== input) return undefined;
  const [, number, suffix] = m;
  const binary = own(BINARY, suffix);
  if (binary !== undefined) return { text, value: Number(number) * 2 ** binary, suffix, family: 'binary' };
  const decimal = own(DECIMAL, suffix);
  if (decimal !== undefined) return { text, value: Number(`${number}e${decimal}`), suffix, family: 'decimal' };
  const exp = EXPONENT.exec(suffix);
  if (exp) return { text, value: Number(`${number}e${exp[1]}`), suffix, family: 'exponent' };
  return undefined;
}

/** Numeric comparison: negative when a < b. Never compare quantities as strings. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
}

const BINARY_UNITS: Array<[string, number]> = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** Human form of a byte amount, e.g. 1.5Gi, 512Mi, 0.512 bytes. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of BINARY_UNITS) {
    if (bytes >= size) return `${trim(bytes / size)}${unit}`;
  }
  return bytes === 1 ? '1 byte' : `${trim(bytes)} bytes`;
}

/** Human form of a CPU amount: whole cores, else millicores. */
export function formatCpu(cores: number): string {
  if (cores >= 1 && Number.isInteger(cores)) return `${cores}`;
  return `${trim(cores * 1000)}m`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(3)));
}

const DECIMAL_SUFFIX: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/**
 * The text the API server prints for a resource quantity, as in validation messages: rounded up to
 * milli precision (resource defaulting), then the largest suffix of the written family that keeps the
 * number whole (`1.5` -> `1500m`, `1024Mi` -> `1Gi`, `2000` -> `2k`). Binary amounts below 1Ki or
 * with a fraction of a byte are printed in decimal, as upstream does.
 */
export function canonicalQuantity(q: Quantity): string {
  const milli = toMilli(q);
  if (milli === 0n) return '0';
  const sign = milli < 0n ? '-' : '';
  const abs = milli < 0n ? -milli : milli;
  if (q.family === 'binary' && abs % 1000n === 0n && abs >= 1024000n) {
    let units = abs / 1000n;
    let power = 0;
    while (power < 6 && units % 1024n === 0n) {
      units /= 1024n;
      power++;
    }
    return `${sign}${units}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power]}`;
  }
  let mantissa = abs;
  let exponent = -3;
  while (exponent < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exponent += 3;
  }
  const suffix = q.family === 'exponent' ? (exponent === 0 ? '' : `e${exponent}`) : DECIMAL_SUFFIX[exponent];
  return `${sign}${mantissa}${suffix}`;
}

/** The amount in thousandths of the base unit, rounded away from zero, computed exactly from the text. */
function toMilli(q: Quantity): bigint {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?/.exec(q.text);
  const [, sign, whole = '', fraction = ''] = m ?? [];
  let numerator = BigInt(`${whole}${fraction}` || '0') * 1000n;
  let denominator = 10n ** BigInt(fraction.length);
  if (q.family === 'binary') numerator *= 2n ** BigInt(BINARY[q.suffix]);
  else {
    const power = q.family === 'decimal' ? DECIMAL[q.suffix] : Number(EXPONENT.exec(q.suffix)?.[1] ?? 0);
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  }
  const rounded = (numerator + denominator - 1n) / denominator;
  return sign === '-' ? -rounded : rounded;
}
