/**
 * A small built-in table of common machine types, so a profile can say `instanceType: e2-standard-4`
 * instead of spelling out capacity. Sizes are the providers' published shapes; EC2 entries carry the
 * ENI limits the VPC CNI derives max pods from.
 */
import { GiB, type Provider } from './allocatable.js';

export interface InstanceType {
  name: string;
  /** The cloud that sells it, whose managed Kubernetes applies the reservation formula. */
  provider: Exclude<Provider, 'generic'>;
  cpuCores: number;
  memoryBytes: number;
  /** Extended resources the machine brings (GPUs), as the device plugin advertises them. */
  extended?: Record<string, number>;
  /** EC2: network interfaces and IPv4 addresses per interface (amazon-eks-ami eni-max-pods). */
  enis?: { count: number; ipv4PerEni: number };
}

function family(
  provider: InstanceType['provider'],
  names: Array<[name: string, cpuCores: number, memoryGiB: number, enis?: [count: number, ipv4PerEni: number]]>,
): InstanceType[] {
  return names.map(([name, cpuCores, memoryGiB, enis]) => ({
    name,
    provider,
    cpuCores,
    memoryBytes: memoryGiB * GiB,
    ...(enis ? { enis: { count: enis[0], ipv4PerEni: enis[1] } } : {}),
  }));
}

const INSTANCE_TYPES: InstanceType[] = [
  ...family('gke', [
    ['e2-standard-2', 2, 8],
    ['e2-standard-4', 4, 16],
    ['e2-standard-8', 8, 32],
    ['e2-standard-16', 16, 64],
    ['n2-standard-2', 2, 8],
    ['n2-standard-4', 4, 16],
    ['n2-standard-8', 8, 32],
    ['n2-standard-16', 16, 64],
  ]),
  { name: 'g2-standard-8', provider: 'gke', cpuCores: 8, memoryBytes: 32 * GiB, extended: { 'nvidia.com/gpu': 1 } },
  ...family('eks', [
    ['m5.large', 2, 8, [3, 10]],
    ['m5.xlarge', 4, 16, [4, 15]],
    ['m5.2xlarge', 8, 32, [4, 15]],
    ['m5.4xlarge', 16, 64, [8, 30]],
    ['c5.large', 2, 4, [3, 10]],
    ['c5.xlarge', 4, 8, [4, 15]],
    ['c5.2xlarge', 8, 16, [4, 15]],
    ['c5.4xlarge', 16, 32, [8, 30]],
    ['r5.large', 2, 16, [3, 10]],
    ['r5.xlarge', 4, 32, [4, 15]],
    ['r5.2xlarge', 8, 64, [4, 15]],
    ['r5.4xlarge', 16, 128, [8, 30]],
  ]),
  ...family('aks', [
    ['Standard_D2s_v5', 2, 8],
    ['Standard_D4s_v5', 4, 16],
    ['Standard_D8s_v5', 8, 32],
    ['Standard_D16s_v5', 16, 64],
  ]),
];

const BY_NAME = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

export function instanceType(name: string): InstanceType | undefined {
  return BY_NAME.get(name);
}

export function instanceTypeNames(provider?: Provider): string[] {
  return INSTANCE_TYPES.filter((t) => !provider || provider === 'generic' || t.provider === provider).map((t) => t.name);
}

/** Max pods the VPC CNI allows without prefix delegation: ENIs x (IPv4 per ENI - 1) + 2. */
export function eniMaxPods(enis: { count: number; ipv4PerEni: number }): number {
  return enis.count * (enis.ipv4PerEni - 1) + 2;
}
