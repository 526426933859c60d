/**
 * The input side of `kube-intent simulate`: what sim-output calls to build a SimulationInput.
 *
 *   const cluster = loadCluster(clusterPaths(opts.cluster, loadedConfig, cwd));  // --cluster is repeatable
 *   if (cluster.problems.some((p) => p.severity === 'error')) -> print formatClusterProblem(p) for each, exit 2
 *   const steady = expandManifests(set, { clusterStorageClasses: cluster.storageClasses });
 *   const full = expandManifests(set, { scale: 'maximum', clusterStorageClasses: cluster.storageClasses }); // when steady.autoscaled.length > 0
 *   simulate(simulationInput(cluster, steady))
 */
import { record } from '../../util/raw.js';
import type { ApiObject, SimulationInput } from '../types.js';
import type { ExpandedManifests } from './expand.js';
import type { LoadedCluster } from './load-cluster.js';

export { CLUSTER_OPTION_REPEATABLE, clusterPaths, formatClusterProblem, loadCluster, readClusterSources } from './load-cluster.js';
export type { ClusterProblem, LoadClusterOptions, LoadedCluster } from './load-cluster.js';
export { DEFAULT_NAMESPACE, expandManifests, originOf } from './expand.js';
export type { AutoscaledWorkload, ExpandOptions, ExpandedManifests } from './expand.js';
export { POOL_LABELS, ZONE_LABEL, nodePoolOf, nodeZoneOf } from './node-labels.js';
export { SYSTEM_OVERHEAD_LABEL } from './profile.js';
export type { Provider } from './allocatable.js';

/**
 * The cluster and the expanded manifests as one engine input. Volumes, claims and classes the cluster
 * files show win over declared namesakes: what exists (a bound claim) is what the scheduler sees.
 */
export function simulationInput(cluster: LoadedCluster, manifests: ExpandedManifests): SimulationInput {
  return {
    kubernetesVersion: cluster.kubernetesVersion,
    nodes: cluster.nodes,
    runningPods: cluster.runningPods,
    pods: manifests.pods,
    persistentVolumes: union(cluster.persistentVolumes, manifests.persistentVolumes),
    persistentVolumeClaims: union(cluster.persistentVolumeClaims, manifests.persistentVolumeClaims),
    storageClasses: union(cluster.storageClasses, manifests.storageClasses),
    priorityClasses: union(cluster.priorityClasses, manifests.priorityClasses),
  };
}

function union(existing: readonly ApiObject[], declared: readonly ApiObject[]): ApiObject[] {
  const key = (o: ApiObject) => {
    const metadata = record(o.metadata);
    return `${String(metadata?.namespace ?? '')}/${String(metadata?.name ?? '')}`;
  };
  const seen = new Set(existing.map(key));
  return [...existing, ...declared.filter((o) => !seen.has(key(o)))];
}
