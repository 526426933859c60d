import type { Path, SourceLocation } from '../types.js';
import type { RenderedOrigins } from './origin.js';

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

/** For a map: key -> span of the key. For a sequence: index -> span of the item's head. */
export type SpanTable = Record<string, number> | number[];

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

/** A file (or stdin, or rendered output) as read, with lazy line mapping. */
export class SourceFile {
  private lineStarts: number[] | undefined;
  private readonly commentLines = new Map<number, string | null>();

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

  /** The comment text on a line (after `#`), or null. Cached: suppression checks ask often. */
  comment(lineNumber: number): string | null {
    let cached = this.commentLines.get(lineNumber);
    if (cached === undefined) {
      cached = extractComment(this.line(lineNumber));
      this.commentLines.set(lineNumber, cached);
    }
    return cached;
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A `#` that starts a comment: at line start or after whitespace, outside quotes. */
function extractComment(line: string): string | null {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = ch;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(i + 1).trim();
  }
  return null;
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
    const table = getSpans(node as object);
    const next = (node as Record<string | number, unknown>)[seg as string];
    if (next === undefined) break;
    const found = table ? (table as Record<string, number>)[seg as string] : undefined;
    if (found !== undefined) span = found;
    node = next;
    depth++;
  }
  return { span, depth };
}
