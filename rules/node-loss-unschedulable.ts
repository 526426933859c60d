import { defineRule } from '../src/engine/rule.js';
import { byWorkload, listNames } from '../src/sim/output/lint-view.js';

export default defineRule({
  id: 'node-loss-unschedulable',
  severity: 'warning',
  category: 'scheduling',
  summary: 'With the cluster given, pods find no other node after the worst single node is lost',
  docs: {
    declared: 'workloads placed on a cluster with too little spare room to take back one node\u2019s pods',
    interpreted:
      'when a node fails, its pods are deleted after the 300 s not-ready/unreachable toleration and their controllers create replacements; on the remaining nodes some of them fit nowhere and stay Pending until the node comes back',
    fix: 'keep enough free capacity for the largest node\u2019s pods (N\u22121), spread replicas with topologySpreadConstraints, or let a cluster autoscaler add nodes',
    details:
      'Active only with a cluster (lint --cluster FILE or cluster.profile); silent otherwise and on one-node clusters. The worst node is the one whose loss leaves the most pods Pending (then the most workloads without a replica, then the most pods to move, then the first by name); every other pod stays where the simulation placed it. StatefulSet pods on an unreachable node are only replaced once the Node object is deleted.',
  },
  check(ctx) {
    const worst = ctx.simulation()?.resilience.worstNode;
    if (!worst) return;
    for (const group of byWorkload(ctx.workloads(), worst.pending, (p) => p.origin)) {
      const names = group.items.map((p) => p.pod.split('/')[1]);
      ctx.report({
        object: group.object,
        path: group.path,
        message: `After losing node ${worst.target}, ${names.length === 1 ? `pod ${names[0]} finds` : `${names.length} pods (${listNames(names)}) find`} no other node: "${group.items[0].message}"`,
      });
    }
  },
});
