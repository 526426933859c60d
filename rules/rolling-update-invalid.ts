import { defineRule } from '../src/engine/rule.js';
import { describeIntOrPercent } from '../src/k8s/int-or-percent.js';
import { strategyField, strategyProblems, type StrategyProblem, type UpdateStrategyKind } from '../src/k8s/update-strategy.js';
import { shownJson } from '../src/util/text.js';

export default defineRule({
  id: 'rolling-update-invalid',
  severity: 'error',
  category: 'rollout',
  summary: 'A rolling update strategy the API server rejects',
  docs: {
    catches:
      'Deployment `strategy` / DaemonSet `updateStrategy` the API server rejects: maxSurge and maxUnavailable both 0 (a DaemonSet\'s maxSurge defaults to 0), values that are not an integer or `"N%"` (`"1"` is invalid), maxUnavailable above 100%, `rollingUpdate` with `type: ' +
      'Recreate`, unknown types; for a DaemonSet also maxSurge above 100% and a non-zero maxSurge next to a non-zero maxUnavailable (which defaults to 1).',
    declared:
      'maxSurge and maxUnavailable both zero, a value that is neither an integer nor "N%", maxUnavailable above 100%, or rollingUpdate with type Recreate; for a DaemonSet, maxSurge above 100% or non-zero together with a non-zero maxUnavailable',
    interpreted:
      'apps/v1 validation rejects the Deployment or DaemonSet: it is not created or updated, and the previous version keeps running',
    fix: 'use unquoted integers or "N%" strings, let at least one of maxSurge and maxUnavailable be above zero, and drop rollingUpdate when the type is Recreate',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (workload.kind !== 'Deployment' && workload.kind !== 'DaemonSet') continue;
      const kind: UpdateStrategyKind = workload.kind;
      const field = strategyField(kind);
      for (const problem of strategyProblems(kind, workload.object.spec)) {
        const path =
          problem.field === 'type' || problem.field === 'rollingUpdate'
            ? ['spec', field, problem.field]
            : ['spec', field, 'rollingUpdate', problem.field];
        ctx.report({ object: workload.object, path, ...describe(kind, `${kind} "${workload.name}"`, field, problem) });
      }
    }
  },
});

function describe(
  kind: UpdateStrategyKind,
  who: string,
  field: string,
  problem: StrategyProblem,
): { message: string; declared: string; interpreted: string; fix: string } {
  const rejected = `the API server rejects the ${kind}, so it is neither created nor updated`;
  switch (problem.reason) {
    case 'unknown-type':
      return {
        message: `${who}: ${field}.type "${problem.value}" is not a strategy type`,
        declared: `${field}.type: ${problem.value}`,
        interpreted: `only ${problem.allowed.join(' and ')} are supported; ${rejected}`,
        fix: `set ${field}.type to ${problem.allowed.join(' or ')}`,
      };
    case 'rolling-update-with-recreate':
      return {
        message: `${who}: ${field}.rollingUpdate is set while the type is ${problem.type}`,
        declared: `${field}.type: ${problem.type} together with ${field}.rollingUpdate`,
        interpreted: `validation forbids rollingUpdate when the type is Recreate ("may not be specified when strategy \`type\` is 'Recreate'"); ${rejected}`,
        fix: `remove ${field}.rollingUpdate, or set the type to RollingUpdate`,
      };
    case 'not-int-or-percent':
      return {
        message: `${who}: ${problem.field} ${shownJson(problem.value)} is neither an integer nor a percentage`,
        declared: `${field}.rollingUpdate.${problem.field}: ${shownJson(problem.value)}`,
        interpreted:
          typeof problem.value === 'string' && /^[0-9]+$/.test(problem.value)
            ? `a quoted number is a string, and a string must be a percentage like "25%"; ${rejected}`
            : `the field takes a non-negative integer or a string "N%"; ${rejected}`,
        fix:
          typeof problem.value === 'string' && /^[0-9]+$/.test(problem.value)
            ? `write ${problem.field}: ${problem.value} unquoted, or "${problem.value}%"`
            : `write ${problem.field} as a non-negative integer or "N%"`,
      };
    case 'over-100-percent':
      return {
        message: `${who}: ${problem.field} ${describeIntOrPercent(problem.value)} is above 100%`,
        declared: `${field}.rollingUpdate.${problem.field}: "${describeIntOrPercent(problem.value)}"`,
        interpreted: `${problem.field} may not be more than 100%${problem.field === 'maxSurge' ? ' for a DaemonSet (a Deployment may surge beyond it)' : ''}; ${rejected}`,
        fix: 'use a percentage up to 100% or an integer',
      };
    case 'surge-with-unavailable': {
      const unavailable = problem.unavailableDeclared ? 'a non-zero maxUnavailable' : 'maxUnavailable left at its default 1';
      return {
        message: `${who}: maxSurge is set together with ${unavailable}`,
        declared: `${field}.rollingUpdate.maxSurge non-zero and ${unavailable}`,
        interpreted: `a DaemonSet rollout either starts the new pod first (maxSurge) or stops the old one first (maxUnavailable), never both: validation requires exactly one of the two to be non-zero; ${rejected}`,
        fix: 'set maxUnavailable: 0 next to maxSurge (new pod first), or drop maxSurge (old pod first)',
      };
    }
    case 'both-zero': {
      const surge = problem.surgeDeclared ? 'maxSurge 0' : 'maxSurge left at its default 0';
      return {
        message: `${who}: maxUnavailable 0 with ${surge}`,
        declared: `${field}.rollingUpdate.maxUnavailable: 0 and ${surge}`,
        interpreted:
          kind === 'DaemonSet'
            ? `a rollout could neither add a pod nor take one away, so validation rejects maxUnavailable 0 while maxSurge is 0; ${rejected}`
            : `a rollout could neither add a pod nor take one away, so validation rejects it ("may not be 0 when \`maxSurge\` is 0"); ${rejected}`,
        fix:
          kind === 'DaemonSet'
            ? 'set maxSurge: 1 to replace pods before removing them, or maxUnavailable: 1'
            : 'set maxSurge: 1 (new pod first) or maxUnavailable: 1 (old pod first)',
      };
    }
  }
}
