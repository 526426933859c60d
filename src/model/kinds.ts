/**
 * API groups of the built-in kinds rules reason about. A kind of the same name from another
 * group (a Knative `Service`, say) is a different thing and must not be read as the built-in one.
 */
const BUILTIN_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  Service: [''],
  ReplicationController: [''],
  LimitRange: [''],
  ResourceQuota: [''],
  PersistentVolumeClaim: [''],
  PersistentVolume: [''],
  Namespace: [''],
  ConfigMap: [''],
  Secret: [''],
  ServiceAccount: [''],
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  Ingress: ['networking.k8s.io', 'extensions'],
  IngressClass: ['networking.k8s.io'],
  PodDisruptionBudget: ['policy'],
  HorizontalPodAutoscaler: ['autoscaling'],
  StorageClass: ['storage.k8s.io'],
  PriorityClass: ['scheduling.k8s.io'],
  RuntimeClass: ['node.k8s.io'],
};

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Whether a kind is one of the built-in kinds above (own keys only: a kind named `constructor` is not). */
export function isBuiltinKind(kind: string): boolean {
  return Object.hasOwn(BUILTIN_GROUPS, kind);
}

export function isBuiltin(kind: string, group: string): boolean {
  return isBuiltinKind(kind) && BUILTIN_GROUPS[kind].includes(group);
}
