/** PriorityClasses every cluster has, whatever the manifests define. */
export const BUILTIN_PRIORITY_CLASSES: readonly string[] = ['system-cluster-critical', 'system-node-critical'];
