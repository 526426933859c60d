import { defineRule } from '../src/engine/rule.js';
import { explainPending } from '../src/sim/output/explain.js';
import { byWorkload, listNames } from '../src/sim/output/lint-view.js';

export default defineRule({
  id: 'pod-fits-no-node',
  severity: 'error',
  category: 'scheduling',
  summary: 'With the cluster given (--cluster or cluster.profile), a pod fits no node even on the empty cluster',
  docs: {
    declared: 'requests, tolerations, node selectors, affinity or volumes that no node of the cluster can satisfy',
    interpreted:
      'kube-scheduler rejects every node for the pod whatever else runs there, so it stays Pending with a FailedScheduling event; no placement order, preemption or waiting changes that',
    fix: 'lower the request or adjust the selector, tolerations or volume to what the cluster offers, or add a node pool that can run it',
    details:
      'Active only when lint is given a cluster (lint --cluster FILE, or cluster.profile in the config); silent otherwise. "Certain" means the pod fits no node when the cluster runs nothing but its DaemonSets and existing pods from the cluster files. The message quotes the scheduler as `kubectl describe pod` would show it for the cluster\u2019s Kubernetes version.',
  },
  check(ctx) {
    const simulation = ctx.simulation();
    if (!simulation) return;
    const pending = simulation.result.placements.filter((p) => p.pending?.certain);
    for (const group of byWorkload(ctx.workloads(), pending, (p) => p.origin)) {
      const first = group.items[0];
      const names = group.items.map((p) => p.name);
      const explained = explainPending(first);
      ctx.report({
        object: group.object,
        path: group.path,
        message: `${names.length === 1 ? `Pod ${names[0]} fits` : `${names.length} pods (${listNames(names)}) fit`} no node of the cluster, even empty: "${first.pending!.message}"`,
        declared: explained.declared,
        interpreted: explained.interpreted,
        fix: explained.fix,
      });
    }
  },
});
