import { defineRule } from '../src/engine/rule.js';
import { BUILTIN_PRIORITY_CLASSES } from '../src/k8s/priority.js';
import { closest } from '../src/util/edit-distance.js';

export default defineRule({
  id: 'priorityclass-unknown',
  aliases: ['priorityclass-missing'],
  severity: 'error',
  category: 'scheduling',
  summary: 'A pod template names a PriorityClass the set does not define',
  docs: {
    catches: 'A `priorityClassName` the set does not define, when the set defines PriorityClasses (`system-*-critical` always exist)',
    declared: 'priorityClassName naming a PriorityClass that is not defined',
    interpreted:
      'unless a PriorityClass of that name already exists in the cluster, admission rejects the pod (no PriorityClass with that name is found): the controller keeps failing to create pods',
    fix: 'name a PriorityClass the manifests define (system-cluster-critical and system-node-critical always exist), or define the one named',
    details:
      'Judged only when the directory tree of the workload ships PriorityClasses (they are cluster-scoped: an app brings its own along), and not next to a file that could not be read: otherwise the class may be defined elsewhere.',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      const name = workload.podSpec.priorityClassName;
      if (typeof name !== 'string' || name === '' || BUILTIN_PRIORITY_CLASSES.includes(name)) continue;
      const around = ctx.around(workload.object);
      // PriorityClasses are cluster-scoped: the ones an app ships sit in its directory tree.
      const defined = around.shippedWith('PriorityClass').map((p) => p.name ?? '');
      if (defined.length === 0 || defined.includes(name) || !around.canJudge()) continue;
      const known = new Set([...defined, ...BUILTIN_PRIORITY_CLASSES]);
      const suggestion = closest(name, known);
      ctx.report({
        object: workload.object,
        path: workload.specPath('priorityClassName'),
        message: `${workload.kind} "${workload.name}" uses PriorityClass "${name}", which the set does not define${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        declared: `priorityClassName: ${name}; the set defines ${defined.join(', ')}`,
        fix: suggestion
          ? `set priorityClassName to "${suggestion}", or define PriorityClass "${name}"`
          : `define PriorityClass "${name}", or use one the set defines`,
      });
    }
  },
});
