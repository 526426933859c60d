import { Composer, Parser, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { DocumentSpans, packSpan, unpackSpan, type SourceFile } from './source.js';
import type { InputProblem } from './problems.js';
import { fastParse } from './fast-parse.js';
import { MANIFEST_PARSE_OPTIONS, MAX_ALIAS_COUNT } from './parse-options.js';
import { newMapping } from './mapping.js';

export interface ParsedDocument {
  /** The document as plain JS (YAML 1.1 semantics, as Kubernetes' YAML decoder reads it). */
  value: unknown;
  /** Packed span of the document head (its first key), where object-wide findings point. */
  span: number;
  /** 0-based position of the document in its file. */
  index: number;
}

export interface ParseResult {
  documents: ParsedDocument[];
  problems: InputProblem[];
}

/**
 * Parses every document of a YAML or JSON text, keeping source spans and reporting broken ones.
 * Manifests are read as YAML 1.1, like Kubernetes' decoder (`on`/`off` are booleans there);
 * our own config is YAML 1.2, so `cpu-limit-missing: off` stays the word "off".
 * Manifests go through the fast pass first; `yaml` stays the parser of record, composing the
 * files that pass cannot take (errors, anchors, merge keys, templates) with the same result.
 */
export function parseSource(source: SourceFile, version: '1.1' | '1.2' = '1.1'): ParseResult {
  return (version === '1.1' && fastParse(source)) || parseWithYaml(source, version);
}

/** The `yaml` pass: composes full documents, then converts them to plain values with spans. */
export function parseWithYaml(source: SourceFile, version: '1.1' | '1.2'): ParseResult {
  const { text } = source;
  const problems: InputProblem[] = [];
  const documents: ParsedDocument[] = [];

  const composer = new Composer({ ...MANIFEST_PARSE_OPTIONS, version });
  const spans = new DocumentSpans();
  let index = 0;
  for (const doc of composer.compose(new Parser().parse(text), true)) {
    const docIndex = index++;
    if (doc.errors.length > 0) {
      const templateAt = unquotedTemplateOffset(text);
      if (templateAt !== -1) {
        problems.length = 0;
        problems.push(helmProblem(source, templateAt));
        return { documents: [], problems };
      }
      for (const error of doc.errors.slice(0, 1)) {
        const [start, end] = error.pos;
        problems.push({
          ruleId: 'yaml-syntax',
          location: source.location(start, end),
          message: `YAML syntax error: ${firstLine(error.message)}; this document is skipped`,
        });
      }
      continue;
    }
    const contents = doc.contents as Node | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const converter = new Converter(doc, source, problems, spans);
    let value: unknown;
    try {
      value = converter.convert(contents);
    } catch (err) {
      if (!(err instanceof AliasBomb)) throw err;
      spans.finish(undefined);
      problems.push(aliasBombProblem(source, err));
      continue;
    }
    if (converter.templateAt !== undefined) return { documents: [], problems: [helmProblem(source, converter.templateAt)] };
    spans.finish(value);
    documents.push({ value, span: headSpan(contents), index: docIndex });
  }
  return { documents, problems };
}

/** Thrown out of the conversion of a document whose aliases resolve past the cap (or into themselves). */
class AliasBomb extends Error {
  constructor(
    readonly anchor: Node,
    readonly cyclic: boolean,
  ) {
    super('alias bomb');
  }
}

function aliasBombProblem(source: SourceFile, bomb: AliasBomb): InputProblem {
  const [start, end] = bomb.anchor.range ?? [0, 0];
  const name = bomb.anchor.anchor ? `&${bomb.anchor.anchor}` : 'an anchor';
  return {
    ruleId: 'alias-bomb',
    location: source.location(start, Math.min(end, start + 1)),
    message: bomb.cyclic
      ? `YAML alias inside the anchor ${name} refers to ${name} itself: the value would be infinite; this document is skipped`
      : `YAML aliases of ${name} resolve more than ${MAX_ALIAS_COUNT} aliases in this document (anchors of anchors, a "billion laughs"); this document is skipped`,
  };
}

function helmProblem(source: SourceFile, offset: number): InputProblem {
  const end = source.text.indexOf('}}', offset);
  return {
    ruleId: 'helm-template-unrendered',
    location: source.location(offset, end === -1 ? offset + 2 : end + 2),
    message:
      'Unrendered template syntax `{{ ... }}` (a Helm chart template?): render with `helm template` first, then lint the output; this file is skipped',
  };
}

/** Offset of a `{{` that is not inside quotes on its line, or -1 (quoted ones are usually data). */
function unquotedTemplateOffset(text: string): number {
  for (let at = text.indexOf('{{'); at !== -1; at = text.indexOf('{{', at + 2)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at);
    const quotes = (before.match(/"/g)?.length ?? 0) + (before.match(/'/g)?.length ?? 0);
    if (quotes % 2 === 0 && !before.includes('#')) return at;
  }
  return -1;
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]
    .replace(/\s+at line \d+, column \d+:?$/, '')
    .trim();
}

/** Span of a node's head: a scalar whole, a collection up to the end of its first key or item. */
function headSpan(node: Node): number {
  const [start, valueEnd] = node.range ?? [0, 0];
  if (isMap(node) && node.items.length > 0) {
    const key = node.items[0].key as Node | null;
    if (key?.range) return packSpan(start, key.range[1]);
  }
  if (isSeq(node) && node.items.length > 0) {
    const first = node.items[0] as Node | null;
    if (first?.range) return packSpan(start, first.range[0]);
  }
  return packSpan(start, valueEnd);
}

class Converter {
  private readonly aliasCache = new Map<Node, unknown>();
  /** For each anchored node: how many aliases it holds, those inside the anchors it names included. */
  private readonly aliasesWithin = new Map<Node, number>();
  private aliasBudget: number = MAX_ALIAS_COUNT;
  /**
   * Where an unquoted `{{ ... }}` was parsed: YAML reads it as a flow mapping used as a mapping
   * key, which no real manifest contains. Quoted or block-scalar templates are data and stay.
   */
  templateAt: number | undefined;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly source: SourceFile,
    private readonly problems: InputProblem[],
    private readonly spans: DocumentSpans,
  ) {}

  convert(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return node.value;
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (!target) return null;
      this.aliasBudget -= 1 + this.countAliases(target, new Set());
      if (this.aliasBudget < 0) throw new AliasBomb(target, false);
      let value = this.aliasCache.get(target);
      if (value === undefined) {
        value = this.convert(target);
        this.aliasCache.set(target, value);
      }
      return value;
    }
    if (!isMap(node) && !isSeq(node)) return null;
    const value = isMap(node) ? this.convertMap(node) : this.convertSeq(node);
    // Aliases of this anchor share the value instead of converting (and counting) it again.
    if (node.anchor) this.aliasCache.set(node, value);
    return value;
  }

  /** Aliases in a node's expansion; an alias inside its own anchor is a cycle. */
  private countAliases(node: unknown, open: Set<Node>): number {
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      return target ? 1 + this.countAliases(target, open) : 1;
    }
    if (!isMap(node) && !isSeq(node)) return 0;
    const known = this.aliasesWithin.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) throw new AliasBomb(node, true);
    open.add(node);
    let count = 0;
    for (const item of node.items as unknown[]) {
      if (isMap(node)) {
        const pair = item as { key: unknown; value: unknown };
        count += this.countAliases(pair.key, open) + this.countAliases(pair.value, open);
      } else count += this.countAliases(item, open);
      // Past the cap the exact number no longer matters, and counting on would take as long as expanding.
      if (count > MAX_ALIAS_COUNT) break;
    }
    open.delete(node);
    this.aliasesWithin.set(node, count);
    return count;
  }

  private convertMap(node: Node & { items: Array<{ key: unknown; value: unknown }> }): Record<string, unknown> {
    const obj = newMapping();
    const table: Record<string, number> = Object.create(null);
    let merges: unknown[] | undefined;
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (this.templateAt === undefined && (isMap(keyNode) || isSeq(keyNode)) && keyNode.flow) this.templateAt = node.range?.[0] ?? 0;
      const key = this.keyString(keyNode);
      if (key === '<<' && isScalar(keyNode) && (keyNode.source === '<<' || typeof keyNode.value === 'symbol')) {
        (merges ??= []).push(pair.value);
        continue;
      }
      const keyRange = keyNode?.range ?? (pair.value as Node | null)?.range ?? [0, 0];
      const previous = table[key];
      if (previous !== undefined) {
        const first = this.source.position(unpackSpan(previous)[0]);
        this.problems.push({
          ruleId: 'duplicate-key',
          location: this.source.location(keyRange[0], keyRange[1]),
          message: `Key "${key}" appears twice in this mapping (first at line ${first.line}); only one value survives when applied`,
        });
      }
      const value = this.convert(pair.value);
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      table[key] = packSpan(keyRange[0], keyRange[1]);
    }
    if (merges) this.applyMerges(obj, table, merges);
    this.spans.add(obj, table);
    return obj;
  }

  /** YAML merge keys: explicit keys win, earlier merge sources win over later ones. */
  private applyMerges(obj: Record<string, unknown>, table: Record<string, number>, merges: unknown[]): void {
    const sources: unknown[] = [];
    for (const m of merges) {
      const resolved = isAlias(m) ? m.resolve(this.doc) : m;
      if (isSeq(resolved)) sources.push(...resolved.items);
      else sources.push(m);
    }
    for (const src of sources) {
      const value = this.convert(src);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const srcRange = (src as Node).range ?? [0, 0];
      for (const [k, v] of Object.entries(value)) {
        if (Object.prototype.hasOwnProperty.call(obj, k)) continue;
        obj[k] = v;
        table[k] = packSpan(srcRange[0], srcRange[1]);
      }
    }
  }

  private convertSeq(node: Node & { items: unknown[] }): unknown[] {
    const arr: unknown[] = new Array(node.items.length);
    const table: number[] = new Array(node.items.length);
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      arr[i] = this.convert(item);
      table[i] = item ? headSpan(item) : 0;
    }
    this.spans.add(arr, table);
    return arr;
  }

  private keyString(key: Node | null): string {
    if (key === null) return '';
    if (isScalar(key)) {
      if (typeof key.value === 'symbol') return key.source ?? '<<';
      return key.value === null ? '' : String(key.value);
    }
    return JSON.stringify(this.convert(key));
  }
}
