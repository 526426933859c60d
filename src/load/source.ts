import type { Path, SourceLocation } from '../types.js';
import type { RenderedOrigins } from './origin.js';
import { suppressionComments } from './comments.js';

/**
 * Source spans are packed into one number (start offset * SPAN_SCALE + length) and kept in a
 * hidden table on each parsed map or sequence, so the plain JS values stay clean and the YAML
 * node tree can be dropped right after parsing: that is what keeps memory flat on big inputs.
 */
const SPAN_SCALE = 65536;
const MAX_SPAN = SPAN_SCALE - 1;

export function packSpan(start: number, end: number): number {
  return start * SPAN_SCALE + Math.min(Math.max(end - start, 0), MAX_SPAN);
}

export function unpackSpan(packed: number): [number, number] {
  const start = Math.floor(packed / SPAN_SCALE);
  return [start, start + (packed % SPAN_SCALE)];
}

/**
 * For a sequence: the span of each item's head, by index. For a mapping: the span of each key, in
 * the order of Object.keys, as a plain array of numbers (compact, and no dictionary-mode object
 * per mapping); a mapping with integer-like keys, which JavaScript orders before the others, keeps
 * a key -> span record instead.
 */
export type SpanTable = number[] | Record<string, number>;

/**
 * The table rides on the container under a symbol key: invisible to Object.keys, for...in and
 * JSON, and far cheaper for the garbage collector than a WeakMap with one entry per mapping.
 */
const SPANS = Symbol('kube-intent.spans');

export function setSpans(container: object, table: SpanTable): void {
  Object.defineProperty(container, SPANS, { value: table });
}

export function getSpans(container: object): SpanTable | undefined {
  return (container as { [SPANS]?: SpanTable })[SPANS];
}

/** The packed span of a sequence item's head or a mapping key, or undefined. */
export function spanOf(container: object, key: string | number): number | undefined {
  const table = getSpans(container);
  if (table === undefined) return undefined;
  if (!Array.isArray(table)) return table[key];
  if (Array.isArray(container)) return table[key as number];
  const at = Object.keys(container).indexOf(String(key));
  return at === -1 ? undefined : table[at];
}

/** A key JavaScript enumerates first, in numeric order (an array index), whatever the insertion order. */
export function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/** A mapping's span table from key -> span: compact unless integer-like keys reorder its keys. */
export function mappingSpans(obj: object, byKey: Record<string, number>): SpanTable {
  const keys = Object.keys(obj);
  if (keys.some(isIndexKey)) return byKey;
  return keys.map((k) => byKey[k]);
}

/** A file (or stdin, or rendered output) as read, with lazy line mapping. */
export class SourceFile {
  private lineStarts: number[] | undefined;
  private suppressions: Map<number, string> | undefined;

  constructor(
    /** The path as the user gave it (relative stays relative). */
    readonly path: string,
    readonly text: string,
    /** For kustomize output rendered with origin annotations: how to find the files it came from. */
    readonly origins?: RenderedOrigins,
  ) {}

  position(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  location(start: number, end: number): SourceLocation {
    const a = this.position(start);
    const b = this.position(Math.max(end, start));
    return { file: this.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The text of a 1-based line, without its newline. */
  line(lineNumber: number): string {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    const start = starts[lineNumber - 1];
    if (start === undefined) return '';
    const next = starts[lineNumber];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }

  /**
   * The text (after `#`) of a YAML comment on a line that mentions kube-intent-ignore, or null:
   * real comment tokens only, never a `#` inside a block scalar or a string.
   */
  comment(lineNumber: number): string | null {
    this.suppressions ??= suppressionComments(this.text, (offset) => this.position(offset).line);
    return this.suppressions.get(lineNumber) ?? null;
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Locates a path inside a parsed value: the span of the deepest existing segment, so a finding
 * about a missing field points at its nearest existing parent.
 */
export function locatePath(root: unknown, rootSpan: number, path: Path): { span: number; depth: number } {
  let span = rootSpan;
  let depth = 0;
  let node: unknown = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') break;
    const next = (node as Record<string | number, unknown>)[seg as string];
    if (next === undefined) break;
    const found = spanOf(node as object, seg);
    if (found !== undefined) span = found;
    node = next;
    depth++;
  }
  return { span, depth };
}
