import { locatePath, type SourceFile } from '../load/source.js';
import { originalPath, type OriginalPlace } from '../load/origin.js';
import { unpackSpan } from '../load/source.js';
import type { ObjectRef, Path, SourceLocation } from '../types.js';
import { readLabels } from '../k8s/labels.js';
import { asRecord, type Raw } from '../util/raw.js';

/** The API group of an apiVersion ('' for the core group, `v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** One Kubernetes object as declared, with the way back to its source text. */
export class K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | null;
  /** As declared; null for cluster-scoped objects and namespaced ones that declare none. */
  readonly namespace: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;

  constructor(
    readonly raw: Raw,
    readonly source: SourceFile,
    /** Packed span of the object's head in its source. */
    readonly span: number,
    /** For rendered kustomize output: where the object was written, so findings point there. */
    readonly origin?: OriginalPlace,
    /** For an item of a `*List` document: the document and the item's path in it (spans are kept per document). */
    private readonly inDocument?: { root: Raw; path: Path },
  ) {
    this.apiVersion = String(raw.apiVersion);
    this.kind = String(raw.kind);
    const metadata = (raw.metadata ?? {}) as Raw;
    this.name = typeof metadata.name === 'string' || typeof metadata.name === 'number' ? String(metadata.name) : null;
    this.namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : null;
    this.labels = readLabels(metadata.labels);
    this.annotations = readLabels(metadata.annotations);
  }

  /** The API group ('' for the core group). */
  get group(): string {
    return groupOf(this.apiVersion);
  }

  get ref(): ObjectRef {
    return { apiVersion: this.apiVersion, kind: this.kind, namespace: this.namespace, name: this.name };
  }

  /** "Deployment shop/web" */
  get display(): string {
    const ns = this.namespace ? `${this.namespace}/` : '';
    return `${this.kind} ${ns}${this.name ?? '(unnamed)'}`;
  }

  /** `spec` as a mapping (empty when absent or not a mapping): the one way rules read an object's spec. */
  get spec(): Raw {
    return asRecord(this.raw.spec);
  }

  /** The value at a path, or undefined. */
  get(path: Path): unknown {
    let node: unknown = this.raw;
    for (const seg of path) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string | number, unknown>)[seg as string];
    }
    return node;
  }

  /** Where a path is in the source: the field itself, or its nearest existing parent. */
  locate(path: Path): SourceLocation {
    const place = this.patchSetting(path)?.patch ?? this.origin ?? this;
    const inPlace = this.origin ? originalPath(this.raw, place.raw, path) : path;
    const { span } =
      place === this && this.inDocument
        ? locatePath(this.inDocument.root, this.span, [...this.inDocument.path, ...inPlace])
        : locatePath(place.raw, place.span, inPlace);
    const [start, end] = unpackSpan(span);
    return place.source.location(start, end);
  }

  /**
   * For rendered kustomize output: when the scalar at `path` is not the one written where the
   * object came from, kustomize set it (a patch or a transformer). `patch` is the patch document
   * that writes this very value there, when one of the kustomization's patch files does.
   */
  patchSetting(path: Path): { value: unknown; patch: OriginalPlace['patches'][number] | undefined } | undefined {
    if (!this.origin || path.length === 0) return undefined;
    const value = this.get(path);
    if (value === undefined || (value !== null && typeof value === 'object')) return undefined;
    const at = (raw: Raw) => {
      const translated = originalPath(this.raw, raw, path);
      return translated.length === path.length ? valueAt(raw, translated) : undefined;
    };
    if (at(this.origin.raw) === value) return undefined;
    return { value, patch: this.origin.patches.find((p) => at(p.raw) === value) };
  }

  /** The file findings on this object point into: where it was written, for rendered kustomize output. */
  get locationSource(): SourceFile {
    return this.origin?.source ?? this.source;
  }
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
