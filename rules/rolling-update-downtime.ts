import { defineRule } from '../src/engine/rule.js';
import { describeIntOrPercent, resolveIntOrPercent, type IntOrPercent } from '../src/k8s/int-or-percent.js';
import { strategyProblems } from '../src/k8s/update-strategy.js';
import { readDeploymentStrategy, resolveFenceposts } from '../src/k8s/rollout.js';

export default defineRule({
  id: 'rolling-update-downtime',
  severity: 'warning',
  category: 'rollout',
  summary: 'A Deployment rollout may take every pod down at once',
  docs: {
    catches:
      'A Deployment whose maxUnavailable resolves to all its replicas (percentages round down; when surge and unavailable both resolve to 0 the controller forces 1). ' +
      'With an HPA in the set, its `minReplicas` is used. `Recreate` is deliberate and not reported.',
    declared: 'a RollingUpdate whose maxUnavailable resolves to the whole replica count (e.g. replicas 1 with maxUnavailable 1)',
    interpreted:
      'the Deployment controller resolves maxUnavailable against replicas (percentages round down, maxSurge rounds up; when both resolve to 0 unavailable is forced to 1) and may then stop all old pods before any new pod is available: the workload has no ready pod during the rollout',
    fix: 'keep maxUnavailable below the replica count (e.g. maxUnavailable: 0 with maxSurge: 1), or run more replicas',
    details:
      'The Recreate strategy is deliberate downtime and is not reported. When an HPA in the set targets the Deployment, its minReplicas is the replica count checked.',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (workload.kind !== 'Deployment') continue;
      const spec = workload.object.spec;
      if (strategyProblems('Deployment', spec).length > 0) continue;
      const strategy = readDeploymentStrategy(spec);
      if (strategy.type !== 'RollingUpdate' || !strategy.maxSurge || !strategy.maxUnavailable) continue;
      const { replicas = 1, autoscaler } = ctx.around(workload.object).minimumScale();
      const hpa = autoscaler && { hpa: autoscaler };
      if (replicas < 1) continue;
      const { surge, unavailable } = resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas);
      if (unavailable < replicas) continue;
      const hostPorts = [
        ...new Set(workload.containers.flatMap((c) => c.facts.ports().flatMap((p) => (p.hostPort === undefined ? [] : [p.hostPort])))),
      ].sort((a, b) => a - b);
      const count = hpa ? `the HPA's minReplicas ${replicas}` : `${replicas} ${replicas === 1 ? 'replica' : 'replicas'}`;
      const arithmetic = explain(strategy.maxSurge, strategy.maxUnavailable, replicas, surge, count);
      ctx.report({
        object: workload.object,
        path: ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'],
        message: `Deployment "${workload.name}" may take ${replicas === 1 ? 'its only pod' : `all ${replicas} pods`} down during a rollout: ${arithmetic}`,
        declared: `replicas ${hpa ? `${replicas} (HPA minReplicas)` : replicas}, maxSurge ${describeIntOrPercent(strategy.maxSurge)}, maxUnavailable ${describeIntOrPercent(strategy.maxUnavailable)}`,
        interpreted: `the controller may keep 0 pods available (replicas ${replicas} - unavailable ${unavailable}), so old pods can all stop before a new one is Ready, and any Service selecting them has no ready endpoint meanwhile`,
        fix:
          hostPorts.length > 0 || workload.podSpec.hostNetwork === true
            ? `this pod binds ${hostPorts.length > 0 ? `hostPort ${hostPorts.join(', ')}, so a surge pod cannot start` : "the node's network (hostNetwork), so a surge pod may fail to bind its ports"} on a node where an old pod runs: ${
                replicas > 1
                  ? `set maxUnavailable to at most ${replicas - 1} (e.g. 1) with maxSurge: 0, so pods are replaced a few at a time while the others serve`
                  : 'maxSurge only helps with more eligible nodes than replicas (then set maxUnavailable: 0 and maxSurge: 1); otherwise run at least 2 replicas on different nodes, or accept the brief downtime'
              }`
            : `set maxUnavailable: 0 and maxSurge: 1 so a new pod is Ready before an old one stops${replicas === 1 ? ', or run at least 2 replicas' : ''}`,
        related: hpa ? [{ object: hpa.hpa, path: ['spec', 'minReplicas'], message: 'the HPA sets the replica count' }] : undefined,
      });
    }
  },
});

function explain(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, replicas: number, surge: number, count: string): string {
  const declaredUnavailable = resolveIntOrPercent(maxUnavailable, replicas, 'down');
  if (surge === 0 && declaredUnavailable === 0) {
    return `maxSurge ${describeIntOrPercent(maxSurge)} and maxUnavailable ${describeIntOrPercent(maxUnavailable)} of ${count} both resolve to 0, so the controller forces maxUnavailable to 1`;
  }
  return 'percent' in maxUnavailable
    ? `maxUnavailable ${maxUnavailable.percent}% of ${count} rounds down to ${declaredUnavailable}`
    : `maxUnavailable ${maxUnavailable.count} with ${count}`;
}
