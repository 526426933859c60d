/**
 * A ClusterProfile (kind ClusterProfile, kube-intent.io/v1alpha1) expanded into the v1 Node objects a
 * cluster of that shape would have. Pure: the loader validates the document against profile.schema.json
 * first and places the problems returned here in the file.
 */
import type { Path } from '../../types.js';
import { closest } from '../../util/edit-distance.js';
import { DEFAULT_KUBERNETES_VERSION, type ApiObject, type KubernetesVersion, type ResourceAmounts } from '../types.js';
import { DEFAULT_DISK_BYTES, DEFAULT_MAX_PODS, allocatableFor, machineCapacity, type Provider } from './allocatable.js';
import { eniMaxPods, instanceType, instanceTypeNames, type InstanceType } from './catalogue.js';
import { POOL_LABEL, formatAmounts, readAmounts } from './node-labels.js';

export const PROFILE_API_VERSION = 'kube-intent.io/v1alpha1';
export const PROFILE_KIND = 'ClusterProfile';

type Quantities = Record<string, string | number>;

export interface NodePoolSpec {
  name: string;
  count?: number;
  countPerZone?: number;
  zones?: string[];
  instanceType?: string;
  capacity?: Quantities;
  allocatable?: Quantities;
  maxPods?: number;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  unschedulable?: boolean;
  os?: 'linux' | 'windows';
  arch?: string;
}

/** The document as profile.schema.json accepts it. */
export interface ClusterProfile {
  apiVersion: typeof PROFILE_API_VERSION;
  kind: typeof PROFILE_KIND;
  metadata?: { name?: string };
  kubernetesVersion?: string | number;
  provider?: Provider;
  region?: string;
  zones?: string[];
  nodePools: NodePoolSpec[];
  /** Requests of the system DaemonSets the linted set does not show (kube-proxy, CNI, logging), per node. */
  systemOverheadPerNode?: { requests: Quantities; pods?: number };
}

/** Something wrong with a profile that the schema cannot say, at a key path of the document. */
export interface ProfileProblem {
  path: Path;
  message: string;
}

export interface ExpandedProfile {
  kubernetesVersion: KubernetesVersion;
  provider: Provider;
  nodes: ApiObject[];
  /** One bound pod per node (more with `systemOverheadPerNode.pods`) that holds the declared system overhead. */
  overheadPods: ApiObject[];
  problems: ProfileProblem[];
}

/** More nodes than this is a typo (countPerZone: 10000), not a cluster to simulate. */
export const MAX_PROFILE_NODES = 20000;

/** Label marking the pods that stand for `systemOverheadPerNode`. */
export const SYSTEM_OVERHEAD_LABEL = 'kube-intent.io/system-overhead';

export function expandProfile(profile: ClusterProfile): ExpandedProfile {
  const provider = profile.provider ?? 'generic';
  const kubernetesVersion = (
    profile.kubernetesVersion === undefined ? DEFAULT_KUBERNETES_VERSION : String(profile.kubernetesVersion)
  ) as KubernetesVersion;
  const problems: ProfileProblem[] = [];
  const nodes: ApiObject[] = [];
  const seenPools = new Set<string>();
  profile.nodePools.forEach((pool, index) => {
    const at = (...rest: Array<string | number>): Path => ['nodePools', index, ...rest];
    if (seenPools.has(pool.name)) problems.push({ path: at('name'), message: `node pool "${pool.name}" is declared twice` });
    seenPools.add(pool.name);
    const shape = poolShape(pool, provider, at, problems);
    const placement = poolPlacement(pool, profile, at, problems);
    if (!shape || !placement) return;
    if (nodes.length + placement.length > MAX_PROFILE_NODES) {
      problems.push({ path: at(), message: `the profile declares more than ${MAX_PROFILE_NODES} nodes` });
      return;
    }
    const shared = poolNodeParts(pool, shape, kubernetesVersion);
    for (const { zone, ordinal } of placement) nodes.push(buildNode(pool, shape, shared, provider, profile, zone, ordinal));
  });
  const seenNodes = new Set<string>();
  for (const node of nodes) {
    const name = nodeName(node);
    if (seenNodes.has(name))
      problems.push({ path: ['nodePools'], message: `two node pools generate the node name "${name}"; rename one pool` });
    seenNodes.add(name);
  }
  const overheadPods = profile.systemOverheadPerNode
    ? nodes.flatMap((n) => systemOverheadPods(nodeName(n), profile.systemOverheadPerNode!))
    : [];
  return { kubernetesVersion, provider, nodes, overheadPods, problems };
}

interface PoolShape {
  capacity: ResourceAmounts;
  allocatable: ResourceAmounts;
  instanceType?: InstanceType;
}

/** Capacity and allocatable of one pool's nodes: catalogue and formula, overridden resource by resource by what the pool states. */
function poolShape(
  pool: NodePoolSpec,
  provider: Provider,
  at: (...rest: Array<string | number>) => Path,
  problems: ProfileProblem[],
): PoolShape | undefined {
  let type: InstanceType | undefined;
  if (pool.instanceType !== undefined) {
    type = instanceType(pool.instanceType);
    if (!type) {
      const known = instanceTypeNames(provider);
      const near = closest(pool.instanceType, known);
      problems.push({
        path: at('instanceType'),
        message: `unknown instance type "${pool.instanceType}"${near ? ` (did you mean ${near}?)` : ''}; the built-in catalogue has ${known.join(', ')}; or give capacity (cpu, memory) instead`,
      });
      return undefined;
    }
    if (provider !== 'generic' && type.provider !== provider) {
      problems.push({
        path: at('instanceType'),
        message: `${type.name} is a ${type.provider.toUpperCase()} machine type, but the profile's provider is ${provider}`,
      });
      return undefined;
    }
  }
  const explicitCapacity = readAmounts(pool.capacity ?? {});
  const explicitAllocatable = readAmounts(pool.allocatable ?? {});
  const maxPods =
    pool.maxPods ??
    explicitAllocatable.pods ??
    explicitCapacity.pods ??
    (provider === 'eks' && type?.enis ? eniMaxPods(type.enis) : DEFAULT_MAX_PODS);
  let capacity: ResourceAmounts;
  let machineMemory: number | undefined;
  if (type) {
    capacity = machineCapacity(
      provider,
      { cpuCores: type.cpuCores, memoryBytes: type.memoryBytes, diskBytes: DEFAULT_DISK_BYTES[provider] },
      maxPods,
    );
    Object.assign(capacity, type.extended);
    machineMemory = explicitCapacity.memory === undefined ? type.memoryBytes : undefined;
  } else {
    capacity = { 'ephemeral-storage': DEFAULT_DISK_BYTES[provider], pods: maxPods };
    // Only allocatable given: the node reports at least that much capacity.
    for (const [name, amount] of Object.entries(explicitAllocatable)) if (explicitCapacity[name] === undefined) capacity[name] = amount;
  }
  Object.assign(capacity, explicitCapacity, { pods: maxPods });
  if (capacity.cpu === undefined || capacity.memory === undefined) {
    problems.push({
      path: at(),
      message: `node pool "${pool.name}" needs an instanceType, or capacity (or allocatable) with cpu and memory`,
    });
    return undefined;
  }
  const allocatable = { ...allocatableFor(provider, capacity, maxPods, machineMemory), ...explicitAllocatable, pods: maxPods };
  for (const [name, amount] of Object.entries(allocatable)) {
    if (amount > (capacity[name] ?? 0))
      problems.push({ path: at('allocatable', name), message: `allocatable ${name} is larger than the node's capacity` });
  }
  return { capacity, allocatable, instanceType: type };
}

/** Where each node of a pool goes: zones round-robin for `count`, every zone for `countPerZone`; ordinals count per zone from 1. */
function poolPlacement(
  pool: NodePoolSpec,
  profile: ClusterProfile,
  at: (...rest: Array<string | number>) => Path,
  problems: ProfileProblem[],
): Array<{ zone: string | undefined; ordinal: number }> | undefined {
  const zones = pool.zones ?? profile.zones;
  if (pool.count !== undefined && pool.countPerZone !== undefined) {
    problems.push({ path: at('countPerZone'), message: 'give either count (spread over the zones) or countPerZone, not both' });
    return undefined;
  }
  if (pool.countPerZone !== undefined) {
    if (!zones) {
      problems.push({ path: at('countPerZone'), message: 'countPerZone needs zones, on the pool or the profile' });
      return undefined;
    }
    return zones.flatMap((zone) => Array.from({ length: pool.countPerZone! }, (_, i) => ({ zone, ordinal: i + 1 })));
  }
  if (pool.count === undefined) {
    problems.push({ path: at(), message: `node pool "${pool.name}" needs count (nodes in all) or countPerZone` });
    return undefined;
  }
  const perZone = new Map<string | undefined, number>();
  return Array.from({ length: pool.count }, (_, i) => {
    const zone = zones?.[i % zones.length];
    const ordinal = (perZone.get(zone) ?? 0) + 1;
    perZone.set(zone, ordinal);
    return { zone, ordinal };
  });
}

/** What every node of a pool has alike, built once and frozen: the nodes share it (the engine only reads nodes). */
function poolNodeParts(pool: NodePoolSpec, shape: PoolShape, version: KubernetesVersion): { spec: ApiObject; status: ApiObject } {
  const spec: ApiObject = {};
  if (pool.taints?.length)
    spec.taints = pool.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect }));
  if (pool.unschedulable) spec.unschedulable = true;
  const status = {
    capacity: formatAmounts(shape.capacity),
    allocatable: formatAmounts(shape.allocatable),
    conditions: [{ type: 'Ready', status: 'True' }],
    nodeInfo: { kubeletVersion: `v${version}.0`, operatingSystem: pool.os ?? 'linux', architecture: pool.arch ?? 'amd64' },
  };
  return deepFreeze({ spec, status });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function buildNode(
  pool: NodePoolSpec,
  shape: PoolShape,
  shared: { spec: ApiObject; status: ApiObject },
  provider: Provider,
  profile: ClusterProfile,
  zone: string | undefined,
  ordinal: number,
): ApiObject {
  const name = [pool.name, zone && dnsLabel(zone), ordinal].filter((p) => p !== undefined).join('-');
  const os = pool.os ?? 'linux';
  const arch = pool.arch ?? 'amd64';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': os,
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': os,
  };
  if (shape.instanceType) labels['node.kubernetes.io/instance-type'] = shape.instanceType.name;
  const region = profile.region ?? (zone ? regionOf(provider, zone) : undefined);
  if (region) labels['topology.kubernetes.io/region'] = region;
  if (zone) labels['topology.kubernetes.io/zone'] = zone;
  labels[POOL_LABEL[provider]] = pool.name;
  if (provider === 'aks') labels.agentpool = pool.name;
  Object.assign(labels, pool.labels);
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: shared.spec, status: shared.status };
}

/** A zone name as part of a node name: lowercase letters, digits and dashes. */
function dnsLabel(zone: string): string {
  return zone.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** The region a zone name belongs to, by each cloud's naming: europe-west1-b, us-east-1a, westeurope-1. */
export function regionOf(provider: Provider, zone: string): string | undefined {
  const pattern =
    provider === 'gke' ? /^(.+)-[a-z]$/ : provider === 'eks' ? /^(.+\d)[a-z]$/ : provider === 'aks' ? /^(.+)-\d+$/ : undefined;
  return pattern?.exec(zone)?.[1];
}

function nodeName(node: ApiObject): string {
  return (node.metadata as { name: string }).name;
}

/** Bound pods that hold a node's system overhead; they tolerate every taint and outrank anything that could preempt them. */
export function systemOverheadPods(node: string, overhead: NonNullable<ClusterProfile['systemOverheadPerNode']>): ApiObject[] {
  const count = overhead.pods ?? 1;
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: count === 1 ? `system-overhead-${node}` : `system-overhead-${node}-${i + 1}`,
      namespace: 'kube-system',
      labels: { [SYSTEM_OVERHEAD_LABEL]: 'true' },
    },
    spec: {
      nodeName: node,
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      tolerations: [{ operator: 'Exists' }],
      // The first pod carries the whole request; the others only take a pod slot each.
      containers: [{ name: 'overhead', image: 'system-overhead', resources: i === 0 ? { requests: { ...overhead.requests } } : {} }],
    },
    status: { phase: 'Running' },
  }));
}
