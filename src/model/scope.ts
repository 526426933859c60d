import path from 'node:path';
import { readScaleTargetRef, type ScaleTargetRef } from '../k8s/hpa.js';
import { readReplicaBounds } from '../k8s/hpa-bounds.js';
import { equalitySelectorMatches, readLabels, selectorMatches, type LabelSelector, type Labels } from '../k8s/labels.js';
import { pdbSelector } from '../k8s/pdb.js';
import { namespaceLimitRanges, type NamespaceLimitRanges } from '../k8s/limitrange.js';
import { KUSTOMIZATION_FILES, renderedFrom } from '../load/kustomize.js';
import { grantsCreate, namesResource, runsWithName } from '../k8s/config-creators.js';
import { isBuiltin } from './kinds.js';
import { namespaceKey, type ManifestSet } from './manifest-set.js';
import type { K8sObject } from './object.js';
import type { Workload } from './workload.js';
import { push } from '../util/multimap.js';
import { asRecord } from '../util/raw.js';
import { countWork } from '../util/work-counter.js';
import { groupOf } from './object.js';

/** Parse-level problems after which a file's objects may be missing from the set. */
const UNREAD_INPUT = ['yaml-syntax', 'alias-bomb', 'helm-template-unrendered', 'file-unreadable'];

/**
 * Namespaces that do not say where an object ends up: `default` and `kube-system` are shared by many
 * unrelated installs, and kubebuilder's `system` is a placeholder every project's kustomization rewrites.
 */
const SHARED_NAMESPACES = ['default', 'kube-system', 'system'];

/** Custom kinds that configure traffic, monitoring, certificates or scaling around pods but never create any. */
const NON_POD_CUSTOM_KINDS = [
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Probe',
  'ScrapeConfig',
  'AlertmanagerConfig',
  'VirtualService',
  'DestinationRule',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'Certificate',
  'ScaledObject',
  'VerticalPodAutoscaler',
];

/** API groups of traffic, certificate and secret configuration (Istio's installer, install.istio.io, does run pods). */
const NON_POD_CUSTOM_GROUPS =
  /(^|\.)(networking\.istio\.io|security\.istio\.io|telemetry\.istio\.io|extensions\.istio\.io|cert-manager\.io|external-secrets\.io|bitnami\.com|traefik\.io|traefik\.containo\.us)$/;

/** Where an object is applied: its declared namespace and the file it comes from. */
export interface Placed {
  namespace: string | null;
  source: { path: string };
}

/** A namespace that does not tell which install an object belongs to: none, a shared one, or a placeholder. */
export function isSharedNamespace(namespace: string | null): boolean {
  return namespace === null || SHARED_NAMESPACES.includes(namespace);
}

/**
 * A custom resource (an API group of its own; sigs' x-k8s.io groups, such as JobSet or
 * LeaderWorkerSet, are custom) of a kind that may have an operator create pods the set does not show.
 */
export function mayCreatePods(object: K8sObject): boolean {
  if (isBuiltin(object.kind, object.group)) return false;
  const group = object.group;
  if (!group.includes('.') || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io'))) return false;
  return !NON_POD_CUSTOM_KINDS.includes(object.kind) && !NON_POD_CUSTOM_GROUPS.test(group);
}

/**
 * The directories above `dir` whose objects are applied together with it, nearest first: up to the
 * first kustomization directory. Kustomize applies what a kustomization lists, never the files of
 * a directory above it (often rendered bundles of the same app, or other apps).
 */
function appliedAbove(dir: string, kustomizationDirectories: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (
    let current = dir, up = path.dirname(dir);
    up !== current && !kustomizationDirectories.has(current);
    current = up, up = path.dirname(up)
  )
    out.push(up);
  return out;
}

interface Entry<T> {
  order: number;
  item: T;
}

/**
 * Items indexed by where they are applied, looked up by the objects that may refer to them
 * (ReferenceScope.sameNamespace). Each look-up walks the directories above the asking object, not the items.
 */
export class ScopeIndex<T> {
  private readonly byNamespace = new Map<string, T[]>();
  private readonly inDirectory = new Map<string, Array<Entry<T>>>();
  private readonly belowDirectory = new Map<string, Array<Entry<T>>>();
  private readonly found = new Map<string, T[]>();

  constructor(
    items: Iterable<T>,
    placeOf: (item: T) => Placed,
    private readonly above: (dir: string) => string[],
  ) {
    let order = 0;
    for (const item of items) {
      const at = placeOf(item);
      if (!isSharedNamespace(at.namespace)) {
        push(this.byNamespace, namespaceKey(at.namespace), item);
        continue;
      }
      const entry = { order: order++, item };
      const dir = sourceDirectory(at.source);
      push(this.inDirectory, directoryKey(at.namespace, dir), entry);
      for (const above of this.above(dir)) push(this.belowDirectory, directoryKey(at.namespace, above), entry);
    }
  }

  /** The items in the namespace `from` is applied to, in input order. */
  of(from: Placed): readonly T[] {
    if (!isSharedNamespace(from.namespace)) return this.byNamespace.get(namespaceKey(from.namespace)) ?? [];
    const dir = sourceDirectory(from.source);
    const key = directoryKey(from.namespace, dir);
    let list = this.found.get(key);
    if (!list) {
      const entries = [dir, ...this.above(dir)].flatMap((d) => this.inDirectory.get(directoryKey(from.namespace, d)) ?? []);
      entries.push(...(this.belowDirectory.get(key) ?? []));
      countWork(entries.length);
      list = entries.sort((a, b) => a.order - b.order).map((e) => e.item);
      this.found.set(key, list);
    }
    return list;
  }
}

/** The folder a source is applied from: a kustomization's own folder for its rendered output. */
function sourceDirectory(source: { path: string }): string {
  return renderedFrom(source.path) ?? path.dirname(source.path);
}

function directoryKey(namespace: string | null, dir: string): string {
  return `${namespaceKey(namespace)}\u0000${dir}`;
}

/** Kinds that set admission policy for a whole namespace: a namespace usually holds one set of them. */
const ADMISSION_POLICY_KINDS = ['LimitRange', 'ResourceQuota'];

interface AlternativesEvidence {
  /** One kind/namespace/name is declared in two or more files (variants of one object). */
  variants: boolean;
  /** One folder has two or more files that each declare a LimitRange (or each a ResourceQuota). */
  policyFolder: boolean;
  /** The files that declare namespace-wide admission policy. */
  policyFiles: ReadonlySet<string>;
}

function alternativesEvidence(objects: readonly K8sObject[]): AlternativesEvidence {
  countWork(objects.length);
  const fileOf = new Map<string, string>();
  const policyFiles = new Set<string>();
  const policyByFolder = new Map<string, Set<string>>();
  let variants = false;
  for (const o of objects) {
    if (ADMISSION_POLICY_KINDS.includes(o.kind)) {
      policyFiles.add(o.source.path);
      const key = `${o.kind}\u0000${path.dirname(o.source.path)}`;
      let files = policyByFolder.get(key);
      if (!files) policyByFolder.set(key, (files = new Set()));
      files.add(o.source.path);
    }
    if (o.name === null || variants) continue;
    const key = `${o.kind}\u0000${o.group}\u0000${namespaceKey(o.namespace)}\u0000${o.name}`;
    const file = fileOf.get(key);
    if (file === undefined) fileOf.set(key, o.source.path);
    else if (file !== o.source.path) variants = true;
  }
  const policyFolder = [...policyByFolder.values()].some((files) => files.size >= 2);
  return { variants, policyFolder, policyFiles };
}

/**
 * Whether two files are applied together in a folder of alternatives: the same file, or one whose
 * name (without extension) is a dash-separated prefix of the other's in the same folder.
 */
function companionFiles(a: string, b: string): boolean {
  if (a === b) return true;
  if (path.dirname(a) !== path.dirname(b)) return false;
  const stem = (file: string) => path.basename(file).replace(/\.(ya?ml|json)$/i, '');
  const [x, y] = [stem(a), stem(b)];
  return x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
}

const scopes = new WeakMap<ManifestSet, ReferenceScope>();

/** The reference scope of a set, built once and shared by every rule of a run. */
export function referenceScope(set: ManifestSet): ReferenceScope {
  let scope = scopes.get(set);
  if (!scope) scopes.set(set, (scope = new ReferenceScope(set)));
  return scope;
}

/** Workloads of one scope indexed by pod label (`key\0value`), so selector look-ups read a posting list. */
class LabelIndex {
  private readonly postings = new Map<string, Workload[]>();

  constructor(readonly all: readonly Workload[]) {
    countWork(all.length);
    for (const w of all) for (const key of Object.keys(w.podLabels)) push(this.postings, `${key}\u0000${w.podLabels[key]}`, w);
  }

  /** The smallest posting list of the selector's pairs: every workload the selector can match is in it. */
  candidates(labels: Labels): readonly Workload[] {
    let best: readonly Workload[] | undefined;
    for (const key of Object.keys(labels)) {
      const list = this.postings.get(`${key}\u0000${labels[key]}`) ?? [];
      if (!best || list.length < best.length) best = list;
      if (best.length === 0) break;
    }
    return best ?? this.all;
  }
}

/** The pairs every pod a set-based selector matches must carry (its matchLabels and single-value In requirements). */
function requiredLabels(selector: LabelSelector): Labels {
  const out: Record<string, string> = { ...selector.matchLabels };
  for (const req of selector.matchExpressions ?? []) {
    if (req.operator === 'In' && req.values?.length === 1) out[req.key] = req.values[0];
  }
  return out;
}

/** Where an object would be applied if it declared no namespace: its directory tree. */
function withoutNamespace(object: Placed): Placed {
  return { namespace: null, source: object.source };
}

/**
 * What a cross-object reference can be judged against, so that a partial or mixed input stays
 * silent: objects applied to the same namespace (sameNamespace), whether a file beside an
 * object could not be read, whether it is unrendered kustomization input, and custom resources
 * whose operators may create pods the set does not show. Every look-up reads an index built once
 * per scope (namespace as applied, directory tree, kustomization), never the whole set.
 */
export class ReferenceScope {
  private readonly unreadDirectories = new Set<string>();
  private readonly kustomizationDirectories = new Set<string>();
  /** Kustomization folders, rendered or not: nothing above one is applied with it. */
  private readonly boundaries = new Set<string>();
  private readonly kindIndexes = new Map<string, ScopeIndex<K8sObject>>();
  private readonly togetherIndexes = new Map<string, ScopeIndex<K8sObject>>();
  private readonly nameIndexes = new WeakMap<readonly K8sObject[], Map<string, K8sObject[]>>();
  private readonly labelIndexes = new WeakMap<readonly Workload[], LabelIndex>();
  private workloadIndex: ScopeIndex<Workload> | undefined;
  private readonly matchingCache = new Map<readonly Workload[], Map<string, Workload[]>>();
  private workloadsTogetherIndex: ScopeIndex<Workload> | undefined;
  private podCreatorIndex: ScopeIndex<K8sObject> | undefined;
  private customIndex: ScopeIndex<K8sObject> | undefined;
  private autoscalers: Map<K8sObject, K8sObject> | undefined;
  private services: Map<Workload, K8sObject[]> | undefined;
  private budgets: Map<Workload, K8sObject[]> | undefined;
  private readonly limitRangeSummaries = new WeakMap<readonly K8sObject[], NamespaceLimitRanges<K8sObject>>();
  private readonly directoriesAbove = new Map<string, string[]>();
  private shippedIndex: ScopeIndex<K8sObject> | undefined;
  private readonly alternativeTrees = new WeakMap<readonly K8sObject[], AlternativesEvidence>();
  private readonly partnerLists = new WeakMap<readonly K8sObject[], Map<string, readonly K8sObject[]>>();
  private readonly above = (dir: string): string[] => {
    let list = this.directoriesAbove.get(dir);
    if (!list) this.directoriesAbove.set(dir, (list = appliedAbove(dir, this.boundaries)));
    return list;
  };

  constructor(private readonly set: ManifestSet) {
    for (const problem of set.problems) {
      if (UNREAD_INPUT.includes(problem.ruleId)) this.unreadDirectories.add(path.dirname(problem.location.file));
    }
    for (const file of set.files) {
      const rendered = renderedFrom(file.path);
      if (rendered !== undefined) this.boundaries.add(rendered);
      else if (KUSTOMIZATION_FILES.includes(path.basename(file.path))) {
        this.kustomizationDirectories.add(path.dirname(file.path));
        this.boundaries.add(path.dirname(file.path));
      }
    }
  }

  /**
   * Whether two objects end up in the same namespace when the input is applied. A declared namespace
   * of its own is that namespace across the whole input. An object without one is applied wherever
   * the user points it (and `default`, `kube-system` and `system` are shared or placeholders): it is
   * taken to share the namespace only with objects of its own directory, or of a directory inside or
   * above it (an app's files split into subfolders) up to a kustomization directory, never with
   * unrelated folders of a large checkout.
   */
  sameNamespace(a: Placed, b: Placed): boolean {
    if (namespaceKey(a.namespace) !== namespaceKey(b.namespace)) return false;
    if (!isSharedNamespace(a.namespace)) return true;
    return this.appliedTogether(a, b);
  }

  /**
   * Whether two objects come from the same directory, or one inside or above the other up to a
   * kustomization directory: the test for cluster-scoped objects (StorageClasses) that one app ships.
   */
  appliedTogether(a: Placed, b: Placed): boolean {
    const dirA = sourceDirectory(a.source);
    const dirB = sourceDirectory(b.source);
    return dirA === dirB || this.above(dirA).includes(dirB) || this.above(dirB).includes(dirA);
  }

  /** Items indexed for look-ups by the objects that may refer to them (see sameNamespace). */
  index<T>(items: Iterable<T>, placeOf: (item: T) => Placed): ScopeIndex<T> {
    return new ScopeIndex(items, placeOf, this.above);
  }

  /** The workloads applied to the namespace of `object`. */
  workloads(object: Placed): readonly Workload[] {
    this.workloadIndex ??= this.index(this.set.workloads, (w) => w.object);
    return this.workloadIndex.of(object);
  }

  /** Workloads applied to the namespace of `object` whose pod labels match a set-based selector ({} matches all). */
  workloadsMatching(object: Placed, selector: LabelSelector): Workload[] {
    // Many objects of one scope often carry the same selector (every `podSelector: {}` policy of a
    // namespace): the answer is computed once per scope and selector, and shared (callers never mutate it).
    const inScope = this.workloads(object);
    let bySelector = this.matchingCache.get(inScope);
    if (!bySelector) this.matchingCache.set(inScope, (bySelector = new Map()));
    const key = JSON.stringify(selector);
    let matching = bySelector.get(key);
    if (!matching) {
      const candidates = this.labelIndex(inScope).candidates(requiredLabels(selector));
      countWork(candidates.length);
      bySelector.set(key, (matching = candidates.filter((w) => selectorMatches(selector, w.podLabels))));
    }
    return matching;
  }

  /** Workloads applied to the namespace of `object` whose pod labels carry every key=value (a Service-style selector). */
  workloadsWithLabels(object: Placed, labels: Labels): Workload[] {
    const candidates = this.labelIndex(this.workloads(object)).candidates(labels);
    countWork(candidates.length);
    return candidates.filter((w) => equalitySelectorMatches(labels, w.podLabels));
  }

  /**
   * Workloads of the directory tree of `object` (applied together with it), whatever namespace they
   * declare, whose pod labels carry every key=value: where a selector finds its pods when the
   * namespaces disagree.
   */
  workloadsAppliedTogetherWithLabels(object: Placed, labels: Labels): Workload[] {
    this.workloadsTogetherIndex ??= this.index(this.set.workloads, (w) => withoutNamespace(w.object));
    const candidates = this.labelIndex(this.workloadsTogetherIndex.of(withoutNamespace(object))).candidates(labels);
    countWork(candidates.length);
    return candidates.filter((w) => equalitySelectorMatches(labels, w.podLabels));
  }

  /** The Services (built-in, with a selector) applied with the workload whose selector matches its pods. */
  servicesSelecting(workload: Workload): readonly K8sObject[] {
    if (!this.services) {
      this.services = new Map();
      for (const service of this.set.ofKind('Service')) {
        const selector = this.set.serviceSelector(service);
        if (selector) for (const w of this.workloadsWithLabels(service, selector)) push(this.services, w, service);
      }
    }
    return this.services.get(workload) ?? [];
  }

  /** The workloads a Service sends traffic to: applied with it, its selector matching their pods. */
  workloadsSelectedByService(service: K8sObject): Workload[] {
    const selector = this.set.serviceSelector(service);
    return selector ? this.workloadsWithLabels(service, selector) : [];
  }

  /** The PodDisruptionBudgets applied with the workload whose selector matches its pods. */
  budgetsSelecting(workload: Workload): readonly K8sObject[] {
    if (!this.budgets) {
      this.budgets = new Map();
      for (const pdb of this.set.ofKind('PodDisruptionBudget')) {
        const selector = pdbSelector(pdb.apiVersion, asRecord(pdb.get(['spec'])));
        if (selector) for (const w of this.workloadsMatching(pdb, selector)) push(this.budgets, w, pdb);
      }
    }
    return this.budgets.get(workload) ?? [];
  }

  /** Objects of a kind applied to the namespace of `object`. */
  objectsOfKind(kind: string, object: Placed): readonly K8sObject[] {
    let index = this.kindIndexes.get(kind);
    if (!index) this.kindIndexes.set(kind, (index = this.index(this.set.ofKind(kind), (o) => o)));
    return index.of(object);
  }

  /**
   * Objects of a kind shipped in the directory tree of `object` (see appliedTogether), whatever
   * their namespace: for cluster-scoped kinds (StorageClass, PriorityClass) one app brings along.
   */
  appliedTogetherOfKind(kind: string, object: Placed): readonly K8sObject[] {
    let index = this.togetherIndexes.get(kind);
    if (!index) this.togetherIndexes.set(kind, (index = this.index(this.set.ofKind(kind), withoutNamespace)));
    return index.of(withoutNamespace(object));
  }

  /**
   * The object of a kind and name that a reference from `object` reaches: the last one declared in
   * its namespace as applied. Namesakes in unrelated folders of a checkout are not it.
   */
  named(kind: string, object: Placed, name: string): K8sObject | undefined {
    const found = this.allNamed(kind, object, name);
    return found[found.length - 1];
  }

  /** Every object of a kind and name in the namespace of `object` as applied, in input order. */
  allNamed(kind: string, object: Placed, name: string): readonly K8sObject[] {
    return this.namedIn(this.objectsOfKind(kind, object), name);
  }

  /**
   * Whether an object of a kind and name may be the one `object` refers to: in its namespace as
   * applied, or shipped in its directory tree with a namespace on one side only (applied wherever
   * kubectl points the side without one).
   */
  mayReachNamed(kind: string, object: Placed, name: string): boolean {
    if (this.allNamed(kind, object, name).length > 0) return true;
    const together = this.namedIn(this.appliedTogetherOfKind(kind, object), name);
    return together.some((o) => object.namespace === null || o.namespace === null);
  }

  private namedIn(objects: readonly K8sObject[], name: string): readonly K8sObject[] {
    let byName = this.nameIndexes.get(objects);
    if (!byName) {
      byName = new Map();
      countWork(objects.length);
      for (const o of objects) if (o.name !== null) push(byName, o.name, o);
      this.nameIndexes.set(objects, byName);
    }
    return byName.get(name) ?? [];
  }

  /** The LimitRanges that govern the namespace of `object` and the defaults they supply; undefined: none in the set. */
  limitRanges(object: Placed): NamespaceLimitRanges<K8sObject> | undefined {
    const ranges = this.admissionPolicy('LimitRange', object);
    if (ranges.length === 0) return undefined;
    let summary = this.limitRangeSummaries.get(ranges);
    if (!summary) this.limitRangeSummaries.set(ranges, (summary = namespaceLimitRanges(ranges)));
    return summary;
  }

  /** Custom resources in the namespace of `object` whose operators may create pods (see mayCreatePods). */
  podCreators(object: Placed): readonly K8sObject[] {
    this.podCreatorIndex ??= this.index(this.set.objects.filter(mayCreatePods), (o) => o);
    return this.podCreatorIndex.of(object);
  }

  /**
   * The object a scaleTargetRef-style reference names, among those `object` can refer to: the last
   * declared; the API group of `apiVersion` must match when the reference gives one.
   */
  resolveRef(object: Placed, ref: ScaleTargetRef): K8sObject | undefined {
    const group = ref.apiVersion ? groupOf(ref.apiVersion) : undefined;
    const found = this.allNamed(ref.kind, object, ref.name).filter(
      (o) => group === undefined || o.group === group || (isBuiltin(ref.kind, group) && isBuiltin(ref.kind, o.group)),
    );
    return found[found.length - 1];
  }

  /** The HPA (first declared) that scales each object, keyed by the target object. */
  autoscalersByTarget(): ReadonlyMap<K8sObject, K8sObject> {
    if (!this.autoscalers) {
      this.autoscalers = new Map();
      for (const hpa of this.set.ofKind('HorizontalPodAutoscaler')) {
        const target = this.autoscalerTarget(hpa);
        if (target && !this.autoscalers.has(target)) this.autoscalers.set(target, hpa);
      }
    }
    return this.autoscalers;
  }

  /**
   * The fewest pods a workload runs at steady state: the minReplicas of the HPA that scales it,
   * else its own replica count (undefined for DaemonSets). Rules about availability judge this.
   */
  minimumScale(workload: Workload): { replicas: number | undefined; autoscaler?: K8sObject } {
    const autoscaler = this.autoscalersByTarget().get(workload.object);
    if (!autoscaler) return { replicas: workload.replicas };
    return { replicas: readReplicaBounds(asRecord(autoscaler.get(['spec']))).minReplicas, autoscaler };
  }

  /** The object an HPA scales, when the set has it in scope. */
  autoscalerTarget(hpa: K8sObject): K8sObject | undefined {
    const ref = readScaleTargetRef(asRecord(hpa.get(['spec'])));
    return ref && this.resolveRef(hpa, ref);
  }

  /**
   * Whether `object` is judged by directory tree (no namespace of its own, or a shared one) in a
   * tree that reads as a folder of alternatives, not one application: the tree ships one
   * kind/namespace/name in several files (variants of one object, as duplicate-object takes them:
   * an all-in-one file and its split files, a -gke and a -generic flavour), or one of its folders
   * has several files that each bring a LimitRange (or each a ResourceQuota), namespace-wide
   * admission policy a namespace holds once, while the object's own file brings none
   * (documentation examples, each for a namespace of its own). Only the tree of
   * `object` is read, so folders linted beside it never change the answer.
   */
  amongAlternatives(object: Placed): boolean {
    if (!isSharedNamespace(object.namespace)) return false;
    this.shippedIndex ??= this.index(this.set.objects, withoutNamespace);
    const tree = this.shippedIndex.of(withoutNamespace(object));
    let evidence = this.alternativeTrees.get(tree);
    if (!evidence) this.alternativeTrees.set(tree, (evidence = alternativesEvidence(tree)));
    return evidence.variants || (evidence.policyFolder && !evidence.policyFiles.has(object.source.path));
  }

  /**
   * The LimitRanges or ResourceQuotas that govern `object`: those of its namespace, but in a folder
   * of alternatives (amongAlternatives) only those of its own file or of a file named as its
   * companion (`cpu-constraints.yaml` for `cpu-constraints-pod-2.yaml`): the others are examples
   * for namespaces of their own.
   */
  admissionPolicy(kind: 'LimitRange' | 'ResourceQuota', object: Placed): readonly K8sObject[] {
    const all = this.objectsOfKind(kind, object);
    if (all.length === 0 || !this.amongAlternatives(object)) return all;
    let byFile = this.partnerLists.get(all);
    if (!byFile) this.partnerLists.set(all, (byFile = new Map()));
    const file = object.source.path;
    let list = byFile.get(file);
    if (!list) {
      countWork(all.length);
      byFile.set(file, (list = all.filter((o) => companionFiles(file, o.source.path))));
    }
    return list;
  }

  /**
   * Whether `other` is an alternative to `object` rather than applied with it: `object` is among
   * alternatives and `other` comes from another file that is not its companion.
   */
  alternativeTo(object: Placed, other: Placed): boolean {
    return this.amongAlternatives(object) && !companionFiles(object.source.path, other.source.path);
  }

  /**
   * A workload applied with `object` that plausibly creates the ConfigMap or Secret `name` at run
   * time: a Job or CronJob that names it in what it runs (a Helm hook, a certificate generator),
   * a workload whose init container does, or one whose ServiceAccount a RoleBinding or
   * ClusterRoleBinding here binds to a Role or ClusterRole here that may create that kind, when
   * the role names the object (resourceNames) or the workload is its namesake (`<name>` or
   * `<name>-<suffix>`, as argo-cd's redis, whose init container writes its password Secret).
   */
  configCreatorFor(object: Placed, kind: 'ConfigMap' | 'Secret', name: string): Workload | undefined {
    const resource = kind === 'Secret' ? 'secrets' : 'configmaps';
    const workloads = this.workloads(object);
    countWork(workloads.length);
    const named = workloads.find((w) => runsWithName(w.podSpec, name, w.kind === 'Job' || w.kind === 'CronJob' ? 'all' : 'init'));
    if (named) return named;
    const roles = [...this.objectsOfKind('Role', object), ...this.appliedTogetherOfKind('ClusterRole', object)].filter((role) =>
      grantsCreate(role.get(['rules']), resource),
    );
    const creatingRoles = new Set(roles.map((role) => `${role.kind}\u0000${role.name}`));
    // The role names the object (resourceNames), or the workload is its namesake: it makes this one, not any.
    const namingRoles = new Set(
      roles.filter((role) => namesResource(role.get(['rules']), name)).map((role) => `${role.kind}\u0000${role.name}`),
    );
    if (creatingRoles.size === 0) return undefined;
    const accounts = new Map<string, boolean>();
    for (const binding of [...this.objectsOfKind('RoleBinding', object), ...this.appliedTogetherOfKind('ClusterRoleBinding', object)]) {
      const ref = asRecord(binding.get(['roleRef']));
      const role = `${String(ref.kind)}\u0000${String(ref.name)}`;
      if (!creatingRoles.has(role)) continue;
      const subjects = binding.get(['subjects']);
      for (const subject of Array.isArray(subjects) ? subjects : []) {
        const s = asRecord(subject);
        if (s.kind === 'ServiceAccount' && typeof s.name === 'string') accounts.set(s.name, accounts.get(s.name) || namingRoles.has(role));
      }
    }
    return workloads.find((w) => {
      const account = w.podSpec.serviceAccountName ?? w.podSpec.serviceAccount;
      const naming = accounts.get(typeof account === 'string' && account !== '' ? account : 'default');
      return naming === true || (naming === false && w.name !== null && (name === w.name || name.startsWith(`${w.name}-`)));
    });
  }

  /** Whether a file next to `object` could not be read into objects (its target may be there). */
  besideUnreadInput(object: Placed): boolean {
    return this.unreadDirectories.has(path.dirname(object.source.path));
  }

  /**
   * Whether the object is unrendered input of a kustomization (a kustomization file beside it):
   * kustomize may still add labels and selectors (commonLabels, labels), containers (patches), or a namespace.
   */
  inKustomization(object: Placed): boolean {
    return this.kustomizationDirectories.has(path.dirname(object.source.path));
  }

  /**
   * A custom resource of the namespace that plausibly owns the pods a selector looks for: an
   * operator names or labels its pods after its custom resource, so one whose name is a selector
   * value, whose labels satisfy the selector, or whose pod template (spec.template, as in an Argo
   * Rollout) carries the labels, is taken as the pods' owner.
   */
  podOwnerFor(object: Placed, selector: Labels): K8sObject | undefined {
    const values = new Set(Object.values(selector));
    const creators = this.podCreators(object);
    countWork(creators.length);
    return creators.find(
      (cr) =>
        (cr.name !== null && values.has(cr.name)) ||
        equalitySelectorMatches(selector, cr.labels) ||
        equalitySelectorMatches(selector, readLabels(cr.get(['spec', 'template', 'metadata', 'labels']))),
    );
  }

  /**
   * A custom resource of the namespace that plausibly created an object of this name: an operator
   * names what it makes after its custom resource (`<name>`, `<name>-<suffix>`); a custom resource
   * of any kind may name it in `spec.secretName` (cert-manager's Certificate) or `spec.target.name`
   * (an ExternalSecret), and a custom *Secret kind makes its namesake (a SealedSecret).
   */
  objectOwnerFor(object: Placed, name: string): K8sObject | undefined {
    this.customIndex ??= this.index(
      this.set.objects.filter((o) => !isBuiltin(o.kind, o.group)),
      (o) => o,
    );
    const custom = this.customIndex.of(object);
    countWork(custom.length);
    return custom.find(
      (cr) =>
        (mayCreatePods(cr) && cr.name !== null && cr.name !== '' && (name === cr.name || name.startsWith(`${cr.name}-`))) ||
        // SealedSecret, ExternalSecret (its target defaults to its own name) and the like.
        (/Secret/.test(cr.kind) && cr.name === name) ||
        cr.get(['spec', 'secretName']) === name ||
        cr.get(['spec', 'target', 'name']) === name,
    );
  }

  private labelIndex(workloads: readonly Workload[]): LabelIndex {
    let index = this.labelIndexes.get(workloads);
    if (!index) this.labelIndexes.set(workloads, (index = new LabelIndex(workloads)));
    return index;
  }
}
