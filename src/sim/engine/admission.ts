import { isRecord, type Raw } from '../../util/raw.js';
import type { ApiObject } from '../types.js';
import { filtersScheduling, firstUntoleratedTaint, labelsOf, nodeTermsMatch, readNodeTerms, readTaints, readTolerations } from './match.js';

/**
 * What the API server and the DaemonSet controller do to a pod before the scheduler sees it:
 * request defaulting, the Priority and DefaultTolerationSeconds admission plugins, and the
 * DaemonSet controller's per-node pods.
 */

/** Built-in classes every cluster has (pkg/apis/scheduling SystemPriorityClasses). */
const SYSTEM_PRIORITY: Record<string, number> = { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 };

export interface PriorityClassInfo {
  value: number;
  preemptionPolicy: string;
}

export interface PriorityClasses {
  byName: Map<string, PriorityClassInfo>;
  globalDefault: { name: string; info: PriorityClassInfo } | null;
  /** Admitted specs by original spec: replicas sharing one spec object share its admitted copy. */
  admittedSpecs: WeakMap<object, Raw>;
}

export function readPriorityClasses(objects: ApiObject[]): PriorityClasses {
  const byName = new Map<string, PriorityClassInfo>();
  for (const [name, value] of Object.entries(SYSTEM_PRIORITY)) byName.set(name, { value, preemptionPolicy: 'PreemptLowerPriority' });
  let globalDefault: PriorityClasses['globalDefault'] = null;
  for (const pc of objects) {
    const name = String(isRecord(pc.metadata) ? (pc.metadata.name ?? '') : '');
    const info = { value: Number(pc.value ?? 0), preemptionPolicy: String(pc.preemptionPolicy ?? 'PreemptLowerPriority') };
    byName.set(name, info);
    // With several globalDefault classes the API server takes the one with the lowest value (getDefaultPriorityClass).
    if (pc.globalDefault === true && (!globalDefault || info.value < globalDefault.info.value)) globalDefault = { name, info };
  }
  return { byName, globalDefault, admittedSpecs: new WeakMap() };
}

/** Whether running pods need their priority computed: kubectl output already carries spec.priority. */
export function admittedPriority(spec: Raw, classes: PriorityClasses): number {
  if (typeof spec.priority === 'number') return spec.priority;
  const name = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (name) return classes.byName.get(name)?.value ?? 0;
  return classes.globalDefault?.info.value ?? 0;
}

export type AdmissionResult = { pod: ApiObject } | { error: string };

/** API defaulting and admission for a pod about to be created (the pods to place, not the running ones). */
export function admitPod(original: ApiObject, classes: PriorityClasses): AdmissionResult {
  const shared = isRecord(original.spec) ? classes.admittedSpecs.get(original.spec) : undefined;
  if (shared) return { pod: { ...original, metadata: isRecord(original.metadata) ? { ...original.metadata } : {}, spec: shared } };
  const pod = copyForAdmission(original);
  const meta = pod.metadata as Raw;
  const spec = pod.spec as Raw;
  defaultRequests(spec);
  defaultHostPorts(spec);
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (className) {
    const info = classes.byName.get(className);
    if (!info) return { error: `pods "${String(meta.name ?? '')}" is forbidden: no PriorityClass with name ${className} was found` };
    spec.priority = info.value;
    spec.preemptionPolicy = info.preemptionPolicy;
  } else if (classes.globalDefault) {
    spec.priorityClassName = classes.globalDefault.name;
    spec.priority = classes.globalDefault.info.value;
    spec.preemptionPolicy = classes.globalDefault.info.preemptionPolicy;
  } else {
    spec.priority = 0;
    if (typeof spec.preemptionPolicy !== 'string') spec.preemptionPolicy = 'PreemptLowerPriority';
  }
  addDefaultTolerationSeconds(spec);
  if (isRecord(original.spec)) classes.admittedSpecs.set(original.spec, spec);
  return { pod };
}

/** Defaulting of bound pods as read from files: requests from limits; priority from the class when kubectl did not print it. */
export function admitRunningPod(original: ApiObject, classes: PriorityClasses): ApiObject {
  const pod = copyForAdmission(original);
  const spec = pod.spec as Raw;
  defaultRequests(spec);
  defaultHostPorts(spec);
  spec.priority = admittedPriority(spec, classes);
  return pod;
}

/** A copy of the parts admission changes (spec, containers, their resources and ports), sharing the rest with the original. */
function copyForAdmission(original: ApiObject): Raw {
  const spec: Raw = isRecord(original.spec) ? { ...original.spec } : {};
  for (const key of ['containers', 'initContainers']) {
    if (Array.isArray(spec[key])) spec[key] = (spec[key] as unknown[]).map((c) => (isRecord(c) ? copyContainer(c) : c));
  }
  if (isRecord(spec.resources)) spec.resources = copyResources(spec.resources);
  return { ...original, metadata: isRecord(original.metadata) ? { ...original.metadata } : {}, spec };
}

function copyContainer(c: Raw): Raw {
  const out: Raw = { ...c };
  if (isRecord(c.resources)) out.resources = copyResources(c.resources);
  if (Array.isArray(c.ports)) out.ports = c.ports.map((p) => (isRecord(p) ? { ...p } : p));
  return out;
}

function copyResources(r: Raw): Raw {
  const out: Raw = { ...r };
  if (isRecord(r.requests)) out.requests = { ...r.requests };
  return out;
}

/** SetDefaults_Pod: a container's limit becomes its request when the request is not set (pod-level resources too). */
function defaultRequests(spec: Raw): void {
  for (const key of ['containers', 'initContainers']) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    for (const c of list) if (isRecord(c) && isRecord(c.resources)) copyLimits(c.resources);
  }
  if (isRecord(spec.resources)) copyLimits(spec.resources);
}

function copyLimits(resources: Raw): void {
  if (!isRecord(resources.limits)) return;
  const requests = (isRecord(resources.requests) ? resources.requests : {}) as Raw;
  for (const [name, value] of Object.entries(resources.limits)) if (!(name in requests)) requests[name] = value;
  resources.requests = requests;
}

/** With hostNetwork, an unset hostPort defaults to the containerPort (SetDefaults_Pod). */
function defaultHostPorts(spec: Raw): void {
  if (spec.hostNetwork !== true) return;
  for (const key of ['containers', 'initContainers']) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isRecord(c) || !Array.isArray(c.ports)) continue;
      for (const p of c.ports) if (isRecord(p) && !p.hostPort && typeof p.containerPort === 'number') p.hostPort = p.containerPort;
    }
  }
}

/** DefaultTolerationSeconds: 300 s for not-ready and unreachable unless a toleration already covers them. */
function addDefaultTolerationSeconds(spec: Raw): void {
  const tolerations = readTolerations(spec.tolerations);
  const covers = (key: string) => tolerations.some((t) => (t.key === key || t.key === '') && (t.effect === 'NoExecute' || t.effect === ''));
  const added: Raw[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!covers(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (added.length) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

/** The tolerations the DaemonSet controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
function daemonTolerations(hostNetwork: boolean): Raw[] {
  const list: Raw[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) list.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return list;
}

/**
 * One pod per node the DaemonSet controller would run it on (NodeShouldRunDaemonPod: node name,
 * nodeSelector and required node affinity, NoSchedule/NoExecute taints with the added tolerations),
 * named `<template name>-<node>` and pinned with a matchFields metadata.name term.
 */
export function daemonPods(template: ApiObject, nodes: ApiObject[]): ApiObject[] {
  const spec = isRecord(template.spec) ? template.spec : {};
  const added = daemonTolerations(spec.hostNetwork === true);
  const tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : [])];
  for (const t of added) {
    if (!tolerations.some((e) => isRecord(e) && e.key === t.key && e.effect === t.effect && e.operator === t.operator)) tolerations.push(t);
  }
  const parsedTolerations = readTolerations(tolerations);
  const selector = labelsOf(spec.nodeSelector);
  const affinity = isRecord(spec.affinity) && isRecord(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : undefined;
  const required =
    affinity && isRecord(affinity.requiredDuringSchedulingIgnoredDuringExecution)
      ? affinity.requiredDuringSchedulingIgnoredDuringExecution
      : undefined;
  const terms = required ? readNodeTerms(required.nodeSelectorTerms) : undefined;
  const meta = isRecord(template.metadata) ? template.metadata : {};
  const out: ApiObject[] = [];
  for (const node of nodes) {
    const nodeMeta = isRecord(node.metadata) ? node.metadata : {};
    const name = String(nodeMeta.name ?? '');
    const labels = labelsOf(nodeMeta.labels);
    if (typeof spec.nodeName === 'string' && spec.nodeName && spec.nodeName !== name) continue;
    if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
    if (terms && !nodeTermsMatch(terms, name, labels)) continue;
    const taints = readTaints(isRecord(node.spec) ? node.spec.taints : undefined);
    if (firstUntoleratedTaint(taints, parsedTolerations, filtersScheduling)) continue;
    const pod = structuredClone(template) as Raw;
    const podSpec = (isRecord(pod.spec) ? pod.spec : (pod.spec = {})) as Raw;
    pod.metadata = { ...structuredClone(meta), name: `${String(meta.name ?? '')}-${name}` };
    podSpec.tolerations = structuredClone(tolerations);
    podSpec.affinity = pinnedAffinity(podSpec.affinity, name);
    out.push(pod);
  }
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one matchFields term naming the node. */
function pinnedAffinity(affinity: unknown, node: string): Raw {
  const copy = (isRecord(affinity) ? affinity : {}) as Raw;
  const nodeAffinity = (isRecord(copy.nodeAffinity) ? copy.nodeAffinity : (copy.nodeAffinity = {})) as Raw;
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
  };
  return copy;
}
