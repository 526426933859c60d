import { defineRule } from '../src/engine/rule.js';
import { PROBE_FIELDS, failureWindow } from '../src/k8s/probes.js';

export default defineRule({
  id: 'liveness-kills-slow-start',
  severity: 'warning',
  category: 'probes',
  summary: 'A liveness probe gives up before the readiness probe even starts',
  docs: {
    catches:
      "No startup probe, and the liveness failure window `initialDelaySeconds + failureThreshold × periodSeconds` (defaults 0/3/10) ends before the readiness probe's `initialDelaySeconds`.",
    declared:
      "a livenessProbe and no startupProbe, where initialDelaySeconds + failureThreshold x periodSeconds of the liveness probe (defaults 0, 3, 10) is shorter than the readiness probe's initialDelaySeconds",
    interpreted:
      'the readiness delay says the application needs that long to start; liveness runs from its own delay and restarts the container if it still fails after failureThreshold checks, before readiness is ever checked; if the start really takes that long, the same happens after each restart: CrashLoopBackOff, the pod never becomes Ready',
    fix: 'add a startupProbe with the same check whose failureThreshold x periodSeconds covers the worst-case start time (liveness and readiness wait for it), or raise the liveness initialDelaySeconds',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      if (container.role === 'init' || container.facts.declaresProbe('startup')) continue;
      const liveness = container.facts.probe('liveness');
      const readiness = container.facts.probe('readiness');
      if (!liveness || !readiness) continue;
      const window = failureWindow(liveness);
      if (window >= readiness.initialDelaySeconds) continue;
      const arithmetic = `${liveness.initialDelaySeconds} + ${liveness.failureThreshold} x ${liveness.periodSeconds}s = ${window}s`;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, PROBE_FIELDS.liveness],
        message: `Container "${container.name}": liveness would restart a container still failing its check after ${arithmetic}, before the readiness probe starts at ${readiness.initialDelaySeconds}s`,
        declared: `livenessProbe failing after initialDelaySeconds + failureThreshold x periodSeconds = ${arithmetic}; readinessProbe.initialDelaySeconds ${readiness.initialDelaySeconds}; no startupProbe`,
        interpreted: `if the application needs the ${readiness.initialDelaySeconds}s the readiness probe waits for, the kubelet kills it after about ${window}s and restarts it, over and over (CrashLoopBackOff): it never becomes Ready`,
        fix: `add a startupProbe using the liveness check with failureThreshold x periodSeconds of at least ${readiness.initialDelaySeconds}s (e.g. failureThreshold ${Math.ceil(readiness.initialDelaySeconds / liveness.periodSeconds) + 1}, periodSeconds ${liveness.periodSeconds}), or raise the liveness initialDelaySeconds`,
        related: [
          {
            object: container.workload.object,
            path: [...container.path, PROBE_FIELDS.readiness, 'initialDelaySeconds'],
            message: 'the readiness delay the liveness window ends before',
          },
        ],
      });
    }
  },
});
