import type { ScaleTargetRef } from '../k8s/hpa.js';
import type { LabelSelector, Labels } from '../k8s/labels.js';
import type { NamespaceLimitRanges } from '../k8s/limitrange.js';
import type { ManifestSet } from './manifest-set.js';
import type { K8sObject } from './object.js';
import { isSharedNamespace, type ReferenceScope } from './scope.js';
import type { Workload } from './workload.js';

/**
 * One object and what else applies to it, as the input would be applied: every cross-object
 * question a rule asks, answered from the reference scope (src/model/scope.ts). Objects of
 * unrelated folders that happen to share a namespace key (none, `default`) are never part of it.
 */
export class Surroundings {
  constructor(
    readonly object: K8sObject,
    private readonly scope: ReferenceScope,
    private readonly set: ManifestSet,
  ) {}

  /** The object seen as a workload (Pod, Deployment, ..., CronJob of the built-in groups). */
  get workload(): Workload | undefined {
    return this.set.workloadOf(this.object);
  }

  /** The workloads applied to this object's namespace. */
  workloads(): readonly Workload[] {
    return this.scope.workloads(this.object);
  }

  /** Workloads of this namespace whose pods a set-based selector (PDB, NetworkPolicy, controller) matches; {} matches all. */
  workloadsMatching(selector: LabelSelector): Workload[] {
    return this.scope.workloadsMatching(this.object, selector);
  }

  /** Workloads of this namespace whose pods carry every key=value of an equality selector (a Service's). */
  workloadsWithLabels(labels: Labels): Workload[] {
    return this.scope.workloadsWithLabels(this.object, labels);
  }

  /**
   * Workloads shipped in this object's directory tree but declaring another namespace, whose pods
   * carry every key=value: where a selector's pods are when the namespaces disagree.
   */
  workloadsInOtherNamespaces(labels: Labels): Workload[] {
    return this.scope
      .workloadsAppliedTogetherWithLabels(this.object, labels)
      .filter((w) => (w.namespace ?? '') !== (this.object.namespace ?? ''));
  }

  /** For a Service: the workloads whose pods it sends traffic to. */
  serviceTargets(): Workload[] {
    return this.scope.workloadsSelectedByService(this.object);
  }

  /** For a workload: the Services that select its pods. */
  services(): readonly K8sObject[] {
    const workload = this.workload;
    return workload ? this.scope.servicesSelecting(workload) : [];
  }

  /** For a workload: the PodDisruptionBudgets whose selector covers its pods. */
  disruptionBudgets(): readonly K8sObject[] {
    const workload = this.workload;
    return workload ? this.scope.budgetsSelecting(workload) : [];
  }

  /** The HorizontalPodAutoscaler (first declared) that scales this object. */
  autoscaler(): K8sObject | undefined {
    return this.scope.autoscalersByTarget().get(this.object);
  }

  /** For an HPA: the object it scales, when the set has it here. */
  scaleTarget(): K8sObject | undefined {
    return this.scope.autoscalerTarget(this.object);
  }

  /** The object a scaleTargetRef-style reference from this object reaches (API group checked). */
  resolve(ref: ScaleTargetRef): K8sObject | undefined {
    return this.scope.resolveRef(this.object, ref);
  }

  /**
   * For a workload: the fewest pods it runs at steady state, the minReplicas of the HPA that
   * scales it, else its own replica count (undefined for DaemonSets).
   */
  minimumScale(): { replicas: number | undefined; autoscaler?: K8sObject } {
    const workload = this.workload;
    return workload ? this.scope.minimumScale(workload) : { replicas: undefined };
  }

  /** Objects of a kind applied to this object's namespace, in input order. */
  objects(kind: string): readonly K8sObject[] {
    return this.scope.objectsOfKind(kind, this.object);
  }

  /** The object of a kind and name a reference from this object reaches: the last declared in its namespace. */
  named(kind: string, name: string): K8sObject | undefined {
    return this.scope.named(kind, this.object, name);
  }

  /**
   * Whether an object of a kind and name may be the one this object refers to: here, or shipped in
   * its directory tree with a namespace on one side only (applied wherever kubectl points that side).
   */
  mayReachNamed(kind: string, name: string): boolean {
    return this.scope.mayReachNamed(kind, this.object, name);
  }

  /** Every object of a kind and name here (a set may declare one several times), in input order. */
  allNamed(kind: string, name: string): readonly K8sObject[] {
    return this.scope.allNamed(kind, this.object, name);
  }

  /**
   * Objects of a kind shipped in this object's directory tree, whatever namespace they declare: the
   * cluster-scoped kinds (StorageClass, PriorityClass) an app brings along.
   */
  shippedWith(kind: string): readonly K8sObject[] {
    return this.scope.appliedTogetherOfKind(kind, this.object);
  }

  /** The LimitRanges governing this namespace and the defaults they supply; undefined: none here. */
  limitRanges(): NamespaceLimitRanges<K8sObject> | undefined {
    return this.scope.limitRanges(this.object);
  }

  /** The ResourceQuotas governing this namespace. */
  resourceQuotas(): readonly K8sObject[] {
    return this.scope.admissionPolicy('ResourceQuota', this.object);
  }

  /**
   * Whether the object is judged by directory tree in a folder of alternatives (examples, install
   * flavours) rather than one application (ReferenceScope.amongAlternatives): a partner missing
   * here may be in another example, and objects of other files may be alternatives to this one.
   */
  get amongAlternatives(): boolean {
    return this.scope.amongAlternatives(this.object);
  }

  /** Whether another object is an alternative to this one (among alternatives, from another, non-companion file). */
  alternativeTo(other: K8sObject): boolean {
    return this.scope.alternativeTo(this.object, other);
  }

  /**
   * Whether kustomize has yet to render this object (a kustomization file beside it): it may
   * still add labels, selectors, containers or a namespace.
   */
  get unrendered(): boolean {
    return this.scope.inKustomization(this.object);
  }

  /**
   * Whether the namespace this object is applied to is taken from its directory tree: it declares
   * none, or a shared one (`default`, `kube-system`), so the objects it is judged with are those of
   * its folders, where unrelated examples often sit side by side.
   */
  get namespaceFromFolder(): boolean {
    return isSharedNamespace(this.object.namespace);
  }

  /** A workload applied here that plausibly creates the ConfigMap or Secret `name` when it runs (ReferenceScope.configCreatorFor). */
  configCreatorFor(kind: 'ConfigMap' | 'Secret', name: string): Workload | undefined {
    return this.scope.configCreatorFor(this.object, kind, name);
  }

  /**
   * Whether a missing partner can be concluded here: no file beside the object failed to read,
   * it is not unrendered kustomization input nor among alternatives (the partner may be in another
   * example), and, when it looks for pods with `pods` labels, the
   * namespace shows workloads and no custom resource whose operator may own such pods; when it
   * looks for an object by `name` (a Service, a Secret), no custom resource of the namespace whose
   * operator may create it (its name is that name or a dash-separated prefix of it, as
   * `quickstart` of ECK's `quickstart-kb-http`).
   */
  canJudge(pods?: Labels, name?: string): boolean {
    if (this.scope.besideUnreadInput(this.object) || this.unrendered || this.amongAlternatives) return false;
    if (name !== undefined && this.scope.objectOwnerFor(this.object, name)) return false;
    return !pods || (this.workloads().length > 0 && !this.scope.podOwnerFor(this.object, pods));
  }
}
