import type { ParsedDocument } from '../load/parse.js';
import type { InputProblem } from '../load/problems.js';
import { spanAt, type SourceFile } from '../load/source.js';
import { OriginResolver, type OriginalPlace } from '../load/origin.js';
import { serviceSelector, type Labels } from '../k8s/labels.js';
import { K8sObject } from './object.js';
import { WORKLOAD_KINDS, isBuiltin, isBuiltinKind, type WorkloadKind } from './kinds.js';
import { Workload } from './workload.js';
import { push } from '../util/multimap.js';
import { isRecord, type Raw } from '../util/raw.js';

/** Documents that parsed but are not Kubernetes objects, kept so a rule can report them. */
export interface ForeignDocument {
  source: SourceFile;
  span: number;
  /** True when the same file also holds Kubernetes objects. */
  besideObjects: boolean;
}

/** The namespace key objects are grouped by: as declared, '' when none is declared. */
export function namespaceKey(namespace: string | null): string {
  return namespace ?? '';
}

/** The "cluster as declared": every object of the linted input, indexed. */
export class ManifestSet {
  readonly objects: K8sObject[] = [];
  readonly workloads: Workload[] = [];
  readonly foreignDocuments: ForeignDocument[] = [];
  readonly problems: InputProblem[] = [];
  readonly files: SourceFile[] = [];
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly byKey = new Map<string, K8sObject>();
  private readonly workloadByObject = new Map<K8sObject, Workload>();
  private originResolver: OriginResolver | undefined;

  /** Adds one parsed file: its documents, `*List` items expanded. */
  addFile(source: SourceFile, documents: ParsedDocument[], problems: InputProblem[]): void {
    this.files.push(source);
    this.problems.push(...problems);
    const foreign: ForeignDocument[] = [];
    let objectCount = 0;
    for (const doc of documents) {
      if (!isObject(doc.value)) {
        foreign.push({ source, span: doc.span, besideObjects: false });
        continue;
      }
      const items = listItems(doc.value);
      if (items) {
        const root = doc.value;
        items.forEach((item, i) => {
          if (isObject(item)) {
            const path = ['items', i];
            const origin = this.originOf(item, root, source);
            this.add(new K8sObject(item, source, spanAt(root, path) ?? doc.span, origin, { root, path }));
            objectCount++;
          }
        });
      } else {
        this.add(new K8sObject(doc.value, source, doc.span, this.originOf(doc.value, doc.value, source)));
        objectCount++;
      }
    }
    for (const f of foreign) this.foreignDocuments.push({ ...f, besideObjects: objectCount > 0 });
  }

  private originOf(raw: Raw, root: Raw, source: SourceFile): OriginalPlace | undefined {
    return source.origins ? (this.originResolver ??= new OriginResolver()).resolve(raw, source.origins, root) : undefined;
  }

  private add(object: K8sObject): void {
    this.objects.push(object);
    push(this.byKind, object.kind, object);
    this.byKey.set(objectKey(object.kind, object.namespace, object.name), object);
    if ((WORKLOAD_KINDS as readonly string[]).includes(object.kind) && isBuiltin(object.kind, object.group)) {
      const workload = new Workload(object, object.kind as WorkloadKind);
      this.workloads.push(workload);
      this.workloadByObject.set(object, workload);
    }
  }

  /** Objects of a kind; for built-in kinds only those of the built-in API group. */
  ofKind(kind: string): K8sObject[] {
    const all = this.byKind.get(kind) ?? [];
    if (!isBuiltinKind(kind)) return all;
    return all.filter((o) => isBuiltin(kind, o.group));
  }

  /** The last declared object with this identity (the one that wins when applied). */
  get(kind: string, namespace: string | null, name: string): K8sObject | undefined {
    return this.byKey.get(objectKey(kind, namespace, name));
  }

  workloadOf(object: K8sObject): Workload | undefined {
    return this.workloadByObject.get(object);
  }

  /** A Service's `spec.selector` when it has a non-empty one (Services without one get no endpoints from Kubernetes). */
  serviceSelector(service: K8sObject): Labels | undefined {
    return serviceSelector(service.get(['spec']));
  }
}

export function objectKey(kind: string, namespace: string | null, name: string | null): string {
  return `${kind}\u0000${namespaceKey(namespace)}\u0000${name ?? ''}`;
}

function isObject(v: unknown): v is Raw {
  return isRecord(v) && typeof v.kind === 'string' && typeof v.apiVersion === 'string';
}

function listItems(v: Raw): unknown[] | undefined {
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items) ? v.items : undefined;
}
