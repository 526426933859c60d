import { describe, expect, it } from 'vitest';
import {
  GiB,
  MiB,
  aksCpuReservation,
  aksMemoryReservation,
  allocatableFor,
  gkeMemoryReservation,
  machineCapacity,
  progressiveCpuReservation,
} from '../src/sim/input/allocatable.js';
import { eniMaxPods, instanceType, instanceTypeNames } from '../src/sim/input/catalogue.js';

function catalogueNode(provider: 'gke' | 'eks' | 'aks' | 'generic', name: string, maxPods: number) {
  const type = instanceType(name)!;
  const capacity = machineCapacity(provider, { cpuCores: type.cpuCores, memoryBytes: type.memoryBytes, diskBytes: 100 * GiB }, maxPods);
  return { capacity, allocatable: allocatableFor(provider, capacity, maxPods, type.memoryBytes) };
}

describe('worked examples of ../shared/docs/scheduling.md 4.2', () => {
  it('GKE e2-standard-4: 80m CPU reserved, 3920m allocatable; about 13257 MiB memory', () => {
    expect(progressiveCpuReservation(4)).toBe(80);
    const node = catalogueNode('gke', 'e2-standard-4', 110);
    expect(node.allocatable.cpu).toBe(3920);
    // 25% of 4 GiB + 20% of 4 GiB + 10% of 8 GiB = 1024 + 819.2 + 819.2 MiB
    expect(gkeMemoryReservation(16 * GiB) / MiB).toBeCloseTo(2662.4, 5);
    expect(Math.abs(node.allocatable.memory / MiB - 13257)).toBeLessThanOrEqual(1);
    expect(node.allocatable.pods).toBe(110);
  });

  it('EKS m5.large: 29 pods from its ENIs, 1930m CPU, about 6903 MiB memory', () => {
    const type = instanceType('m5.large')!;
    expect(eniMaxPods(type.enis!)).toBe(29);
    const node = catalogueNode('eks', 'm5.large', 29);
    expect(node.allocatable.cpu).toBe(1930);
    expect(node.capacity.memory / MiB).toBe(7577);
    expect(node.allocatable.memory / MiB).toBe(6903);
    expect(node.allocatable.pods).toBe(29);
  });

  it('AKS: 8 GiB and 30 pods reserve 650 MiB plus the 100 MiB eviction threshold', () => {
    expect(aksMemoryReservation(8 * GiB, 30)).toBe(650 * MiB);
    const capacity = { cpu: 2000, memory: 8 * GiB, pods: 30 };
    expect(allocatableFor('aks', capacity, 30).memory / MiB).toBe(8192 - 750);
  });
});

describe('reservation formulas', () => {
  it('the CPU progression: 6% of the first core, 1% of the second, 0.5% up to 4, 0.25% above', () => {
    expect(progressiveCpuReservation(1)).toBe(60);
    expect(progressiveCpuReservation(2)).toBe(70);
    expect(progressiveCpuReservation(8)).toBe(90);
    expect(progressiveCpuReservation(16)).toBe(110);
  });

  it('GKE reserves 255 MiB on machines under 1 GiB, and 2% above 128 GiB', () => {
    expect(gkeMemoryReservation(512 * MiB)).toBe(255 * MiB);
    const at128 = gkeMemoryReservation(128 * GiB);
    expect(gkeMemoryReservation(256 * GiB) - at128).toBeCloseTo(0.02 * 128 * GiB, 0);
  });

  it('AKS CPU follows its table; counts between rows take the smaller row', () => {
    expect(aksCpuReservation(2)).toBe(100);
    expect(aksCpuReservation(16)).toBe(260);
    expect(aksCpuReservation(12)).toBe(180);
    expect(aksCpuReservation(96)).toBe(740);
  });

  it('AKS memory reservation is capped at a quarter of the memory', () => {
    expect(aksMemoryReservation(4 * GiB, 250)).toBe(GiB);
  });

  it('generic clusters keep only the kubelet eviction thresholds', () => {
    const allocatable = allocatableFor('generic', { cpu: 4000, memory: 16 * GiB, 'ephemeral-storage': 100 * GiB, pods: 110 }, 110);
    expect(allocatable).toEqual({ cpu: 4000, memory: 16 * GiB - 100 * MiB, 'ephemeral-storage': 90 * GiB, pods: 110 });
  });

  it('extended resources are allocatable as they are advertised', () => {
    const allocatable = allocatableFor('gke', { cpu: 8000, memory: 32 * GiB, 'nvidia.com/gpu': 1, pods: 110 }, 110);
    expect(allocatable['nvidia.com/gpu']).toBe(1);
  });

  it('EKS also keeps 1 GiB of the disk for the kubelet', () => {
    const allocatable = allocatableFor('eks', { cpu: 2000, memory: 8 * GiB, 'ephemeral-storage': 20 * GiB, pods: 29 }, 29);
    expect(allocatable['ephemeral-storage']).toBe(Math.floor((20 * GiB - GiB - 2 * GiB) / MiB) * MiB);
  });
});

describe('instance catalogue', () => {
  it('has the families the profile documents, by provider', () => {
    expect(instanceTypeNames('gke')).toEqual(expect.arrayContaining(['e2-standard-2', 'e2-standard-16', 'n2-standard-8']));
    expect(instanceTypeNames('eks')).toEqual(expect.arrayContaining(['m5.large', 'c5.4xlarge', 'r5.2xlarge']));
    expect(instanceTypeNames('aks')).toEqual(['Standard_D2s_v5', 'Standard_D4s_v5', 'Standard_D8s_v5', 'Standard_D16s_v5']);
    expect(instanceTypeNames('eks')).not.toContain('e2-standard-4');
  });

  it('larger EC2 sizes allow more pods', () => {
    expect(eniMaxPods(instanceType('m5.xlarge')!.enis!)).toBe(58);
    expect(eniMaxPods(instanceType('m5.4xlarge')!.enis!)).toBe(234);
  });
});
