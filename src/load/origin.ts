import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ORIGIN_ANNOTATION, patchFiles } from './kustomize.js';
import { parseSource } from './parse.js';
import { SourceFile, editDocument } from './source.js';
import type { Path } from '../types.js';
import { isRecord, type Raw } from '../util/raw.js';

/** Where a rendered object was written: its file, its value there and its span, for findings to point at. */
export interface OriginalPlace {
  source: SourceFile;
  raw: Raw;
  span: number;
  /** The documents of the kustomization's patch files that name this object: where a value the base does not hold may come from. */
  patches: Array<{ source: SourceFile; raw: Raw; span: number }>;
}

/** How to read the origin annotations of one rendered kustomization. */
export interface RenderedOrigins {
  /** The folder the annotations' paths are relative to. */
  base: string;
  /** The kustomization folder as the user named it: origin paths are shown relative to it. */
  dir: string;
}

/**
 * Maps objects rendered by kustomize back to the files they were written in, using the
 * `config.kubernetes.io/origin` annotation (which it removes: it is not part of the manifests).
 * Fields that a patch added have no place in the original file; their findings point at the
 * nearest parent that is there.
 */
export class OriginResolver {
  private readonly files = new Map<string, Array<{ value: Raw; span: number }> | null>();
  private readonly sources = new Map<string, SourceFile>();

  /** `raw` is a rendered object, `root` the document it is in (itself, or the List holding it). */
  resolve(raw: Raw, origins: RenderedOrigins, root: Raw = raw): OriginalPlace | undefined {
    const file = takeOriginPath(raw, root);
    if (file === undefined) return undefined;
    const absolute = path.resolve(origins.base, file);
    const shown = path.join(origins.dir, path.relative(realPath(path.resolve(origins.dir)), absolute));
    const objects = this.load(absolute, shown);
    const source = this.sources.get(absolute);
    if (!objects || !source) return undefined;
    const match = findOriginal(objects, raw);
    return match ? { source, raw: match.value, span: match.span, patches: this.patchesFor(raw, match.value, origins) } : undefined;
  }

  /** Documents of the kustomization's own patch files with the kind and the name (as written, or as rendered) of the object. */
  private patchesFor(rendered: Raw, original: Raw, origins: RenderedOrigins): OriginalPlace['patches'] {
    const out: OriginalPlace['patches'] = [];
    for (const file of patchFiles(origins.dir)) {
      const shown = path.join(origins.dir, path.relative(realPath(path.resolve(origins.dir)), realPath(file)));
      const objects = this.load(realPath(file), shown);
      const source = this.sources.get(realPath(file));
      if (!objects || !source) continue;
      for (const o of objects) {
        const name = nameOf(o.value);
        if (o.value.kind === rendered.kind && (name === nameOf(original) || name === nameOf(rendered)))
          out.push({ source, raw: o.value, span: o.span });
      }
    }
    return out;
  }

  private load(absolute: string, shown: string): Array<{ value: Raw; span: number }> | null {
    let objects = this.files.get(absolute);
    if (objects !== undefined) return objects;
    objects = null;
    try {
      const source = new SourceFile(shown, fs.readFileSync(absolute, 'utf8'));
      objects = parseSource(source)
        .documents.filter((d) => isRecord(d.value))
        .map((d) => ({ value: d.value as Raw, span: d.span }));
      this.sources.set(absolute, source);
    } catch {
      objects = null;
    }
    this.files.set(absolute, objects);
    return objects;
  }
}

/** Reads and removes the origin annotation (the keys left keep their spans); undefined for objects from a remote or generated origin. */
function takeOriginPath(raw: Raw, root: Raw): string | undefined {
  const metadata = isRecord(raw.metadata) ? raw.metadata : undefined;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : undefined;
  const text = annotations?.[ORIGIN_ANNOTATION];
  if (!annotations || typeof text !== 'string') return undefined;
  editDocument(root, () => {
    delete annotations[ORIGIN_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete metadata!.annotations;
  });
  let origin: unknown;
  try {
    origin = parseYaml(text);
  } catch {
    return undefined;
  }
  if (!isRecord(origin) || typeof origin.path !== 'string' || origin.repo !== undefined) return undefined;
  return origin.path;
}

/**
 * The object of the original file that became `rendered`: same kind and name, else the one whose
 * name kustomize prefixed or suffixed (the longest such name, when it is the only one that long),
 * else the only object of that kind.
 */
function findOriginal(objects: Array<{ value: Raw; span: number }>, rendered: Raw): { value: Raw; span: number } | undefined {
  const sameKind = objects.filter((o) => o.value.kind === rendered.kind);
  const name = nameOf(rendered);
  const exact = sameKind.find((o) => nameOf(o.value) === name);
  if (exact) return exact;
  const affixed = sameKind
    .filter(
      (o) =>
        nameOf(o.value) !== '' &&
        (name.startsWith(nameOf(o.value)) || name.endsWith(nameOf(o.value)) || name.includes(`-${nameOf(o.value)}-`)),
    )
    .sort((a, b) => nameOf(b.value).length - nameOf(a.value).length);
  if (affixed.length > 0)
    return affixed.length === 1 || nameOf(affixed[0].value).length > nameOf(affixed[1].value).length ? affixed[0] : undefined;
  return sameKind.length === 1 ? sameKind[0] : undefined;
}

/**
 * A path into the rendered object translated into the original one: a list item is found again by
 * its `name` (a patch may have inserted items before it); an item without a name keeps its index
 * only when the list kept its length. Where the trail is lost, the path stops at the parent.
 */
export function originalPath(rendered: unknown, original: unknown, path: Path): Path {
  const out: Array<string | number> = [];
  let r = rendered;
  let o = original;
  for (const seg of path) {
    if (typeof seg === 'number' && Array.isArray(r) && Array.isArray(o)) {
      const item = r[seg];
      const itemName = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
      const index = itemName !== undefined ? o.findIndex((x) => isRecord(x) && x.name === itemName) : r.length === o.length ? seg : -1;
      if (index === -1) break;
      out.push(index);
      r = item;
      o = o[index];
      continue;
    }
    out.push(seg);
    r = isRecord(r) || Array.isArray(r) ? (r as Record<string | number, unknown>)[seg] : undefined;
    o = isRecord(o) || Array.isArray(o) ? (o as Record<string | number, unknown>)[seg] : undefined;
  }
  return out;
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function nameOf(raw: Raw): string {
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  return typeof metadata.name === 'string' ? metadata.name : '';
}
