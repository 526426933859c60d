import { defineRule } from '../src/engine/rule.js';
import { pdbSelector } from '../src/k8s/pdb.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';

export default defineRule({
  id: 'pdb-overlap',
  severity: 'error',
  category: 'wiring',
  summary: 'Two PodDisruptionBudgets select the same pods',
  docs: {
    catches: 'Two PDBs select the same pods: the eviction API refuses to evict their running pods (HTTP 500)',
    declared: 'two PodDisruptionBudgets whose selectors both match the pods of one workload',
    interpreted:
      'the eviction API refuses to evict a running pod covered by more than one PDB: HTTP 500 "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support"; kubectl drain retries only 429 responses, so it stops with an error on these pods, and other tools that evict (the cluster autoscaler, node upgrades) fail to evict them. Pending, finished and terminating pods are evicted without a PDB check',
    fix: 'make the selectors disjoint so every pod has at most one budget',
  },
  check(ctx) {
    const budgetsByWorkload = new Map<Workload, K8sObject[]>();
    const order = new Map<K8sObject, number>();
    for (const pdb of ctx.objects('PodDisruptionBudget')) {
      order.set(pdb, order.size);
      const selector = pdbSelector(pdb.apiVersion, pdb.spec);
      if (!selector) continue;
      for (const w of ctx.around(pdb).workloadsMatching(selector)) {
        const list = budgetsByWorkload.get(w);
        if (list) list.push(pdb);
        else budgetsByWorkload.set(w, [pdb]);
      }
    }
    const reported = new Set<string>();
    for (const [workload, pdbs] of budgetsByWorkload) {
      for (let i = 0; i < pdbs.length; i++) {
        for (let j = i + 1; j < pdbs.length; j++) {
          const [first, second] = [pdbs[i], pdbs[j]];
          if (first === second || sameIdentity(first, second)) continue;
          const pair = `${order.get(first)}:${order.get(second)}`;
          if (reported.has(pair)) continue;
          reported.add(pair);
          ctx.report({
            object: second,
            path: ['spec', 'selector'],
            message: `PodDisruptionBudgets "${first.name}" and "${second.name}" both select the pods of ${workload.object.display}: its running pods cannot be evicted`,
            declared: `two budgets (${first.name}, ${second.name}) whose selectors match the pod labels of ${workload.object.display}`,
            related: [
              { object: first, path: ['spec', 'selector'], message: `the other budget, ${first.display}` },
              { object: workload.object, path: [...workload.podMetadataPath, 'labels'], message: 'the pods both select' },
            ],
          });
        }
      }
    }
  },
});

/** The same PDB declared twice (variants of one object) is one budget in the cluster. */
function sameIdentity(a: K8sObject, b: K8sObject): boolean {
  return a.name === b.name && a.namespace === b.namespace;
}
