import { defineRule } from '../src/engine/rule.js';
import { terminationGracePeriod } from '../src/k8s/lifecycle.js';

export default defineRule({
  id: 'termination-grace-too-short',
  severity: 'warning',
  category: 'lifecycle',
  summary: 'A preStop sleep is not shorter than the termination grace period',
  docs: {
    catches:
      'A preStop hook sleeps (the `sleep` handler, or `sleep N` in an exec command or `sh -c` script) at least `terminationGracePeriodSeconds` (default 30): the app gets SIGTERM only 2 s before SIGKILL.',
    declared:
      'a preStop hook that sleeps N seconds (the sleep handler, or sleep N in an exec command) with N >= terminationGracePeriodSeconds (default 30)',
    interpreted:
      'the grace period counts from the start of termination and includes the preStop hook; the container receives SIGTERM only after the hook ends. When the hook is still running at the end of the grace period the kubelet grants a one-off 2-second extension and then kills the container with SIGKILL, so the application gets no real graceful shutdown',
    fix: 'raise terminationGracePeriodSeconds to the preStop sleep plus the time the application needs to shut down after SIGTERM, or shorten the sleep',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      if (container.role === 'init') continue;
      const wait = container.facts.preStopWait();
      if (!wait) continue;
      const grace = terminationGracePeriod(container.workload.podSpec);
      if (wait.seconds < grace) continue;
      const sleep = Number.isFinite(wait.seconds) ? `${wait.seconds}s` : 'forever';
      const graceText =
        container.workload.podSpec.terminationGracePeriodSeconds === undefined
          ? `the default terminationGracePeriodSeconds ${grace}`
          : `terminationGracePeriodSeconds ${grace}`;
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'lifecycle', 'preStop', wait.handler],
        message: `Container "${container.name}": preStop sleeps ${sleep}, not shorter than ${graceText}`,
        declared: `preStop ${wait.handler === 'sleep' ? 'sleep handler' : 'exec command'} sleeping ${sleep}; ${graceText}`,
        interpreted: `the ${grace}s grace period includes the preStop hook, which is still sleeping when it ends; the kubelet then grants a one-off 2s extension and kills the container with SIGKILL: the application gets SIGTERM at best 2s before being killed, so in-flight requests and shutdown work are cut off`,
        fix: Number.isFinite(wait.seconds)
          ? `set terminationGracePeriodSeconds to at least ${wait.seconds} plus the application's shutdown time (e.g. ${wait.seconds + 30}), or shorten the sleep`
          : 'replace the endless sleep with a bounded one and set terminationGracePeriodSeconds above it plus the shutdown time',
        related:
          container.workload.podSpec.terminationGracePeriodSeconds === undefined
            ? undefined
            : [
                {
                  object: container.workload.object,
                  path: container.workload.specPath('terminationGracePeriodSeconds'),
                  message: 'the grace period the sleep uses up',
                },
              ],
      });
    }
  },
});
