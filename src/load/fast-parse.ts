import { getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import { Document, isScalar } from 'yaml';
import { DocumentSpans, isIndexKey, packSpan, unpackSpan, type SourceFile } from './source.js';
import type { InputProblem } from './problems.js';
import type { ParseResult, ParsedDocument } from './parse.js';
import { MANIFEST_PARSE_OPTIONS } from './parse-options.js';
import { newMapping } from './mapping.js';

/**
 * The fast first pass over a manifest file: js-yaml's event stream (offsets into the text, no
 * document model) turned straight into plain values and packed spans, five times cheaper than
 * composing `yaml` documents. It returns exactly what the `yaml` pass (parse.ts) would, or
 * undefined when the file needs that pass: a syntax error (yaml words the finding), an anchor,
 * alias, tag or merge key, a key that is not a scalar (a Helm template), or anything else this
 * pass does not reproduce exactly. Plain scalars resolve through `yaml`'s own YAML 1.1 tags, so
 * both passes read `on`, `0777` or `1:30` the same way.
 */
export function fastParse(source: SourceFile): ParseResult | undefined {
  let events: Event[];
  try {
    events = parseEvents(source.text, {});
  } catch {
    return undefined;
  }
  try {
    return new EventComposer(source).compose(events);
  } catch (err) {
    if (err === NEEDS_YAML) return undefined;
    throw err;
  }
}

const NEEDS_YAML = Symbol('needs the yaml pass');

const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const ALIAS = 5;
const PLAIN = 1;
const SINGLE_QUOTED = 2;
const DOUBLE_QUOTED = 3;
const KEEP = 3;

/** One open collection (or the document itself) while events stream in. */
interface Frame {
  kind: typeof DOCUMENT | typeof SEQUENCE | typeof MAPPING;
  value: Record<string, unknown> | unknown[] | undefined;
  /** Spans of the items, or of the keys in key order (see SpanTable in source.ts). */
  table: number[] | undefined;
  /** A mapping with integer-like keys keeps its spans by key instead. */
  byKey: Record<string, number> | undefined;
  /** Offset where the collection starts (its first `-`, first key or opening bracket). */
  start: number;
  /** Where its head ends: end of the first key (mapping) or start of the first item (sequence). */
  headEnd: number;
  /** Whoever waits for this collection's head span: the parent sequence slot, or the document. */
  parent: Frame | undefined;
  slot: number;
  /** The key it is the value of, when its parent is a mapping. */
  parentKey: string | undefined;
  /** Mapping: the key read, waiting for its value. */
  key: string | undefined;
  keySpan: number;
  /** Whether that key was already in the mapping. */
  repeated: boolean;
}

class EventComposer {
  private readonly text: string;
  private readonly tags = plainScalarTags();
  private readonly documents: ParsedDocument[] = [];
  private readonly problems: InputProblem[] = [];
  private readonly spans = new DocumentSpans();

  constructor(private readonly source: SourceFile) {
    this.text = source.text;
  }

  compose(events: Event[]): ParseResult {
    const stack: Frame[] = [];
    let docIndex = -1;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      switch (event.type) {
        case DOCUMENT:
          if (event.directives.length > 0) throw NEEDS_YAML;
          docIndex++;
          stack.push(frame(DOCUMENT, undefined, undefined, 0, undefined, 0));
          break;
        case MAPPING:
        case SEQUENCE: {
          if (event.anchorStart !== -1 || event.tagStart !== -1) throw NEEDS_YAML;
          const parent = stack[stack.length - 1];
          const value = event.type === MAPPING ? newMapping() : [];
          const table: number[] = [];
          const parentKey = parent.kind === MAPPING ? parent.key : undefined;
          const slot = this.attach(parent, value, 0, event.start);
          stack.push(frame(event.type, value, table, event.start, parent, slot, parentKey));
          break;
        }
        case SCALAR: {
          if (event.anchorStart !== -1 || event.tagStart !== -1) throw NEEDS_YAML;
          const parent = stack[stack.length - 1];
          if (parent.kind === MAPPING && parent.key === undefined) this.readKey(parent, event);
          else if (event.valueStart === -1 && parent.kind === SEQUENCE)
            throw NEEDS_YAML; // an empty item: yaml places it after the dash
          else this.attach(parent, this.scalarValue(event), this.scalarSpan(event), this.scalarStart(event));
          break;
        }
        case ALIAS:
          throw NEEDS_YAML;
        default: {
          const done = stack.pop()!;
          if (done.kind === DOCUMENT) {
            this.spans.finish(done.value);
            if (done.value !== undefined && done.value !== null)
              this.documents.push({ value: done.value, span: done.headEnd, index: docIndex });
            break;
          }
          // A copy: sequences grew by push, and V8 leaves a pushed-to array with room for 16 more elements.
          if (done.kind === SEQUENCE) this.replaceSequence(done, (done.value as unknown[]).slice());
          this.spans.add(done.value as object, done.byKey ?? done.table!);
          const empty = done.kind === MAPPING ? done.headEnd === 0 : (done.value as unknown[]).length === 0;
          this.settleHead(done, empty ? packSpan(done.start, this.emptyFlowEnd(done.start)) : packSpan(done.start, done.headEnd));
        }
      }
    }
    return { documents: this.documents, problems: this.problems };
  }

  /** Places a value in its parent; returns the sequence slot (for a head span settled later). */
  private attach(parent: Frame, value: unknown, span: number, start: number): number {
    if (parent.kind === MAPPING) {
      if (parent.key === undefined) throw NEEDS_YAML; // a collection as a key: a Helm template, or exotic YAML
      const obj = parent.value as Record<string, unknown>;
      const key = parent.key;
      if (parent.byKey) parent.byKey[key] = parent.keySpan;
      else if (parent.repeated) parent.table![Object.keys(obj).indexOf(key)] = parent.keySpan;
      else parent.table!.push(parent.keySpan);
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      parent.key = undefined;
      return -1;
    }
    if (parent.kind === SEQUENCE) {
      const arr = parent.value as unknown[];
      if (arr.length === 0) parent.headEnd = start;
      arr.push(value);
      parent.table!.push(span);
      return arr.length - 1;
    }
    parent.value = value as Frame['value'];
    parent.headEnd = span;
    return -1;
  }

  /** Puts `value` where the closed sequence `done` was attached. */
  private replaceSequence(done: Frame, value: unknown[]): void {
    done.value = value;
    const parent = done.parent!;
    if (parent.kind === SEQUENCE) (parent.value as unknown[])[done.slot] = value;
    else if (parent.kind === DOCUMENT) parent.value = value;
    else if (done.parentKey === '__proto__')
      Object.defineProperty(parent.value, done.parentKey, { value, enumerable: true, writable: true, configurable: true });
    else (parent.value as Record<string, unknown>)[done.parentKey!] = value;
  }

  /** A collection's head span becomes known when it closes (or its first key or item is read). */
  private settleHead(done: Frame, span: number): void {
    const parent = done.parent!;
    if (parent.kind === SEQUENCE) parent.table![done.slot] = span;
    else if (parent.kind === DOCUMENT) parent.headEnd = span;
  }

  private readKey(map: Frame, event: ScalarEvent): void {
    if (event.style === PLAIN && event.valueStart === event.valueEnd) throw NEEDS_YAML;
    const value = this.scalarValue(event, true);
    if (typeof value === 'symbol') throw NEEDS_YAML;
    const key = value === null ? '' : String(value);
    if (key === '<<') throw NEEDS_YAML;
    const start = this.scalarStart(event);
    const end = this.scalarEnd(event);
    if (map.headEnd === 0) map.headEnd = end;
    const obj = map.value as Record<string, unknown>;
    map.repeated = Object.prototype.hasOwnProperty.call(obj, key);
    if (map.repeated) {
      const previous = map.byKey ? map.byKey[key] : map.table![Object.keys(obj).indexOf(key)];
      const first = this.source.position(unpackSpan(previous)[0]);
      this.problems.push({
        ruleId: 'duplicate-key',
        location: this.source.location(start, end),
        message: `Key "${key}" appears twice in this mapping (first at line ${first.line}); only one value survives when applied`,
      });
    }
    if (map.byKey === undefined && isIndexKey(key)) {
      const byKey: Record<string, number> = Object.create(null);
      Object.keys(obj).forEach((k, i) => (byKey[k] = map.table![i]));
      map.byKey = byKey;
    }
    map.key = key;
    map.keySpan = packSpan(start, end);
  }

  private scalarValue(event: ScalarEvent, atKey = false): unknown {
    const text = getScalarValue(this.text, event);
    if (event.style !== PLAIN) return text;
    const first = text.charCodeAt(0);
    if (first >= 128 || (first < 128 && !MAY_NOT_BE_STRING[first])) return text;
    for (const tag of this.tags) {
      if (tag.default !== true && !(atKey && tag.default === 'key')) continue;
      if (!tag.test!.test(text)) continue;
      let failed = false;
      const value = tag.resolve(text, () => (failed = true), RESOLVE_OPTIONS);
      if (failed) throw NEEDS_YAML;
      return isScalar(value) ? value.value : value;
    }
    return text;
  }

  private scalarStart(event: ScalarEvent): number {
    if (event.style === PLAIN) return event.valueStart;
    if (event.style === SINGLE_QUOTED || event.style === DOUBLE_QUOTED) return event.valueStart - 1;
    return this.blockHeaderStart(event.valueStart);
  }

  private scalarEnd(event: ScalarEvent): number {
    if (event.style === SINGLE_QUOTED || event.style === DOUBLE_QUOTED) return event.valueEnd + 1;
    if (event.style === PLAIN || event.chomping === KEEP) return event.valueEnd;
    // A clipped or stripped block scalar ends, for yaml, with the line break of its last non-blank line.
    let last = event.valueEnd - 1;
    while (last >= event.valueStart && /[\s]/.test(this.text[last])) last--;
    const lineBreak = this.text.indexOf('\n', last);
    return lineBreak === -1 || lineBreak >= event.valueEnd ? event.valueEnd : lineBreak + 1;
  }

  private scalarSpan(event: ScalarEvent): number {
    return packSpan(this.scalarStart(event), this.scalarEnd(event));
  }

  /** The `|` or `>` that opens a block scalar whose content starts at `contentStart`. */
  private blockHeaderStart(contentStart: number): number {
    const lineEnd = this.text.lastIndexOf('\n', contentStart - 1);
    const lineStart = this.text.lastIndexOf('\n', lineEnd - 1) + 1;
    const header = /(?:^|[ \t])([|>])[-+0-9]*[ \t]*(?:#.*)?\r?$/.exec(this.text.slice(lineStart, lineEnd));
    if (!header) throw NEEDS_YAML;
    return lineStart + header.index + header[0].indexOf(header[1]);
  }

  /** End of an empty flow collection (`{}` or `[]`) opening at `start`. */
  private emptyFlowEnd(start: number): number {
    const close = this.text[start] === '{' ? '}' : this.text[start] === '[' ? ']' : '';
    if (!close) throw NEEDS_YAML;
    let i = start + 1;
    while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t' || this.text[i] === '\n' || this.text[i] === '\r')) i++;
    if (this.text[i] !== close) throw NEEDS_YAML;
    return i + 1;
  }
}

function frame(
  kind: Frame['kind'],
  value: Frame['value'],
  table: Frame['table'],
  start: number,
  parent: Frame | undefined,
  slot: number,
  parentKey?: string,
): Frame {
  return { kind, value, table, byKey: undefined, start, headEnd: 0, parent, slot, parentKey, key: undefined, keySpan: 0, repeated: false };
}

/**
 * First characters a YAML 1.1 plain scalar other than a string can start with (null `~`, booleans
 * y/n/true/false/on/off, numbers (`E2` is a float there), `.inf`/`.nan`, timestamps, the merge key `<<`); any other first
 * character means a string without testing the tags. test/fast-parse.test.ts pins the tag patterns
 * this relies on.
 */
const MAY_NOT_BE_STRING: boolean[] = (() => {
  const table = new Array<boolean>(128).fill(false);
  for (const ch of '~YyNnTtFfOoEe+-.<0123456789') table[ch.charCodeAt(0)] = true;
  return table;
})();

interface PlainScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}

const RESOLVE_OPTIONS = new Document(undefined, MANIFEST_PARSE_OPTIONS).options;
let schemaTags: PlainScalarTag[] | undefined;

/** `yaml`'s YAML 1.1 scalar tags that plain scalars are tested against, in the schema's order. */
export function plainScalarTags(): PlainScalarTag[] {
  return (schemaTags ??= new Document(undefined, MANIFEST_PARSE_OPTIONS).schema.tags.filter(
    (tag) => 'test' in tag && tag.test && 'resolve' in tag,
  ) as unknown as PlainScalarTag[]);
}
