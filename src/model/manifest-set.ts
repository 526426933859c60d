import type { ParsedDocument } from '../load/parse.js';
import type { InputProblem } from '../load/problems.js';
import { getSpans, type SourceFile } from '../load/source.js';
import { OriginResolver, type OriginalPlace } from '../load/origin.js';
import { selectorMatches, equalitySelectorMatches, readLabels, type LabelSelector, type Labels } from '../k8s/labels.js';
import { K8sObject, groupOf } from './object.js';
import { BUILTIN_GROUPS, WORKLOAD_KINDS, isBuiltin, type WorkloadKind } from './kinds.js';
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
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private readonly workloadLabelIndex = new Map<string, Map<string, Workload[]>>();
  private readonly workloadByObject = new Map<K8sObject, Workload>();
  private servicesByWorkload: Map<Workload, K8sObject[]> | undefined;
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
        const spans = getSpans(items) as number[] | undefined;
        items.forEach((item, i) => {
          if (isObject(item)) {
            this.add(new K8sObject(item, source, spans?.[i] ?? doc.span, this.originOf(item, source)));
            objectCount++;
          }
        });
      } else {
        this.add(new K8sObject(doc.value, source, doc.span, this.originOf(doc.value, source)));
        objectCount++;
      }
    }
    for (const f of foreign) this.foreignDocuments.push({ ...f, besideObjects: objectCount > 0 });
  }

  private originOf(raw: Raw, source: SourceFile): OriginalPlace | undefined {
    return source.origins ? (this.originResolver ??= new OriginResolver()).resolve(raw, source.origins) : undefined;
  }

  private add(object: K8sObject): void {
    this.objects.push(object);
    push(this.byKind, object.kind, object);
    this.byKey.set(objectKey(object.kind, object.namespace, object.name), object);
    if ((WORKLOAD_KINDS as readonly string[]).includes(object.kind) && isBuiltin(object.kind, object.group)) {
      const workload = new Workload(object, object.kind as WorkloadKind);
      this.workloads.push(workload);
      this.workloadByObject.set(object, workload);
      const ns = namespaceKey(object.namespace);
      push(this.workloadsByNamespace, ns, workload);
      let index = this.workloadLabelIndex.get(ns);
      if (!index) this.workloadLabelIndex.set(ns, (index = new Map()));
      for (const [k, v] of Object.entries(workload.podLabels)) push(index, `${k}\u0000${v}`, workload);
    }
  }

  /** Objects of a kind; for built-in kinds only those of the built-in API group. */
  ofKind(kind: string): K8sObject[] {
    const all = this.byKind.get(kind) ?? [];
    if (!BUILTIN_GROUPS[kind]) return all;
    return all.filter((o) => isBuiltin(kind, o.group));
  }

  /** The last declared object with this identity (the one that wins when applied). */
  get(kind: string, namespace: string | null, name: string): K8sObject | undefined {
    return this.byKey.get(objectKey(kind, namespace, name));
  }

  workloadOf(object: K8sObject): Workload | undefined {
    return this.workloadByObject.get(object);
  }

  workloadsIn(namespace: string | null): Workload[] {
    return this.workloadsByNamespace.get(namespaceKey(namespace)) ?? [];
  }

  /** Whether the set declares anything of this kind in the namespace. */
  hasKindIn(kind: string, namespace: string | null): boolean {
    const ns = namespaceKey(namespace);
    return this.ofKind(kind).some((o) => namespaceKey(o.namespace) === ns);
  }

  /** Workloads of a namespace whose pod labels match a set-based selector ({} matches all). */
  workloadsMatching(namespace: string | null, selector: LabelSelector): Workload[] {
    const candidates = this.candidates(namespace, selector.matchLabels ?? {});
    return candidates.filter((w) => selectorMatches(selector, w.podLabels));
  }

  /** Workloads of a namespace whose pod labels carry every key=value (Service-style selector). */
  workloadsWithLabels(namespace: string | null, labels: Labels): Workload[] {
    return this.candidates(namespace, labels).filter((w) => equalitySelectorMatches(labels, w.podLabels));
  }

  /** A Service's `spec.selector` when it has a non-empty one (Services without one get no endpoints from Kubernetes). */
  serviceSelector(service: K8sObject): Labels | undefined {
    const selector = readLabels(service.get(['spec', 'selector']));
    return Object.keys(selector).length > 0 ? selector : undefined;
  }

  /** Workloads whose pods a Service sends traffic to (same namespace, selector matches the pod labels). */
  workloadsSelectedByService(service: K8sObject): Workload[] {
    const selector = this.serviceSelector(service);
    return selector ? this.workloadsWithLabels(service.namespace, selector) : [];
  }

  /** Services (built-in, with a selector) in the set that select this workload's pods. */
  servicesSelecting(workload: Workload): K8sObject[] {
    if (!this.servicesByWorkload) {
      this.servicesByWorkload = new Map();
      for (const service of this.ofKind('Service')) {
        for (const w of this.workloadsSelectedByService(service)) push(this.servicesByWorkload, w, service);
      }
    }
    return this.servicesByWorkload.get(workload) ?? [];
  }

  /**
   * The object an HPA (or any scaleTargetRef-style reference) points at in the same namespace;
   * the API group of `apiVersion` must match when both sides give one.
   */
  resolveRef(namespace: string | null, ref: { apiVersion?: string; kind: string; name: string }): K8sObject | undefined {
    const found = this.get(ref.kind, namespace, ref.name);
    if (!found || !ref.apiVersion) return found;
    const group = groupOf(ref.apiVersion);
    const sameGroup = found.group === group || (isBuiltin(ref.kind, group) && isBuiltin(ref.kind, found.group));
    return sameGroup ? found : undefined;
  }

  /** Smallest posting list of the label index: keeps selector lookups fast on big sets. */
  private candidates(namespace: string | null, labels: Labels): Workload[] {
    const ns = namespaceKey(namespace);
    const index = this.workloadLabelIndex.get(ns);
    let best: Workload[] | undefined;
    for (const [k, v] of Object.entries(labels)) {
      const list = index?.get(`${k}\u0000${v}`) ?? [];
      if (!best || list.length < best.length) best = list;
      if (best.length === 0) break;
    }
    return best ?? this.workloadsIn(namespace);
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
