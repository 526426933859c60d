import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'liveness-probe-missing',
  severity: 'info',
  category: 'probes',
  summary: 'A long-running container has no liveness probe',
  docs: {
    catches: 'A long-running container (app or sidecar) has no liveness probe: a hung process is never restarted.',
    declared: 'a container of a long-running workload has no livenessProbe',
    interpreted:
      'liveness defaults to Success: the kubelet restarts the container only when its process exits, so a hung or deadlocked process keeps running (and, if it has no failing readiness probe, keeps receiving traffic) until something else restarts it, such as a deletion, an eviction or a node restart',
    fix: 'add a livenessProbe on a cheap endpoint that fails only when the process is stuck, with a higher failureThreshold than the readiness probe (and a startupProbe if the container starts slowly)',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (!workload.isLongRunning) continue;
      for (const container of workload.longRunningContainers) {
        if (container.facts.declaresProbe('liveness')) continue;
        ctx.report({
          object: workload.object,
          path: [...container.path, 'livenessProbe'],
          message: `Container "${container.name}" of ${container.workload.object.display} has no liveness probe`,
          declared: `no livenessProbe on container "${container.name}" of ${workload.kind} "${workload.name}"`,
        });
      }
    }
  },
});
