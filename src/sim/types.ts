/**
 * The contract between the three parts of `simulate`:
 * - input (src/sim/input/): cluster files and profiles -> Node objects; workloads -> Pod objects;
 * - engine (src/sim/engine/): `simulate(SimulationInput) -> SimulationResult`, as kube-scheduler would;
 * - output (src/sim/output/, the CLI command and the lint rules): what-ifs, eviction order, packing, formats.
 * Objects cross these boundaries as plain Kubernetes API objects (what `kubectl get -o yaml` prints), so the
 * engine can be checked against the scheduler goldens with their files as they are.
 */

/** Kubernetes minor versions whose scheduler wording the engine reproduces; 1.34 is the default. */
export type KubernetesVersion = '1.32' | '1.33' | '1.34';
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.34';

/** A plain Kubernetes API object (Node, Pod, PersistentVolume, ...) as parsed from YAML. */
export type ApiObject = Record<string, unknown>;

/** The declared object a simulated pod was made from, so findings and reports point back to it. */
export interface PodOrigin {
  kind: string;
  namespace: string;
  name: string;
  /** Source position of the workload, when it came from a linted manifest. */
  file?: string;
  line?: number;
}

/** One pod to place. */
export interface PodToPlace {
  /**
   * A v1 Pod as the controller would create it (metadata.name/namespace/labels, spec), before the API server's
   * admission: the engine applies requests-from-limits defaulting, priority and preemptionPolicy from
   * `priorityClasses` (globalDefault included), and the DefaultTolerationSeconds tolerations.
   */
  pod: ApiObject;
  origin?: PodOrigin;
  /**
   * A DaemonSet's pod template: the engine creates one pod per node the DaemonSet controller would target
   * (node affinity, nodeSelector and taints as the controller checks them, with the tolerations it adds),
   * named `<pod.metadata.name>-<node name>`, pinned to its node, and schedules these before all other pods.
   */
  perNode?: boolean;
  /**
   * The LabelSelector of the Services and the ReplicaSet / StatefulSet that select the pod (the scheduler's
   * DefaultSelector, e.g. the Deployment's spec.selector). With it, a pod without topologySpreadConstraints is
   * scored with the system default constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway), as in a
   * cluster where those objects exist; without it, they do not apply.
   */
  defaultSpreadSelector?: Record<string, unknown>;
}

export interface SimulationInput {
  kubernetesVersion?: KubernetesVersion;
  nodes: ApiObject[];
  /** Pods to schedule; the engine orders them as the scheduling queue does (priority, then this order). */
  pods: PodToPlace[];
  /** Pods already bound (spec.nodeName set); Succeeded and Failed pods are ignored. */
  runningPods?: ApiObject[];
  persistentVolumes?: ApiObject[];
  persistentVolumeClaims?: ApiObject[];
  storageClasses?: ApiObject[];
  priorityClasses?: ApiObject[];
}

/** Amounts per resource name: cpu in millicores, memory and ephemeral-storage in bytes, pods and extended resources as counts. */
export type ResourceAmounts = Record<string, number>;

export interface Pending {
  /** The FailedScheduling event text, exactly as kube-scheduler of the chosen version writes it. */
  message: string;
  /** True when the pod fits no node even on the empty cluster, so no placement order could help. */
  certain: boolean;
}

/**
 * How sure a pod's verdict is (docs/simulate-engine.md, Certainty), in the documented queue order:
 * - `exact`: no random choice of kube-scheduler affects it (a placement with one best node and no random choice in
 *   an earlier cycle; a Pending pod that fits no node even on the empty cluster; a pod the scheduler never attempts);
 * - `tie-break`: its own cycle had a random choice: several equally scored nodes (`tiedNodes`), tied preemption
 *   candidates, or, from 100 nodes, a node search that stopped before checking every node (the scheduler searches in
 *   parallel, so it may find other nodes);
 * - `order`: it depends on the pods placed before it: Pending for lack of room (it fits the empty cluster), or
 *   placed with one best node after an earlier random choice that may have left a different cluster;
 * - `unknown-state`: it depends on cluster state the input does not give: a claim the provisioner binds at once
 *   (Immediate) in a zone it picks, on a cluster of several zones.
 */
export type VerdictCertainty = 'exact' | 'tie-break' | 'order' | 'unknown-state';

/** What happened to one pod, in the order the scheduler attempted them. */
export interface Placement {
  namespace: string;
  name: string;
  /** The pod after admission (as the engine scheduled it). */
  pod: ApiObject;
  origin?: PodOrigin;
  node: string | null;
  /** Every node that shared the winning score; the engine picks the first by name, the real scheduler at random. */
  tiedNodes: string[];
  /** Requests as the scheduler computes them (init containers, sidecars, overhead); cpu in millicores. */
  requests: ResourceAmounts;
  priority: number;
  pending: Pending | null;
  certainty: VerdictCertainty;
  /** When the pod only fit after preemption: the victims ("ns/name"), its nominated node and the first cycle's message. */
  preemption?: { victims: string[]; nominatedNode: string; firstAttempt: string };
  /** Set when a later pod preempted this one ("ns/name" of the preemptor); `node` still says where it had been. */
  preemptedBy?: string;
  /**
   * The scheduler never attempted the pod (pending null): `gated` (spec.schedulingGates; the message lists
   * them), `otherScheduler` (spec.schedulerName is not default-scheduler), `rejected` (the API server refuses to
   * create it, e.g. an unknown PriorityClass; the message is the API error); node is null for these three.
   * `boundByName`: spec.nodeName was set, so the pod is bound to that node without the scheduler (node set).
   */
  skipped?: { reason: 'gated' | 'otherScheduler' | 'rejected' | 'boundByName'; message: string };
}

export interface NodeState {
  name: string;
  zone: string | null;
  /** The node pool from the provider's pool label, when there is one. */
  pool: string | null;
  allocatable: ResourceAmounts;
  requested: ResourceAmounts;
  /** "ns/name" of every pod bound to it at the end: running pods, then placed pods in placement order. */
  pods: string[];
}

export interface SimulationResult {
  kubernetesVersion: KubernetesVersion;
  placements: Placement[];
  /** Pods evicted by preemption ("ns/name" -> the preemptor's "ns/name"). */
  evicted: Record<string, string>;
  nodes: NodeState[];
}
