/** Why a value is not a Kubernetes quantity, and quantities that are valid but almost surely a unit slip. */
import { formatBytes, formatCpu, parseQuantity, type Quantity } from './quantity.js';
import { shown } from '../util/text.js';
import { own } from '../util/raw.js';

export interface QuantityDiagnosis {
  /** Why it is wrong, e.g. `"1g": lowercase "g" is not a suffix`. */
  reason: string;
  /** The value most likely meant, when one can be guessed. */
  suggestion?: string;
}

const NUMBER = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*(.*)$/;

/** Suffixes people write that the grammar lacks, mapped to the binary and decimal suffixes they meant. */
const MISSPELLED: Record<string, { binary: string; decimal?: string }> = {
  K: { binary: 'Ki', decimal: 'k' },
  KB: { binary: 'Ki', decimal: 'k' },
  kb: { binary: 'Ki', decimal: 'k' },
  Kb: { binary: 'Ki', decimal: 'k' },
  KiB: { binary: 'Ki' },
  ki: { binary: 'Ki' },
  KI: { binary: 'Ki' },
  MB: { binary: 'Mi', decimal: 'M' },
  mb: { binary: 'Mi', decimal: 'M' },
  Mb: { binary: 'Mi', decimal: 'M' },
  MiB: { binary: 'Mi' },
  mi: { binary: 'Mi' },
  MI: { binary: 'Mi' },
  g: { binary: 'Gi', decimal: 'G' },
  GB: { binary: 'Gi', decimal: 'G' },
  gb: { binary: 'Gi', decimal: 'G' },
  Gb: { binary: 'Gi', decimal: 'G' },
  GiB: { binary: 'Gi' },
  gi: { binary: 'Gi' },
  GI: { binary: 'Gi' },
  t: { binary: 'Ti', decimal: 'T' },
  TB: { binary: 'Ti', decimal: 'T' },
  tb: { binary: 'Ti', decimal: 'T' },
  TiB: { binary: 'Ti' },
  ti: { binary: 'Ti' },
  TI: { binary: 'Ti' },
};

const CPU_WORDS = /^(cores?|cpus?|vcpus?)$/i;
const MILLI_WORDS = /^(millicores?|millicpus?)$/i;

/** CPU amounts: containers' and LimitRanges' `cpu`, quotas' `requests.cpu` / `limits.cpu`. */
function isCpuResource(resource: string | undefined): boolean {
  return resource === 'cpu' || resource?.endsWith('.cpu') === true;
}

/**
 * Explains a value that does not parse as a quantity; undefined when it parses. `resource` (cpu,
 * memory, requests.cpu, ...) keeps suggestions right for it: CPU never gets a byte unit.
 */
export function diagnoseQuantity(input: unknown, resource?: string): QuantityDiagnosis | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? negative(String(input)) : { reason: `${input} is not a finite number` };
  if (typeof input !== 'string')
    return { reason: `${describeType(input)} is not a quantity; a quantity is a number with an optional suffix, e.g. 500m or 1Gi` };
  // The API server trims surrounding spaces before parsing.
  const text = input.trim();
  if (parseQuantity(text)) return negative(text);
  if (text === '') return { reason: 'an empty string is not a quantity' };
  const withPoint = text.replace(/^([0-9]+),([0-9]+)/, '$1.$2');
  if (withPoint !== text && parseQuantity(withPoint))
    return { reason: `"${input}" uses a decimal comma; quantities use a decimal point`, suggestion: withPoint };
  const joined = text.replace(/\s+/g, '');
  if (joined !== text && parseQuantity(joined))
    return { reason: `"${input}" has a space inside; the quantity grammar allows none`, suggestion: joined };
  const m = NUMBER.exec(text);
  if (!m) return { reason: `"${input}" does not start with a number` };
  const [, number, rest] = m;
  const suffix = rest.trim();
  if (CPU_WORDS.test(suffix)) return { reason: `"${suffix}" is not a suffix; CPU is written in cores without a unit`, suggestion: number };
  if (MILLI_WORDS.test(suffix)) return { reason: `"${suffix}" is not a suffix; millicores are written with "m"`, suggestion: `${number}m` };
  const meant = own(MISSPELLED, suffix);
  if (meant && isCpuResource(resource)) return cpuWithByteUnit(number, suffix);
  if (meant) {
    const options = [`${number}${meant.binary}`, ...(meant.decimal ? [`${number}${meant.decimal}`] : [])];
    return {
      reason: `"${suffix}" is not a quantity suffix (suffixes are case-sensitive: Ki, Mi, Gi, Ti are powers of 1024; k, M, G, T powers of 1000; no "B")`,
      suggestion: options.join(' or '),
    };
  }
  return {
    reason: `"${suffix}" is not a quantity suffix (valid: n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or an exponent like e6)`,
  };
}

/**
 * A byte-like suffix on CPU (`cpu: 1g`): 1Gi or 1G would be 2^30 or 10^9 cores, a pod no node can
 * run. The number is read as cores when a node can have that many, else as millicores.
 */
function cpuWithByteUnit(number: string, suffix: string): QuantityDiagnosis {
  const amount = Number(number);
  const suggestion = amount <= MAX_PLAUSIBLE_CPU ? number : amount <= MAX_PLAUSIBLE_CPU * 1000 ? `${number}m` : undefined;
  return {
    reason: `"${suffix}" is not a quantity suffix, and CPU takes no byte unit: it is written in cores (2, 0.5) or millicores (500m)`,
    suggestion,
  };
}

function negative(text: string): QuantityDiagnosis | undefined {
  const q = parseQuantity(text);
  if (q && q.value < 0) return { reason: `${text} is negative; resource quantities must be 0 or more`, suggestion: text.replace(/^-/, '') };
  return undefined;
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${shown(v)}`;
}

/**
 * A placeholder for a later substitution step (`${CPU}`, `$MEMORY`, `{{ .Values.cpu }}`,
 * `FILESTORE_CAPACITY`): the file is a template, not a manifest with a typo.
 */
export function isPlaceholder(input: unknown): boolean {
  if (typeof input !== 'string') return false;
  const text = input.trim();
  return text.includes('{{') || /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.test(text) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(text);
}

const MEBI = 2 ** 20;
/** Any CPU amount above this is taken for a missing "m". */
export const MAX_PLAUSIBLE_CPU = 64;

/**
 * A valid quantity that almost certainly carries the wrong unit for its resource: memory or
 * storage in milli-units or below 1Mi, CPU above 64 cores.
 */
export function suspiciousUnit(resource: string, q: Quantity): QuantityDiagnosis | undefined {
  if (q.value <= 0) return undefined;
  const isBytes = isByteResource(resource);
  if (isBytes && q.suffix === 'm') {
    return { reason: `"m" means milli: ${q.text} of ${resource} is ${formatBytes(q.value)}`, suggestion: `${q.text.slice(0, -1)}Mi` };
  }
  if (isBytes && q.value < MEBI) {
    const number = q.text.slice(0, q.text.length - q.suffix.length);
    return { reason: `${q.text} of ${resource} is only ${formatBytes(q.value)}`, suggestion: `${number}Mi` };
  }
  if (resource === 'cpu' && q.value > MAX_PLAUSIBLE_CPU) {
    const suggestion = q.suffix === '' && Number.isInteger(q.value) ? `${q.text}m` : undefined;
    return { reason: `${q.text} CPU is ${formatCpu(q.value)} cores, more than most nodes have`, suggestion };
  }
  return undefined;
}

/** Resources counted in bytes. */
function isByteResource(resource: string): boolean {
  return resource === 'memory' || resource === 'ephemeral-storage' || resource === 'storage';
}

/**
 * A byte amount no one means: milli-bytes (`256m`, a fractional byte the API server warns about)
 * or less than 1Mi (`memory: 128`, 128 bytes). Other judgments must not build on such a value.
 * A CPU amount above any node's is implausible but still an amount, so it is not one.
 */
export function isUnitMistake(resource: string, q: Quantity): boolean {
  return isByteResource(resource) && q.value > 0 && (q.suffix === 'm' || q.value < MEBI);
}

/**
 * A written quantity kube-intent can reason with: it parses, and it is not a unit mistake
 * (`memory: 256m` is a quarter byte): a finding built on such a value would repeat the mistake
 * (quantity-invalid and quantity-suspicious-unit report them, once).
 */
export function usableQuantity(resource: string, value: unknown): Quantity | undefined {
  const quantity = parseQuantity(value);
  return quantity && !isUnitMistake(resource, quantity) ? quantity : undefined;
}

/**
 * The same number written once with a decimal and once with a binary suffix (1G and 1Gi): the two
 * differ by 2.4% (k/Ki) to 15% (P/Pi) although they look alike.
 */
export function isDecimalBinaryMixup(a: Quantity, b: Quantity): boolean {
  if (a.value === b.value || !a.suffix || !b.suffix) return false;
  const number = (q: Quantity) => Number(q.text.slice(0, q.text.length - q.suffix.length));
  const base = (q: Quantity) => (q.suffix === 'k' ? 'K' : q.suffix.replace(/i$/, ''));
  return number(a) === number(b) && base(a) === base(b) && a.family !== b.family;
}
