/**
 * Characters that drive a terminal or reorder text instead of being shown: C0 controls (newline and
 * tab included: a finding is one line, and a newline would let manifest text start a line of its
 * own, such as a GitHub workflow command), DEL, C1 controls (CSI, OSC), line separators and the
 * bidirectional overrides of "Trojan source".
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Manifest text made safe for a terminal or a CI log: each control character as a visible escape (\n, \x1b, \u202e). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Text that starts a line of human output (a file name): control characters escaped, and never
 * "::" first, where a GitHub Actions log would run the line as a workflow command.
 */
export function lineStart(text: string): string {
  const safe = escapeControl(text);
  return safe.startsWith('::') ? `./${safe}` : safe;
}

/** The longest value a message shows; longer ones end in an ellipsis. */
export const MAX_SHOWN = 200;

/**
 * A manifest value as a finding shows it: strings as written, anything else as JSON, cut at
 * `max` characters with an ellipsis. A value from YAML aliases can be huge; a message never is.
 */
export function shown(value: unknown, max = MAX_SHOWN): string {
  if (typeof value === 'string') return truncate(value, max);
  let text: string;
  try {
    text = boundedJson(value, max + 1) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return truncate(text, max);
}

/** A value as JSON (strings quoted), cut like `shown`. */
export function shownJson(value: unknown, max = MAX_SHOWN): string {
  return typeof value === 'string' ? truncate(JSON.stringify(value), max) : shown(value, max);
}

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** JSON of a value, stopping once `limit` characters are written (JSON.stringify would build the whole string first). */
function boundedJson(value: unknown, limit: number): string | undefined {
  let out = '';
  const write = (v: unknown): void => {
    if (out.length >= limit) return;
    if (v === null || typeof v !== 'object') {
      out += JSON.stringify(v) ?? 'null';
      return;
    }
    const array = Array.isArray(v);
    out += array ? '[' : '{';
    let first = true;
    for (const [k, item] of array ? v.entries() : Object.entries(v)) {
      if (out.length >= limit) return;
      out += first ? '' : ',';
      first = false;
      if (!array) out += `${JSON.stringify(k)}:`;
      write(item);
    }
    out += array ? ']' : '}';
  };
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  write(value);
  return out;
}
