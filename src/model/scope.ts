import path from 'node:path';
import { readScaleTargetRef, type ScaleTargetRef } from '../k8s/hpa.js';
import { equalitySelectorMatches, readLabels, type Labels } from '../k8s/labels.js';
import { BUILTIN_GROUPS } from './kinds.js';
import { namespaceKey, type ManifestSet } from './manifest-set.js';
import type { K8sObject } from './object.js';
import type { Workload } from './workload.js';

/** Parse-level problems after which a file's objects may be missing from the set. */
const UNREAD_INPUT = ['yaml-syntax', 'helm-template-unrendered', 'file-unreadable'];

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Namespaces many unrelated installs share: like an undeclared one, compared within a directory only. */
const SHARED_NAMESPACES = ['default', 'kube-system'];

/** Custom kinds that configure traffic, monitoring or certificates around pods but never create any. */
const NON_POD_CUSTOM_KINDS = [
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Probe',
  'ScrapeConfig',
  'VirtualService',
  'DestinationRule',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'Certificate',
  'ScaledObject',
  'VerticalPodAutoscaler',
];

/**
 * What a cross-object reference can be judged against, so that a partial set stays silent.
 * Objects that declare no namespace are applied wherever the user points them; when they come from
 * different directories they usually end up in different namespaces, so an object without a
 * namespace (or in a namespace many installs share: default, kube-system) is only compared with
 * objects of the same directory, or of a directory inside or above it.
 */
export class ReferenceScope {
  private readonly unreadDirectories = new Set<string>();
  private readonly kustomizationDirectories = new Set<string>();
  private readonly customByNamespace = new Map<string, K8sObject[]>();
  private readonly byKindAndNamespace = new Map<string, Map<string, K8sObject[]>>();

  constructor(private readonly set: ManifestSet) {
    for (const problem of set.problems) {
      if (UNREAD_INPUT.includes(problem.ruleId)) this.unreadDirectories.add(path.dirname(problem.location.file));
    }
    for (const file of set.files) {
      if (KUSTOMIZATION_FILES.includes(path.basename(file.path))) this.kustomizationDirectories.add(path.dirname(file.path));
    }
    for (const object of set.objects) {
      if (!isCustomResource(object) || NON_POD_CUSTOM_KINDS.includes(object.kind)) continue;
      push(this.customByNamespace, namespaceKey(object.namespace), object);
    }
  }

  /** The workloads of `object`'s namespace it can refer to. */
  workloads(object: K8sObject): Workload[] {
    return this.set.workloadsIn(object.namespace).filter((w) => this.sameScope(object, w.object));
  }

  /** Of workloads found by a namespace-wide look-up, those `object` can refer to. */
  inScope(object: K8sObject, workloads: readonly Workload[]): Workload[] {
    return workloads.filter((w) => this.sameScope(object, w.object));
  }

  /** The object a scaleTargetRef-style reference names, among those `object` can refer to. */
  resolveRef(object: K8sObject, ref: ScaleTargetRef): K8sObject | undefined {
    const found = this.set.resolveRef(object.namespace, ref);
    if (!found || this.sameScope(object, found)) return found;
    const candidates = this.objectsOfKind(ref.kind, object).filter((o) => o.name === ref.name && o.group === found.group);
    return candidates[candidates.length - 1];
  }

  /** The HPA (first declared) that scales each object, keyed by the target object. */
  autoscalersByTarget(): Map<K8sObject, K8sObject> {
    const out = new Map<K8sObject, K8sObject>();
    for (const hpa of this.set.ofKind('HorizontalPodAutoscaler')) {
      const target = this.autoscalerTarget(hpa);
      if (target && !out.has(target)) out.set(target, hpa);
    }
    return out;
  }

  /** The object an HPA scales, when the set has it in scope. */
  autoscalerTarget(hpa: K8sObject): K8sObject | undefined {
    const spec = hpa.get(['spec']);
    const ref = spec !== null && typeof spec === 'object' ? readScaleTargetRef(spec as Record<string, unknown>) : undefined;
    return ref && this.resolveRef(hpa, ref);
  }

  /** Objects of a kind in `object`'s namespace that it can refer to. */
  objectsOfKind(kind: string, object: K8sObject): K8sObject[] {
    let byNamespace = this.byKindAndNamespace.get(kind);
    if (!byNamespace) {
      byNamespace = new Map();
      for (const o of this.set.ofKind(kind)) push(byNamespace, namespaceKey(o.namespace), o);
      this.byKindAndNamespace.set(kind, byNamespace);
    }
    return (byNamespace.get(namespaceKey(object.namespace)) ?? []).filter((o) => this.sameScope(object, o));
  }

  /** Whether a file next to `object` could not be read into objects (its target may be there). */
  besideUnreadInput(object: K8sObject): boolean {
    return this.unreadDirectories.has(path.dirname(object.source.path));
  }

  /**
   * Whether the object is unrendered input of a kustomization (a kustomization file beside it):
   * kustomize may still add labels and selectors (commonLabels, labels), containers (patches), or a namespace.
   */
  inKustomization(object: K8sObject): boolean {
    return this.kustomizationDirectories.has(path.dirname(object.source.path));
  }

  /**
   * A custom resource of the namespace that plausibly owns the pods a selector looks for: an
   * operator names or labels its pods after its custom resource, so one whose name is a selector
   * value, whose labels satisfy the selector, or whose pod template (spec.template, as in an Argo
   * Rollout) carries the labels, is taken as the pods' owner.
   */
  podOwnerFor(object: K8sObject, selector: Labels): K8sObject | undefined {
    const values = new Set(Object.values(selector));
    const candidates = this.customByNamespace.get(namespaceKey(object.namespace)) ?? [];
    return candidates.find(
      (cr) =>
        (cr.name !== null && values.has(cr.name)) ||
        equalitySelectorMatches(selector, cr.labels) ||
        equalitySelectorMatches(selector, readLabels(cr.get(['spec', 'template', 'metadata', 'labels']))),
    );
  }

  /** Same directory, or one directory inside the other (an app's files split into subfolders). */
  private sameScope(object: K8sObject, other: K8sObject): boolean {
    if (object.namespace !== null && !SHARED_NAMESPACES.includes(object.namespace)) return true;
    const a = path.dirname(object.source.path);
    const b = path.dirname(other.source.path);
    return a === b || b.startsWith(a + path.sep) || a.startsWith(b + path.sep);
  }
}

/** A kind from an API group of its own (dotted, not a built-in *.k8s.io group; sigs' x-k8s.io groups are custom). */
function isCustomResource(object: K8sObject): boolean {
  if (BUILTIN_GROUPS[object.kind] && BUILTIN_GROUPS[object.kind].includes(object.group)) return false;
  const group = object.group;
  return group.includes('.') && (!group.endsWith('.k8s.io') || group.endsWith('.x-k8s.io'));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
