import type { UsageAssumption } from '../../k8s/eviction.js';
import { pdbSelector, readDisruptionBudget } from '../../k8s/pdb.js';
import type { ManifestSet } from '../../model/manifest-set.js';
import { asRecord } from '../../util/raw.js';
import { runningPodCache, simulate } from '../engine/index.js';
import { expandManifests, originOf, simulationInput, type LoadedCluster } from '../input/index.js';
import { buildReport, type DisruptionBudgetRef, type SimulationReport } from './report.js';
import type { WhatIfRequest } from './what-if.js';

export interface SimulationOptions {
  usage: UsageAssumption;
  whatIfs: WhatIfRequest[];
}

/** What lint and simulate hand to the rule engine: the set's pods placed on the loaded cluster, once per run. */
export function simulationFor(cluster: LoadedCluster, options: SimulationOptions): (set: ManifestSet) => SimulationReport {
  return (set) => {
    const steady = expandManifests(set, { clusterStorageClasses: cluster.storageClasses });
    const fullScale = steady.autoscaled.length
      ? {
          input: simulationInput(cluster, expandManifests(set, { scale: 'maximum', clusterStorageClasses: cluster.storageClasses })),
          autoscaled: steady.autoscaled,
        }
      : undefined;
    // The what-ifs hand the same bound pods to every run: compile them once.
    const runningPods = runningPodCache();
    return buildReport({
      input: simulationInput(cluster, steady),
      simulate: (input) => simulate(input, { runningPods }),
      usage: options.usage,
      whatIfs: options.whatIfs,
      pdbs: disruptionBudgets(set),
      ...(fullScale ? { fullScaleInput: fullScale } : {}),
    });
  };
}

function disruptionBudgets(set: ManifestSet): DisruptionBudgetRef[] {
  const out: DisruptionBudgetRef[] = [];
  for (const pdb of set.ofKind('PodDisruptionBudget')) {
    const spec = asRecord(pdb.get(['spec']));
    const budget = readDisruptionBudget(spec);
    const selector = pdbSelector(pdb.apiVersion, spec);
    if (!budget || !selector || !pdb.name) continue;
    const origin = originOf(pdb);
    out.push({ namespace: origin.namespace, name: pdb.name, selector, budget, origin });
  }
  return out;
}
