/**
 * The declared workloads -> the pods their controllers would create, for the scheduler to place.
 *
 * Pod names: StatefulSet pods are `<statefulset>-<ordinal>` exactly as the controller names them (from
 * `spec.ordinals.start`, default 0), with their claims `<template>-<statefulset>-<ordinal>`. Every other
 * controller gives its pods a random suffix, so kube-intent names them `<workload>-<n>` with n from 1
 * (Deployments, ReplicaSets, ReplicationControllers, Jobs, CronJobs). A bare Pod keeps its name (a
 * generateName one gets `<generateName>1`); a DaemonSet yields one template the engine copies per node.
 *
 * Counts: replicas (default 1), or the minReplicas of the HPA that scales the workload (maxReplicas for the
 * full-scale pass); none when replicas is 0 (the HPA is then disabled). Jobs run min(parallelism,
 * completions) pods at once, CronJobs one run of their Job; suspended ones none.
 *
 * Admission as the API server applies it before the scheduler sees the pod: requests copied from limits,
 * LimitRange defaults (src/k8s), the default StorageClass on claims that name none. Priority, the
 * DefaultTolerationSeconds tolerations and the DaemonSet tolerations are the engine's (src/sim/types.ts).
 */
import { readReplicaBounds } from '../../k8s/hpa-bounds.js';
import { readStorageClass, BETA_CLAIM_CLASS_ANNOTATION } from '../../k8s/storage.js';
import { admittedResources } from '../../k8s/resources.js';
import type { ManifestSet } from '../../model/manifest-set.js';
import type { K8sObject } from '../../model/object.js';
import { referenceScope, type ReferenceScope } from '../../model/scope.js';
import type { Workload } from '../../model/workload.js';
import { asRecord, isRecord, record, type Raw } from '../../util/raw.js';
import type { ApiObject, PodOrigin, PodToPlace } from '../types.js';

/** Namespace of objects that declare none: where `kubectl apply` puts them without `-n`. */
export const DEFAULT_NAMESPACE = 'default';

export interface ExpandOptions {
  /** minimum: replicas, or the HPA's minReplicas (steady state); maximum: the HPA's maxReplicas (full scale). */
  scale?: 'minimum' | 'maximum';
  /** StorageClasses of the cluster files (the set's own are added): the default one is given to claims that name none. */
  clusterStorageClasses?: readonly ApiObject[];
}

/** A workload whose pod count an HPA sets, so the full-scale pass differs from the steady one. */
export interface AutoscaledWorkload {
  origin: PodOrigin;
  minReplicas: number;
  maxReplicas: number;
}

export interface ExpandedManifests {
  pods: PodToPlace[];
  /** Declared claims (namespace defaulted), then those of StatefulSet templates and generic ephemeral volumes. */
  persistentVolumeClaims: ApiObject[];
  persistentVolumes: ApiObject[];
  storageClasses: ApiObject[];
  priorityClasses: ApiObject[];
  autoscaled: AutoscaledWorkload[];
}

export function expandManifests(set: ManifestSet, options: ExpandOptions = {}): ExpandedManifests {
  const scope = referenceScope(set);
  const storageClasses = set.ofKind('StorageClass').map((o) => copy(o.raw));
  const defaultClass = defaultStorageClass([...(options.clusterStorageClasses ?? []), ...storageClasses]);
  const claims: ApiObject[] = set.ofKind('PersistentVolumeClaim').map((o) => withNamespace(copy(o.raw), o.namespace));
  const expander = new PodExpander(set, scope, options.scale ?? 'minimum');
  for (const workload of set.workloads) expander.add(workload);
  claims.push(...expander.claims);
  return {
    pods: expander.pods,
    persistentVolumeClaims: defaultClass ? claims.map((c) => withStorageClass(c, defaultClass)) : claims,
    persistentVolumes: set.ofKind('PersistentVolume').map((o) => copy(o.raw)),
    storageClasses,
    priorityClasses: set.ofKind('PriorityClass').map((o) => copy(o.raw)),
    autoscaled: expander.autoscaled,
  };
}

/** How many pods run for a workload, and whether an HPA decides it. */
function podCount(
  workload: Workload,
  scope: ReferenceScope,
  scale: 'minimum' | 'maximum',
): { count: number; autoscaled?: AutoscaledWorkload } {
  const spec = asRecord(workload.object.get(['spec']));
  switch (workload.kind) {
    case 'Job':
      return { count: jobPods(spec) };
    case 'CronJob':
      return { count: spec.suspend === true ? 0 : jobPods(asRecord(record(spec.jobTemplate)?.spec)) };
    case 'Pod':
      return { count: 1 };
    case 'DaemonSet':
      return { count: 1 };
    default: {
      const replicas = workload.replicas ?? 1;
      const hpa = scope.autoscalersByTarget().get(workload.object);
      // An HPA leaves a workload scaled to zero alone ("scaling is disabled").
      if (!hpa || replicas === 0) return { count: replicas };
      const bounds = readReplicaBounds(asRecord(hpa.get(['spec'])));
      const maxReplicas = Math.max(bounds.maxReplicas ?? bounds.minReplicas, bounds.minReplicas);
      return {
        count: scale === 'maximum' ? maxReplicas : bounds.minReplicas,
        autoscaled: { origin: originOf(workload.object), minReplicas: bounds.minReplicas, maxReplicas },
      };
    }
  }
}

/** Pods a Job runs at once: parallelism (default 1), at most completions; none while suspended. */
function jobPods(jobSpec: Raw): number {
  if (jobSpec.suspend === true) return 0;
  const parallelism = typeof jobSpec.parallelism === 'number' ? jobSpec.parallelism : 1;
  return typeof jobSpec.completions === 'number' ? Math.min(parallelism, jobSpec.completions) : parallelism;
}

class PodExpander {
  readonly pods: PodToPlace[] = [];
  readonly claims: ApiObject[] = [];
  readonly autoscaled: AutoscaledWorkload[] = [];

  constructor(
    private readonly set: ManifestSet,
    private readonly scope: ReferenceScope,
    private readonly scale: 'minimum' | 'maximum',
  ) {}

  add(workload: Workload): void {
    const { object } = workload;
    const name = object.name ?? generatedName(object);
    if (name === undefined || !Array.isArray(workload.podSpec.containers) || this.ownedBySetObject(object)) return;
    const { count, autoscaled } = podCount(workload, this.scope, this.scale);
    if (autoscaled) this.autoscaled.push(autoscaled);
    if (count <= 0) return;
    const namespace = object.namespace ?? DEFAULT_NAMESPACE;
    const origin = originOf(object);
    const template = this.admittedTemplate(workload);
    const owner = ownerOf(workload, name);
    const hasAnnotations = Object.keys(workload.podAnnotations).length > 0;
    const metadata = (podName: string, extraLabels: Record<string, string>): Raw => ({
      name: podName,
      namespace,
      labels: { ...workload.podLabels, ...extraLabels },
      ...(hasAnnotations ? { annotations: { ...workload.podAnnotations } } : {}),
      ...owner,
    });
    const pod = (podName: string, extraLabels: Record<string, string> = {}, spec: Raw = { ...template }): ApiObject => {
      const created: ApiObject = { apiVersion: 'v1', kind: 'Pod', metadata: metadata(podName, extraLabels), spec };
      this.claims.push(...ephemeralClaims(created));
      return created;
    };
    switch (workload.kind) {
      case 'DaemonSet':
        this.pods.push({ pod: pod(name, { 'controller-revision-hash': `${name}-${safeHash(namespace, name)}` }), origin, perNode: true });
        return;
      case 'Pod':
        this.pods.push({ pod: pod(name), origin });
        return;
      case 'StatefulSet':
        return this.addStatefulSet(workload, count, origin, template, pod);
      case 'Job':
      case 'CronJob':
        return this.addJobPods(workload, count, origin, pod);
      default: {
        const labels: Record<string, string> = workload.kind === 'Deployment' ? { 'pod-template-hash': safeHash(namespace, name) } : {};
        for (let n = 1; n <= count; n++) this.pods.push({ pod: pod(`${name}-${n}`, labels), origin });
      }
    }
  }

  private addStatefulSet(
    workload: Workload,
    count: number,
    origin: PodOrigin,
    template: Raw,
    pod: (name: string, labels?: Record<string, string>, spec?: Raw) => ApiObject,
  ): void {
    const name = workload.object.name!;
    const namespace = workload.object.namespace ?? DEFAULT_NAMESPACE;
    const spec = asRecord(workload.object.get(['spec']));
    const start = typeof record(spec.ordinals)?.start === 'number' ? (record(spec.ordinals)!.start as number) : 0;
    const templates = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).filter(
      (t): t is Raw => isRecord(t) && typeof record(t.metadata)?.name === 'string',
    );
    const selectorLabels = workload.selector?.matchLabels ?? {};
    const revision = `${name}-${safeHash(namespace, name)}`;
    for (let ordinal = start; ordinal < start + count; ordinal++) {
      const podName = `${name}-${ordinal}`;
      const podSpec: Raw = { ...template };
      podSpec.hostname = podName;
      if (typeof spec.serviceName === 'string' && spec.serviceName !== '') podSpec.subdomain = spec.serviceName;
      const claimVolumes: Raw[] = [];
      for (const template of templates) {
        const templateName = String(record(template.metadata)!.name);
        const claimName = `${templateName}-${name}-${ordinal}`;
        const templateMeta = asRecord(template.metadata);
        this.claims.push({
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name: claimName,
            namespace,
            labels: { ...record(templateMeta.labels), ...selectorLabels },
            ...(isRecord(templateMeta.annotations) ? { annotations: { ...templateMeta.annotations } } : {}),
          },
          spec: JSON.parse(JSON.stringify(template.spec ?? {})),
        });
        claimVolumes.push({ name: templateName, persistentVolumeClaim: { claimName } });
      }
      if (claimVolumes.length) {
        const claimed = new Set(claimVolumes.map((v) => v.name));
        const others = (Array.isArray(podSpec.volumes) ? podSpec.volumes : []).filter((v) => !claimed.has(record(v)?.name as string));
        podSpec.volumes = [...claimVolumes, ...others];
      }
      const labels = {
        'apps.kubernetes.io/pod-index': String(ordinal),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': podName,
      };
      this.pods.push({ pod: pod(podName, labels, podSpec), origin });
    }
  }

  private addJobPods(
    workload: Workload,
    count: number,
    origin: PodOrigin,
    pod: (name: string, labels?: Record<string, string>) => ApiObject,
  ): void {
    const name = workload.object.name!;
    const jobSpec = asRecord(
      workload.kind === 'CronJob' ? record(workload.object.get(['spec', 'jobTemplate']))?.spec : workload.object.get(['spec']),
    );
    const indexed = jobSpec.completionMode === 'Indexed';
    for (let n = 1; n <= count; n++) {
      const labels: Record<string, string> = { 'batch.kubernetes.io/job-name': name, 'job-name': name };
      if (indexed) labels['batch.kubernetes.io/job-completion-index'] = String(n - 1);
      this.pods.push({ pod: pod(`${name}-${n}`, labels), origin });
    }
  }

  /**
   * The pod spec after API defaulting and LimitRanger, built once per workload and deep-frozen: its pods share
   * it below their own top-level spec (the engine copies pods before it changes them; a stray write throws).
   */
  private admittedTemplate(workload: Workload): Raw {
    const defaults = this.scope.limitRanges(workload.object)?.defaults;
    const spec = copy(workload.podSpec);
    for (const list of ['initContainers', 'containers'] as const) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      for (const container of containers) {
        if (!isRecord(container)) continue;
        const { requests, limits } = admittedResources(container, defaults);
        container.resources = {
          ...record(container.resources),
          ...(Object.keys(requests).length ? { requests } : {}),
          ...(Object.keys(limits).length ? { limits } : {}),
        };
      }
    }
    return deepFreeze(spec);
  }

  /** Objects whose controller is declared in the same set (a ReplicaSet of a listed Deployment): the controller stands for them. */
  private ownedBySetObject(object: K8sObject): boolean {
    const owners = record(object.raw.metadata)?.ownerReferences;
    if (!Array.isArray(owners)) return false;
    return owners.some(
      (o) =>
        isRecord(o) &&
        o.controller === true &&
        typeof o.kind === 'string' &&
        typeof o.name === 'string' &&
        this.set.get(o.kind, object.namespace, o.name) !== undefined,
    );
  }
}

/** A bare Pod with only `metadata.generateName`: the API server appends a random suffix; kube-intent appends 1. */
function generatedName(object: K8sObject): string | undefined {
  const generateName = record(object.raw.metadata)?.generateName;
  return object.kind === 'Pod' && typeof generateName === 'string' && generateName !== '' ? `${generateName}1` : undefined;
}

/** The PVCs the ephemeral volume controller creates for a pod's generic ephemeral volumes: `<pod>-<volume>`. */
function ephemeralClaims(pod: ApiObject): ApiObject[] {
  const metadata = asRecord(pod.metadata);
  const volumes = asRecord(pod.spec).volumes;
  if (!Array.isArray(volumes)) return [];
  const out: ApiObject[] = [];
  for (const volume of volumes) {
    const template = record(record(record(volume)?.ephemeral)?.volumeClaimTemplate);
    if (!template) continue;
    const templateMeta = asRecord(template.metadata);
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: `${String(metadata.name)}-${String(record(volume)!.name)}`,
        namespace: metadata.namespace,
        ...(isRecord(templateMeta.labels) ? { labels: { ...templateMeta.labels } } : {}),
        ...(isRecord(templateMeta.annotations) ? { annotations: { ...templateMeta.annotations } } : {}),
      },
      spec: JSON.parse(JSON.stringify(template.spec ?? {})),
    });
  }
  return out;
}

/** The controller reference a created pod carries; Deployment pods belong to its ReplicaSet, CronJob pods to its Job. */
function ownerOf(workload: Workload, name: string): { ownerReferences?: Raw[] } {
  const namespace = workload.object.namespace ?? DEFAULT_NAMESPACE;
  const ref = (apiVersion: string, kind: string, ownerName: string) => ({
    ownerReferences: [{ apiVersion, kind, name: ownerName, controller: true }],
  });
  switch (workload.kind) {
    case 'Pod':
      return {};
    case 'Deployment':
      return ref('apps/v1', 'ReplicaSet', `${name}-${safeHash(namespace, name)}`);
    case 'CronJob':
      return ref('batch/v1', 'Job', name);
    case 'ReplicationController':
      return ref('v1', 'ReplicationController', name);
    case 'Job':
      return ref('batch/v1', 'Job', name);
    default:
      return ref('apps/v1', workload.kind, name);
  }
}

export function originOf(object: K8sObject): PodOrigin {
  const location = object.locate([]);
  return {
    kind: object.kind,
    namespace: object.namespace ?? DEFAULT_NAMESPACE,
    name: object.name ?? '',
    file: location.file,
    line: location.line,
  };
}

/** The StorageClass admission gives claims that name none: the one marked default (the last declared when several are). */
function defaultStorageClass(classes: readonly ApiObject[]): string | undefined {
  const defaults = classes.map((c) => readStorageClass(c)).filter((c) => c.isDefault && c.name !== '');
  return defaults[defaults.length - 1]?.name;
}

function withStorageClass(claim: ApiObject, className: string): ApiObject {
  const spec = asRecord(claim.spec);
  const annotations = record(record(claim.metadata)?.annotations);
  if (spec.storageClassName !== undefined || annotations?.[BETA_CLAIM_CLASS_ANNOTATION] !== undefined) return claim;
  return { ...claim, spec: { ...spec, storageClassName: className } };
}

function withNamespace(object: ApiObject, namespace: string | null): ApiObject {
  return { ...object, metadata: { ...asRecord(object.metadata), namespace: namespace ?? DEFAULT_NAMESPACE } };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A deep copy without the parser's hidden span tables. */
function copy(raw: Raw): Raw {
  return JSON.parse(JSON.stringify(raw));
}

/** A stable stand-in for the hashes controllers put in names and labels (pod-template-hash), in their alphabet. */
function safeHash(namespace: string, name: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 0x811c9dc5;
  for (const ch of `${namespace}/${name}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.imul(h ^ i, 0x01000193) >>> 0;
  }
  return out;
}
