import type { Path } from '../types.js';
import { readLabels, readSelector, type LabelSelector } from '../k8s/labels.js';
import type { K8sObject } from './object.js';
import type { WorkloadKind } from './kinds.js';
import { isRecord, type Raw } from '../util/raw.js';
import { objectQuantityFields, podSpecQuantityFields, type QuantityField } from '../k8s/quantity-fields.js';
import { ContainerFacts } from './container-facts.js';

export type ContainerRole = 'app' | 'init' | 'sidecar';

/** One container of a pod template, with its path from the object root. */
export interface Container {
  readonly workload: Workload;
  readonly name: string;
  readonly role: ContainerRole;
  /** Index within its list (containers or initContainers). */
  readonly index: number;
  readonly raw: Raw;
  /** e.g. ['spec', 'template', 'spec', 'containers', 0] */
  readonly path: Path;
  /** Requests, limits, ports and probes, each read once and shared by the rules. */
  readonly facts: ContainerFacts;
}

const POD_SPEC_PATHS: Record<WorkloadKind, Path> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** A pod-bearing object seen through its pod template. */
export class Workload {
  readonly kind: WorkloadKind;
  /** Path of the pod spec from the object root. */
  readonly podSpecPath: Path;
  /** Path of the pod template's metadata (the object's own metadata for a Pod). */
  readonly podMetadataPath: Path;
  readonly podSpec: Raw;
  /** Labels every pod of this workload carries. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly containers: readonly Container[];
  private quantities: readonly QuantityField[] | undefined;

  constructor(
    readonly object: K8sObject,
    kind: WorkloadKind,
  ) {
    this.kind = kind;
    this.podSpecPath = POD_SPEC_PATHS[kind];
    this.podMetadataPath = kind === 'Pod' ? ['metadata'] : [...this.podSpecPath.slice(0, -1), 'metadata'];
    const spec = object.get(this.podSpecPath);
    this.podSpec = isRecord(spec) ? spec : {};
    const metadata = object.get(this.podMetadataPath);
    this.podLabels = readLabels(isRecord(metadata) ? metadata.labels : undefined);
    this.podAnnotations = readLabels(isRecord(metadata) ? metadata.annotations : undefined);
    this.containers = this.readContainers();
  }

  get namespace(): string | null {
    return this.object.namespace;
  }

  get name(): string | null {
    return this.object.name;
  }

  /** Containers that run for the pod's whole life: app containers and sidecars. */
  get longRunningContainers(): Container[] {
    return this.containers.filter((c) => c.role !== 'init');
  }

  get appContainers(): Container[] {
    return this.containers.filter((c) => c.role === 'app');
  }

  /** The workload's own `spec.selector` (controllers only). */
  get selector(): LabelSelector | undefined {
    if (this.kind === 'Pod' || this.kind === 'CronJob') return undefined;
    const raw = this.object.get(['spec', 'selector']);
    if (this.kind === 'ReplicationController') return isRecord(raw) ? { matchLabels: readLabels(raw) } : undefined;
    return readSelector(raw);
  }

  /** `spec.replicas` as written, when it is a number. */
  get declaredReplicas(): number | undefined {
    const r = this.object.get(['spec', 'replicas']);
    return typeof r === 'number' ? r : undefined;
  }

  /**
   * How many pods run at steady state: replicas (default 1) for scalable controllers, 1 for a Pod,
   * parallelism for Jobs; undefined for DaemonSets (one per eligible node).
   */
  get replicas(): number | undefined {
    switch (this.kind) {
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'ReplicationController':
        return this.declaredReplicas ?? 1;
      case 'Pod':
        return 1;
      case 'Job':
        return numberAt(this.object.get(['spec', 'parallelism'])) ?? 1;
      case 'CronJob':
        return numberAt(this.object.get(['spec', 'jobTemplate', 'spec', 'parallelism'])) ?? 1;
      case 'DaemonSet':
        return undefined;
    }
  }

  /** Serves until stopped (not a run-to-completion Job, CronJob or Pod with restartPolicy other than Always). */
  get isLongRunning(): boolean {
    if (this.kind === 'Job' || this.kind === 'CronJob') return false;
    if (this.kind === 'Pod') return (this.podSpec.restartPolicy ?? 'Always') === 'Always';
    return true;
  }

  /** Every quantity the object carries: its pod spec's and, for a StatefulSet, its claim templates'; listed once. */
  get quantityFields(): readonly QuantityField[] {
    return (this.quantities ??= [
      ...podSpecQuantityFields(this.podSpec, this.podSpecPath),
      ...objectQuantityFields(this.kind, this.object.spec),
    ]);
  }

  /** Drops what the rules asked of the workload and its containers, kept only for one run. */
  forgetFacts(): void {
    this.quantities = undefined;
    for (const c of this.containers) c.facts.forget();
  }

  /** A path inside the pod spec, from the object root. */
  specPath(...rest: Array<string | number>): Path {
    return [...this.podSpecPath, ...rest];
  }

  private readContainers(): Container[] {
    const out: Container[] = [];
    for (const [list, role] of [
      ['initContainers', 'init'],
      ['containers', 'app'],
    ] as const) {
      const items = this.podSpec[list];
      if (!Array.isArray(items)) continue;
      items.forEach((raw, index) => {
        if (!isRecord(raw)) return;
        out.push({
          workload: this,
          name: typeof raw.name === 'string' ? raw.name : `#${index}`,
          role: role === 'init' && raw.restartPolicy === 'Always' ? 'sidecar' : role,
          index,
          raw,
          path: [...this.podSpecPath, list, index],
          facts: new ContainerFacts(raw),
        });
      });
    }
    return out;
  }
}

function numberAt(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
