/**
 * Node capacity and allocatable from a machine's nominal size, by the reservation formulas each provider
 * publishes (../shared/docs/scheduling.md 4.2): allocatable = capacity - kube-reserved - system-reserved -
 * hard eviction threshold. Cloud figures are estimates: a real node's numbers come from `kubectl get nodes`.
 */
import type { ResourceAmounts } from '../types.js';

export type Provider = 'gke' | 'eks' | 'aks' | 'generic';
export const PROVIDERS: readonly Provider[] = ['gke', 'eks', 'aks', 'generic'];

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** A machine as sold: vCPUs, memory and boot disk before the kernel, the kubelet or the OS take their share. */
export interface MachineSize {
  cpuCores: number;
  memoryBytes: number;
  /** Boot disk, used as ephemeral-storage capacity. */
  diskBytes: number;
}

/** The kubelet's default hard eviction threshold for memory on Linux (`memory.available<100Mi`), which all four apply. */
const MEMORY_EVICTION = 100 * MiB;
/** Default hard eviction threshold for the node file system (`nodefs.available<10%`). */
const NODEFS_EVICTION_SHARE = 0.1;

/**
 * Boot disk size when the profile gives no ephemeral-storage: the providers' default node disk
 * (GKE 100 GB, EKS managed node groups 20 GiB, AKS 128 GB OS disk); generic clusters are assumed to have 100 GiB.
 */
export const DEFAULT_DISK_BYTES: Record<Provider, number> = { gke: 100 * GiB, eks: 20 * GiB, aks: 128 * GiB, generic: 100 * GiB };

/** The pods a node accepts when the profile does not say: kubelet's default 110 (GKE Standard's too); EKS derives it from the ENI limits. */
export const DEFAULT_MAX_PODS = 110;

/** Sum over tiers of (the part of `amount` inside the tier) x rate; the last tier is open-ended. */
function tiered(amount: number, tiers: ReadonlyArray<readonly [size: number, rate: number]>): number {
  let left = amount;
  let total = 0;
  for (const [size, rate] of tiers) {
    const part = Math.min(left, size);
    total += part * rate;
    left -= part;
    if (left <= 0) break;
  }
  return total;
}

/** GKE's (and EKS's) CPU reservation in millicores: 6% of the first core, 1% of the next, 0.5% of the next 2, 0.25% above 4. */
export function progressiveCpuReservation(cores: number): number {
  return Math.round(
    tiered(cores * 1000, [
      [1000, 0.06],
      [1000, 0.01],
      [2000, 0.005],
      [Infinity, 0.0025],
    ]),
  );
}

/** GKE's memory reservation: 255 MiB below 1 GiB; else 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above 128 GiB. */
export function gkeMemoryReservation(memoryBytes: number): number {
  if (memoryBytes < GiB) return 255 * MiB;
  return tiered(memoryBytes, [
    [4 * GiB, 0.25],
    [4 * GiB, 0.2],
    [8 * GiB, 0.1],
    [112 * GiB, 0.06],
    [Infinity, 0.02],
  ]);
}

/**
 * What the kernel keeps from a GCE machine before the kubelet sees it (cluster-autoscaler's
 * gce_reserved.go estimate): mem/64 + 16 MiB, + 64 MiB swiotlb above 3 GiB, + 8 MiB up to 8 GiB,
 * plus the COS correction min(0.175% of memory, 248 MiB).
 */
export function gceKernelReservation(memoryBytes: number): number {
  let reserved = memoryBytes / 64 + 16 * MiB;
  if (memoryBytes > 3 * GiB) reserved += 64 * MiB;
  if (memoryBytes <= 8 * GiB) reserved += 8 * MiB;
  return reserved + Math.min(0.00175 * memoryBytes, 248 * MiB);
}

/** Share of an EC2 instance's memory the hypervisor and kernel keep (Karpenter's default `--vm-memory-overhead-percent`). */
const EC2_MEMORY_OVERHEAD = 0.075;

/** AKS CPU kube-reserved by core count (learn.microsoft.com "Node resource reservations"). */
const AKS_CPU_RESERVED: ReadonlyArray<readonly [cores: number, millicores: number]> = [
  [1, 60],
  [2, 100],
  [4, 140],
  [8, 180],
  [16, 260],
  [32, 420],
  [64, 740],
];

/** AKS's CPU reservation; a core count between two rows of the table takes the smaller row's value. */
export function aksCpuReservation(cores: number): number {
  let reserved = AKS_CPU_RESERVED[0][1];
  for (const [count, millicores] of AKS_CPU_RESERVED) if (cores >= count) reserved = millicores;
  return reserved;
}

/** AKS (1.29+) memory kube-reserved: min(20 MiB x maxPods + 50 MiB, 25% of memory). */
export function aksMemoryReservation(memoryBytes: number, maxPods: number): number {
  return Math.min((20 * maxPods + 50) * MiB, 0.25 * memoryBytes);
}

/** EKS memory kube-reserved: 11 MiB per pod + 255 MiB. */
export function eksMemoryReservation(maxPods: number): number {
  return (11 * maxPods + 255) * MiB;
}

/**
 * What the kubelet reports as capacity on a machine of this size: the memory the kernel leaves
 * (GKE: gce_reserved.go's estimate; EKS: Karpenter's 7.5% VM overhead; AKS and generic: the nominal
 * size, for want of a published figure), the boot disk as ephemeral-storage, and max pods.
 * cpu in millicores, memory and ephemeral-storage in bytes rounded down to whole MiB.
 */
export function machineCapacity(provider: Provider, size: MachineSize, maxPods: number): ResourceAmounts {
  let memory = size.memoryBytes;
  if (provider === 'gke') memory -= gceKernelReservation(size.memoryBytes);
  if (provider === 'eks') memory *= 1 - EC2_MEMORY_OVERHEAD;
  return { cpu: Math.round(size.cpuCores * 1000), memory: floorMiB(memory), 'ephemeral-storage': floorMiB(size.diskBytes), pods: maxPods };
}

/**
 * Allocatable from capacity: capacity minus the provider's kube-reserved and the hard eviction
 * thresholds (memory 100Mi, nodefs 10%); pods and extended resources are not reserved.
 * `machineMemoryBytes` is the nominal machine memory GKE's tiers are computed on (capacity's when unknown).
 */
export function allocatableFor(
  provider: Provider,
  capacity: ResourceAmounts,
  maxPods: number,
  machineMemoryBytes = capacity.memory ?? 0,
): ResourceAmounts {
  const cores = (capacity.cpu ?? 0) / 1000;
  let cpuReserved = 0;
  let memoryReserved = 0;
  let diskReserved = 0;
  switch (provider) {
    case 'gke':
      cpuReserved = progressiveCpuReservation(cores);
      memoryReserved = gkeMemoryReservation(machineMemoryBytes);
      break;
    case 'eks':
      cpuReserved = progressiveCpuReservation(cores);
      memoryReserved = eksMemoryReservation(maxPods);
      diskReserved = GiB;
      break;
    case 'aks':
      cpuReserved = aksCpuReservation(cores);
      memoryReserved = aksMemoryReservation(capacity.memory ?? 0, maxPods);
      break;
    case 'generic':
      break;
  }
  const allocatable: ResourceAmounts = { ...capacity, pods: maxPods };
  if (capacity.cpu !== undefined) allocatable.cpu = Math.max(0, capacity.cpu - cpuReserved);
  if (capacity.memory !== undefined) allocatable.memory = Math.max(0, floorMiB(capacity.memory - memoryReserved - MEMORY_EVICTION));
  const disk = capacity['ephemeral-storage'];
  if (disk !== undefined) allocatable['ephemeral-storage'] = Math.max(0, floorMiB(disk - diskReserved - NODEFS_EVICTION_SHARE * disk));
  return allocatable;
}

function floorMiB(bytes: number): number {
  return Math.floor(bytes / MiB) * MiB;
}
