import { defineRule } from '../src/engine/rule.js';
import { describeHandler } from '../src/k8s/probes.js';

export default defineRule({
  id: 'probes-identical',
  severity: 'warning',
  category: 'probes',
  summary: 'Liveness and readiness probes check the same thing with the same thresholds',
  docs: {
    catches:
      'Liveness and readiness run the same check (a named port and its number count as the same) with the same period, timeout and failureThreshold: overload turns into restarts. ' +
      'A higher liveness failureThreshold is the fix and is not reported.',
    declared:
      'livenessProbe and readinessProbe use the same handler, port and request, with the same periodSeconds, timeoutSeconds and failureThreshold',
    interpreted:
      'both probes fail at the same moment, so a container that is only overloaded (or whose dependency is down) is restarted at the same time it is taken out of rotation; under load this turns into restarts across all replicas instead of shedding traffic',
    fix: 'give the liveness probe a higher failureThreshold (or a longer period) than the readiness probe, or point it at a cheaper check that fails only when the process is stuck',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      if (container.role === 'init') continue;
      const liveness = container.facts.probe('liveness');
      const readiness = container.facts.probe('readiness');
      if (!liveness?.handler || !readiness || !container.facts.sameProbe(liveness, readiness)) continue;
      const thresholds = `every ${liveness.periodSeconds}s, timeout ${liveness.timeoutSeconds}s, failureThreshold ${liveness.failureThreshold}`;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'livenessProbe'],
        message: `Container "${container.name}" has identical liveness and readiness probes (${describeHandler(liveness.handler)}, ${thresholds})`,
        declared: `livenessProbe and readinessProbe both run ${describeHandler(liveness.handler)}${liveness.handler.type === 'exec' ? '' : ' on the same port'}, ${thresholds} (defaults applied)`,
        interpreted: `after ${liveness.failureThreshold} failed checks the container is taken out of Service endpoints and, at the same moment, killed and restarted: temporary overload or a downstream outage becomes a restart instead of a pause in traffic`,
        fix: `raise the liveness probe's failureThreshold above ${readiness.failureThreshold} (e.g. ${readiness.failureThreshold * 2}), or point it at a check that fails only when the process is stuck`,
        related: [
          { object: container.workload.object, path: [...container.path, 'readinessProbe'], message: 'the readiness probe it duplicates' },
        ],
      });
    }
  },
});
