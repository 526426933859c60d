import { aggregatePod } from '../../k8s/resources.js';
import { parseQuantity } from '../../k8s/quantity.js';
import { isRecord, type Raw } from '../../util/raw.js';
import type { ApiObject, KubernetesVersion, ResourceAmounts } from '../types.js';
import {
  compileSelector,
  labelKeyRequirements,
  labelsOf,
  readNodeTerms,
  readTolerations,
  type Labels,
  type NodeTerm,
  type Selector,
  type Toleration,
} from './match.js';

/** A pod compiled once for the scheduling loop: requests, tolerations, selectors and terms. */

export interface Resources {
  cpu: number;
  memory: number;
  ephemeral: number;
  /** Extended resources, hugepages, attachable volumes (the scheduler's ScalarResources); null when none. */
  scalar: Map<string, number> | null;
}

export interface PodTerm {
  namespaces: Set<string>;
  namespaceSelector: Selector;
  selector: Selector;
  topologyKey: string;
  weight: number;
  /** Canonical text (with the owner's namespace resolved), to group equal terms of many pods. */
  key: string;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorTaints: boolean;
  hard: boolean;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  key: string;
  namespace: string;
  name: string;
  labels: Labels;
  /** `key=value` of every label (the hints counters are indexed by). */
  labelHints: string[];
  pod: ApiObject;
  priority: number;
  preemptNever: boolean;
  requests: Resources;
  nonZeroCpu: number;
  nonZeroMemory: number;
  tolerations: Toleration[];
  nodeSelector: Labels | null;
  requiredNodeTerms: NodeTerm[] | null;
  preferredNodeTerms: Array<{ weight: number; term: NodeTerm }>;
  hostPorts: HostPort[];
  spread: SpreadConstraint[];
  /** The system default constraints (scoring only), when the pod has none and a default spread selector is known. */
  defaultSpread: SpreadConstraint[];
  requiredAffinity: PodTerm[];
  requiredAntiAffinity: PodTerm[];
  preferredAffinity: PodTerm[];
  preferredAntiAffinity: PodTerm[];
  /** Claim names of persistentVolumeClaim and ephemeral volumes (the latter `<pod>-<volume>`), in volume order. */
  claims: Array<{ name: string; ephemeral: boolean }>;
  inlineDisks: string[];
  images: string[];
  containerCount: number;
  nodeName: string;
  startTime: number | null;
}

const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

// Pods of one workload repeat the same few quantity texts: parse each text once.
const milliCache = new Map<unknown, number>();
const unitCache = new Map<unknown, number>();

/** Quantity.MilliValue(): rounds up to a whole millicore. */
export function milli(raw: unknown): number {
  let v = milliCache.get(raw);
  if (v === undefined) {
    const q = parseQuantity(raw);
    v = q ? roundUp(q.value * 1000) : 0;
    if (milliCache.size < 10_000) milliCache.set(raw, v);
  }
  return v;
}

/** Quantity.Value(): rounds up to a whole unit. */
export function units(raw: unknown): number {
  let v = unitCache.get(raw);
  if (v === undefined) {
    const q = parseQuantity(raw);
    v = q ? roundUp(q.value) : 0;
    if (unitCache.size < 10_000) unitCache.set(raw, v);
  }
  return v;
}

function roundUp(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
}

/** Resource names the scheduler tracks beyond cpu, memory, ephemeral-storage and pods (IsScalarResourceName). */
export function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (name.includes('kubernetes.io/')) return true;
  return name.includes('/') && !name.startsWith('requests.');
}

function containers(spec: Raw, key: string): Raw[] {
  const v = spec[key];
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

function requestsOf(c: Raw): Raw {
  return isRecord(c.resources) && isRecord(c.resources.requests) ? c.resources.requests : {};
}

function amountOf(name: string, raw: unknown): number {
  return name === 'cpu' ? milli(raw) : units(raw);
}

/** PodRequests: containers, init containers and sidecars (aggregatePod), pod-level requests (1.34), overhead. */
export function podRequests(spec: Raw, version: KubernetesVersion): ResourceAmounts {
  const names = new Set<string>();
  for (const c of [...containers(spec, 'containers'), ...containers(spec, 'initContainers')])
    for (const n of Object.keys(requestsOf(c))) names.add(n);
  const out: ResourceAmounts = {};
  for (const name of names) out[name] = aggregatePod(spec, (c) => amountOf(name, requestsOf(c)[name]));
  if (version === '1.34' && isRecord(spec.resources) && isRecord(spec.resources.requests)) {
    for (const [name, raw] of Object.entries(spec.resources.requests)) {
      if (name === 'cpu' || name === 'memory' || name.startsWith('hugepages-')) out[name] = amountOf(name, raw);
    }
  }
  if (isRecord(spec.overhead)) for (const [name, raw] of Object.entries(spec.overhead)) out[name] = (out[name] ?? 0) + amountOf(name, raw);
  return out;
}

/** The same with 100m / 200Mi for every container without a cpu / memory request (NonMissingContainerRequests), for scoring. */
function nonZeroRequests(spec: Raw, version: KubernetesVersion): { cpu: number; memory: number } {
  const of = (name: 'cpu' | 'memory', fallback: number) => (c: Raw) => {
    const r = requestsOf(c);
    return name in r ? amountOf(name, r[name]) : fallback;
  };
  let cpu = aggregatePod(spec, of('cpu', DEFAULT_MILLI_CPU));
  let memory = aggregatePod(spec, of('memory', DEFAULT_MEMORY));
  if (version === '1.34' && isRecord(spec.resources) && isRecord(spec.resources.requests)) {
    if ('cpu' in spec.resources.requests) cpu = milli(spec.resources.requests.cpu);
    if ('memory' in spec.resources.requests) memory = units(spec.resources.requests.memory);
  }
  if (isRecord(spec.overhead)) {
    cpu += milli(spec.overhead.cpu);
    memory += units(spec.overhead.memory);
  }
  return { cpu, memory };
}

function toResources(amounts: ResourceAmounts): Resources {
  const r: Resources = { cpu: amounts.cpu ?? 0, memory: amounts.memory ?? 0, ephemeral: amounts['ephemeral-storage'] ?? 0, scalar: null };
  for (const [name, value] of Object.entries(amounts)) {
    if (!isScalarResource(name) || value === 0) continue;
    (r.scalar ??= new Map()).set(name, value);
  }
  return r;
}

function readTerms(raw: unknown, weighted: boolean, pod: { namespace: string; labels: Labels }): PodTerm[] {
  if (!Array.isArray(raw)) return [];
  const out: PodTerm[] = [];
  for (const item of raw.filter(isRecord)) {
    const term = weighted ? item.podAffinityTerm : item;
    if (!isRecord(term)) continue;
    const weight = weighted ? Number(item.weight ?? 0) : 1;
    const explicit = Array.isArray(term.namespaces) ? term.namespaces.map(String) : [];
    const nsSelectorRaw = term.namespaceSelector;
    const namespaces = new Set(explicit.length === 0 && !isRecord(nsSelectorRaw) ? [pod.namespace] : explicit);
    const namespaceSelector = compileSelector(nsSelectorRaw);
    const selector = compileSelector(term.labelSelector, labelKeyRequirements(term.matchLabelKeys, term.mismatchLabelKeys, pod.labels));
    const topologyKey = String(term.topologyKey ?? '');
    const key = `${[...namespaces].sort().join(',')}|${namespaceSelector.key}|${selector.key}|${topologyKey}|${weight}`;
    out.push({ namespaces, namespaceSelector, selector, topologyKey, weight, key });
  }
  return out;
}

export function termMatches(term: PodTerm, pod: PodInfo): boolean {
  if (!term.namespaces.has(pod.namespace) && !term.namespaceSelector.matches({ 'kubernetes.io/metadata.name': pod.namespace }))
    return false;
  return term.selector.matches(pod.labels);
}

function readSpread(raw: unknown, labels: Labels): SpreadConstraint[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((c) => {
    const extra = labelKeyRequirements(c.matchLabelKeys, undefined, labels);
    return {
      maxSkew: Number(c.maxSkew ?? 1),
      topologyKey: String(c.topologyKey ?? ''),
      selector: compileSelector(c.labelSelector, extra),
      minDomains: typeof c.minDomains === 'number' ? c.minDomains : 1,
      honorNodeAffinity: c.nodeAffinityPolicy !== 'Ignore',
      honorTaints: c.nodeTaintsPolicy === 'Honor',
      hard: c.whenUnsatisfiable !== 'ScheduleAnyway',
    };
  });
}

function readHostPorts(spec: Raw): HostPort[] {
  const out: HostPort[] = [];
  for (const c of containers(spec, 'containers')) {
    if (!Array.isArray(c.ports)) continue;
    for (const p of c.ports.filter(isRecord)) {
      const port = Number(p.hostPort ?? 0);
      if (!(port > 0)) continue;
      out.push({
        ip: typeof p.hostIP === 'string' && p.hostIP ? p.hostIP : '0.0.0.0',
        protocol: typeof p.protocol === 'string' && p.protocol ? p.protocol : 'TCP',
        port,
      });
    }
  }
  return out;
}

/** Inline disks VolumeRestrictions compares across pods of a node: GCE PD and EBS volumes by name. */
function readInlineDisks(spec: Raw): string[] {
  const out: string[] = [];
  for (const v of Array.isArray(spec.volumes) ? spec.volumes.filter(isRecord) : []) {
    if (isRecord(v.gcePersistentDisk) && v.gcePersistentDisk.readOnly !== true) out.push(`gce:${String(v.gcePersistentDisk.pdName ?? '')}`);
    if (isRecord(v.awsElasticBlockStore)) out.push(`ebs:${String(v.awsElasticBlockStore.volumeID ?? '')}`);
  }
  return out;
}

/** The default profile's system default constraints (podtopologyspread defaultConstraints, defaultingType System). */
function systemDefaultSpread(selectorRaw: unknown): SpreadConstraint[] {
  const selector = compileSelector(selectorRaw);
  if (selector.everything || selector.nothing) return [];
  return [
    {
      maxSkew: 3,
      topologyKey: 'kubernetes.io/hostname',
      selector,
      minDomains: 1,
      honorNodeAffinity: true,
      honorTaints: false,
      hard: false,
    },
    {
      maxSkew: 5,
      topologyKey: 'topology.kubernetes.io/zone',
      selector,
      minDomains: 1,
      honorNodeAffinity: true,
      honorTaints: false,
      hard: false,
    },
  ];
}

/** What a pod's spec alone determines, computed once per spec object (replicas of a workload share theirs). */
type SpecFacts = Pick<
  PodInfo,
  | 'priority'
  | 'preemptNever'
  | 'requests'
  | 'nonZeroCpu'
  | 'nonZeroMemory'
  | 'tolerations'
  | 'nodeSelector'
  | 'requiredNodeTerms'
  | 'preferredNodeTerms'
  | 'hostPorts'
  | 'inlineDisks'
  | 'images'
  | 'containerCount'
  | 'nodeName'
>;

function specFacts(spec: Raw, version: KubernetesVersion): SpecFacts {
  const amounts = podRequests(spec, version);
  const nonZero = nonZeroRequests(spec, version);
  const affinity = isRecord(spec.affinity) ? spec.affinity : {};
  const nodeAffinity = isRecord(affinity.nodeAffinity) ? affinity.nodeAffinity : {};
  const required = isRecord(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)
    ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
    : null;
  const preferred = Array.isArray(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution)
    ? nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.filter(isRecord)
    : [];
  const all = [...containers(spec, 'initContainers'), ...containers(spec, 'containers')];
  return {
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
    preemptNever: spec.preemptionPolicy === 'Never',
    requests: toResources(amounts),
    nonZeroCpu: nonZero.cpu,
    nonZeroMemory: nonZero.memory,
    tolerations: readTolerations(spec.tolerations),
    nodeSelector: isRecord(spec.nodeSelector) ? labelsOf(spec.nodeSelector) : null,
    requiredNodeTerms: required ? readNodeTerms(required.nodeSelectorTerms) : null,
    preferredNodeTerms: preferred
      .map((p) => ({ weight: Number(p.weight ?? 0), term: readNodeTerms([p.preference])[0] }))
      .filter((p) => p.term && p.weight !== 0),
    hostPorts: readHostPorts(spec),
    inlineDisks: readInlineDisks(spec),
    images: all.map((c) => String(c.image ?? '')),
    containerCount: all.length,
    nodeName: typeof spec.nodeName === 'string' ? spec.nodeName : '',
  };
}

/** What a pod's spec, namespace and labels determine (selectors with matchLabelKeys, affinity terms). */
type LabelParts = Pick<
  PodInfo,
  | 'labels'
  | 'labelHints'
  | 'spread'
  | 'defaultSpread'
  | 'requiredAffinity'
  | 'requiredAntiAffinity'
  | 'preferredAffinity'
  | 'preferredAntiAffinity'
>;

const labelPartsCache = new WeakMap<SpecFacts, Map<string, LabelParts>>();

function labelParts(spec: Raw, namespace: string, labels: Labels, defaultSpreadSelector: unknown): LabelParts {
  const affinity = isRecord(spec.affinity) ? spec.affinity : {};
  const podAffinity = isRecord(affinity.podAffinity) ? affinity.podAffinity : {};
  const podAnti = isRecord(affinity.podAntiAffinity) ? affinity.podAntiAffinity : {};
  const self = { namespace, labels };
  const ownSpread = Array.isArray(spec.topologySpreadConstraints) && spec.topologySpreadConstraints.length > 0;
  return {
    labels,
    labelHints: Object.keys(labels).map((k) => `${k}=${labels[k]}`),
    spread: ownSpread ? readSpread(spec.topologySpreadConstraints, labels) : [],
    defaultSpread: ownSpread ? [] : systemDefaultSpread(defaultSpreadSelector),
    requiredAffinity: readTerms(podAffinity.requiredDuringSchedulingIgnoredDuringExecution, false, self),
    requiredAntiAffinity: readTerms(podAnti.requiredDuringSchedulingIgnoredDuringExecution, false, self),
    preferredAffinity: readTerms(podAffinity.preferredDuringSchedulingIgnoredDuringExecution, true, self),
    preferredAntiAffinity: readTerms(podAnti.preferredDuringSchedulingIgnoredDuringExecution, true, self),
  };
}

export function compilePod(
  pod: ApiObject,
  version: KubernetesVersion,
  defaultSpreadSelector?: unknown,
  cache?: WeakMap<object, SpecFacts>,
): PodInfo {
  const meta = isRecord(pod.metadata) ? pod.metadata : {};
  const spec = isRecord(pod.spec) ? pod.spec : {};
  let facts = cache?.get(spec);
  if (!facts) {
    facts = specFacts(spec, version);
    cache?.set(spec, facts);
  }
  const namespace = String(meta.namespace ?? 'default');
  const name = String(meta.name ?? '');
  // Replicas share spec, namespace and labels: compile their selectors and terms once (and share the objects).
  let byLabels = cache ? labelPartsCache.get(facts) : undefined;
  if (cache && !byLabels) labelPartsCache.set(facts, (byLabels = new Map()));
  const partsKey = byLabels ? `${namespace}\n${JSON.stringify(meta.labels ?? null)}\n${JSON.stringify(defaultSpreadSelector ?? null)}` : '';
  let parts = byLabels?.get(partsKey);
  if (!parts) {
    parts = labelParts(spec, namespace, labelsOf(meta.labels), defaultSpreadSelector);
    byLabels?.set(partsKey, parts);
  }
  const claims: PodInfo['claims'] = [];
  for (const v of Array.isArray(spec.volumes) ? spec.volumes.filter(isRecord) : []) {
    if (isRecord(v.persistentVolumeClaim)) claims.push({ name: String(v.persistentVolumeClaim.claimName ?? ''), ephemeral: false });
    else if (isRecord(v.ephemeral)) claims.push({ name: `${name}-${String(v.name ?? '')}`, ephemeral: true });
  }
  const status = isRecord(pod.status) ? pod.status : {};
  const start = typeof status.startTime === 'string' ? Date.parse(status.startTime) : NaN;
  // Fields listed one by one (not spread from facts) so that every PodInfo has one hidden class.
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    labels: parts.labels,
    labelHints: parts.labelHints,
    pod,
    spread: parts.spread,
    defaultSpread: parts.defaultSpread,
    requiredAffinity: parts.requiredAffinity,
    requiredAntiAffinity: parts.requiredAntiAffinity,
    preferredAffinity: parts.preferredAffinity,
    preferredAntiAffinity: parts.preferredAntiAffinity,
    claims,
    startTime: Number.isNaN(start) ? null : start,
    priority: facts.priority,
    preemptNever: facts.preemptNever,
    requests: facts.requests,
    nonZeroCpu: facts.nonZeroCpu,
    nonZeroMemory: facts.nonZeroMemory,
    tolerations: facts.tolerations,
    nodeSelector: facts.nodeSelector,
    requiredNodeTerms: facts.requiredNodeTerms,
    preferredNodeTerms: facts.preferredNodeTerms,
    hostPorts: facts.hostPorts,
    inlineDisks: facts.inlineDisks,
    images: facts.images,
    containerCount: facts.containerCount,
    nodeName: facts.nodeName,
  };
}

/** Spec text without the name: pods of one workload share it (caches of per-shape answers). */
export function podShape(p: PodInfo): string {
  const spec = isRecord(p.pod.spec) ? p.pod.spec : {};
  return `${p.namespace}\n${JSON.stringify(p.labels)}\n${JSON.stringify(spec)}`;
}

/** The requests as the contract reports them (cpu in millicores). */
export function requestAmounts(p: PodInfo): ResourceAmounts {
  const out: ResourceAmounts = {};
  if (p.requests.cpu) out.cpu = p.requests.cpu;
  if (p.requests.memory) out.memory = p.requests.memory;
  if (p.requests.ephemeral) out['ephemeral-storage'] = p.requests.ephemeral;
  for (const [k, v] of p.requests.scalar ?? []) out[k] = v;
  return out;
}
