import type { Path, SourceLocation } from '../types.js';
import type { RenderedOrigins } from './origin.js';
import { suppressionComments } from './comments.js';
import { isMapping } from './mapping.js';

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
 * While a document is parsed, each mapping or sequence gets a table: for a sequence the span of
 * each item's head, by index; for a mapping the span of each key, in the order of Object.keys (a
 * mapping with integer-like keys, which JavaScript orders before the others, keeps a key -> span
 * record instead). When the document is complete the tables are folded into one (see DocumentSpans).
 */
export type SpanTable = number[] | Record<string, number>;

/**
 * One plain array of numbers per document, on its root value under a symbol key (invisible to
 * Object.keys, for...in and JSON): a table per mapping cost an array object, its elements and a
 * property slot each, a quarter of the parsed data. Each mapping or sequence has a block: the
 * spans of its entries (key order or index order), then where the blocks of its children start:
 * one slot per item for a sequence (an item is found by index), one per mapping- or
 * sequence-valued entry for a mapping (found by counting those before the key, as the key itself
 * is found by its place in Object.keys). NO_SPAN marks an entry or child without one.
 */
const SPANS = Symbol('kube-intent.spans');
const NO_SPAN = -1;

/** A key JavaScript enumerates first, in numeric order (an array index), whatever the insertion order. */
export function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/** Collects the tables of one document's collections, then folds them into the document's one table. */
export class DocumentSpans {
  private readonly tables = new Map<object, SpanTable>();

  add(container: object, table: SpanTable): void {
    this.tables.set(container, table);
  }

  /** Puts the document's table on its root value and forgets the per-collection ones. */
  finish(root: unknown): void {
    if (isCollection(root))
      setTable(
        root,
        fold(root, (c) => this.tables.get(c)),
      );
    this.tables.clear();
  }
}

function setTable(root: object, table: number[]): void {
  Object.defineProperty(root, SPANS, { value: table, writable: true, configurable: true });
}

function tableOf(root: unknown): number[] | undefined {
  return root !== null && typeof root === 'object' ? (root as { [SPANS]?: number[] })[SPANS] : undefined;
}

/** A parsed mapping or sequence: what has a block in the document's table. */
function isCollection(value: unknown): value is object {
  return Array.isArray(value) || isMapping(value);
}

/** The blocks of every collection reachable from `root` (one block for a collection reached twice through aliases). */
function fold(root: object, tableFor: (container: object) => SpanTable | undefined): number[] {
  const out: number[] = [];
  const placed = new Map<object, number>();
  const pending: Array<{ container: object; slot: number }> = [{ container: root, slot: NO_SPAN }];
  while (pending.length > 0) {
    const { container, slot } = pending.pop()!;
    let start = placed.get(container);
    if (start === undefined) {
      start = out.length;
      placed.set(container, start);
      const table = tableFor(container);
      if (Array.isArray(container)) {
        for (let i = 0; i < container.length; i++) out.push(spanIn(table, i, String(i)));
        const children = out.length;
        for (let i = 0; i < container.length; i++) {
          out.push(NO_SPAN);
          if (isCollection(container[i])) pending.push({ container: container[i] as object, slot: children + i });
        }
      } else {
        const obj = container as Record<string, unknown>;
        const keys = Object.keys(obj);
        keys.forEach((key, i) => out.push(spanIn(table, i, key)));
        for (const key of keys) {
          if (!isCollection(obj[key])) continue;
          pending.push({ container: obj[key] as object, slot: out.length });
          out.push(NO_SPAN);
        }
      }
    }
    if (slot !== NO_SPAN) out[slot] = start;
  }
  // A copy of exact length: an array grown by push keeps room for more.
  return out.slice();
}

function spanIn(table: SpanTable | undefined, index: number, key: string): number {
  const span = table === undefined ? undefined : Array.isArray(table) ? table[index] : table[key];
  return span ?? NO_SPAN;
}

/** One step down a document: the span of `key` in the collection whose block starts at `block`, and the block of its value. */
function step(table: number[], block: number, container: object, key: string | number): { span: number; block: number } {
  if (Array.isArray(container)) {
    const i = typeof key === 'number' ? key : isIndexKey(key) ? Number(key) : -1;
    if (i < 0 || i >= container.length) return { span: NO_SPAN, block: NO_SPAN };
    return { span: table[block + i] ?? NO_SPAN, block: table[block + container.length + i] ?? NO_SPAN };
  }
  const obj = container as Record<string, unknown>;
  const keys = Object.keys(obj);
  const name = String(key);
  let collectionsBefore = 0;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === name) {
      const child = isCollection(obj[name]) ? (table[block + keys.length + collectionsBefore] ?? NO_SPAN) : NO_SPAN;
      return { span: table[block + i] ?? NO_SPAN, block: child };
    }
    if (isCollection(obj[keys[i]])) collectionsBefore++;
  }
  return { span: NO_SPAN, block: NO_SPAN };
}

/** The packed span of the entry at `path` (a key, or a sequence item's head) in a parsed document, or undefined. */
export function spanAt(root: unknown, path: Path): number | undefined {
  const { last, depth } = walk(root, path);
  return depth === path.length && last !== NO_SPAN ? last : undefined;
}

/**
 * Runs `edit` (which adds or removes keys) on a parsed document, then rebuilds the document's
 * table so that every key left keeps its span.
 */
export function editDocument(root: object, edit: () => void): void {
  const table = tableOf(root);
  if (table === undefined) return edit();
  const tables = unfold(root, table);
  edit();
  setTable(
    root,
    fold(root, (c) => tables.get(c)),
  );
}

/** Each collection's spans by key (mapping) or index (sequence), read back from the document's table. */
function unfold(root: object, table: number[]): Map<object, SpanTable> {
  const tables = new Map<object, SpanTable>();
  const pending: Array<{ container: object; block: number }> = [{ container: root, block: 0 }];
  while (pending.length > 0) {
    const { container, block } = pending.pop()!;
    if (tables.has(container) || block === NO_SPAN) continue;
    const byKey: Record<string, number> = Object.create(null);
    const keys = Array.isArray(container) ? container.map((_, i) => String(i)) : Object.keys(container);
    for (const key of keys) {
      const { span, block: child } = step(table, block, container, key);
      if (span !== NO_SPAN) byKey[key] = span;
      const value = (container as Record<string, unknown>)[key];
      if (isCollection(value)) pending.push({ container: value, block: child });
    }
    tables.set(container, byKey);
  }
  return tables;
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
 * Locates a path inside a parsed document: the span of the deepest existing segment, so a finding
 * about a missing field points at its nearest existing parent.
 */
export function locatePath(root: unknown, rootSpan: number, path: Path): { span: number; depth: number } {
  const { deepest, depth } = walk(root, path);
  return { span: deepest === NO_SPAN ? rootSpan : deepest, depth };
}

/** Follows `path` from a document's root: the span of the deepest segment that has one, and of the last one reached. */
function walk(root: unknown, path: Path): { deepest: number; last: number; depth: number } {
  const table = tableOf(root);
  let deepest = NO_SPAN;
  let last = NO_SPAN;
  let depth = 0;
  let block = table === undefined ? NO_SPAN : 0;
  let node: unknown = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') break;
    const next = (node as Record<string | number, unknown>)[seg as string];
    if (next === undefined) break;
    last = NO_SPAN;
    if (table !== undefined && block !== NO_SPAN && isCollection(node)) {
      ({ span: last, block } = step(table, block, node, seg));
      if (last !== NO_SPAN) deepest = last;
    } else block = NO_SPAN;
    node = next;
    depth++;
  }
  return { deepest, last, depth };
}
