import { defineRule } from '../src/engine/rule.js';
import { judgeControllerSelector } from '../src/k8s/controller-selector.js';
import { describeSelector } from '../src/k8s/labels.js';

export default defineRule({
  id: 'workload-selector-mismatch',
  severity: 'error',
  category: 'wiring',
  summary: "A controller's selector does not match its own pod template labels",
  docs: {
    catches:
      'A controller selector that does not match its own template labels, a missing/empty `apps/v1` selector, or a `batch/v1` Job selector written without `manualSelector: true` (the API server rejects each)',
    declared:
      'a Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or ReplicationController whose spec.selector does not match spec.template.metadata.labels',
    interpreted:
      'the API server rejects the object (`selector` does not match template `labels`); in apps/v1 the selector is also required, may not be empty, and is immutable once created; a batch/v1 Job selector is generated, and a written one is rejected unless manualSelector is true',
    fix: 'make spec.selector select labels the pod template carries (usually copy the template labels into selector.matchLabels)',
    details:
      'Objects of removed API versions (extensions/v1beta1, apps/v1beta1, apps/v1beta2), which defaulted the selector from the template labels, are not judged. A missing selector is not reported in unrendered kustomization input (commonLabels and labels add it) nor in partial objects without containers (patches).',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      const verdict = judgeControllerSelector(workload.kind, workload.object.apiVersion, workload.object.spec, workload.podLabels);
      if (!verdict || verdict.ok) continue;
      const name = `${workload.kind} "${workload.name}"`;
      const labels = describeSelector(workload.podLabels);
      if (verdict.problem === 'missing' || verdict.problem === 'empty') {
        if (ctx.around(workload.object).unrendered || workload.containers.length === 0) continue;
        ctx.report({
          object: workload.object,
          path: ['spec', 'selector'],
          message: `${name} has ${verdict.problem === 'missing' ? 'no' : 'an empty'} spec.selector, which ${workload.object.apiVersion} requires`,
          declared: verdict.problem === 'missing' ? 'no spec.selector' : 'spec.selector: {}',
          interpreted: `the API server rejects the object: in ${workload.object.apiVersion} the selector is required and may not be empty (it is no longer defaulted from the template labels)`,
          fix:
            Object.keys(workload.podLabels).length > 0
              ? `set spec.selector.matchLabels to the pod template labels (${labels})`
              : 'give the pod template labels (spec.template.metadata.labels) and set spec.selector.matchLabels to them',
        });
        continue;
      }
      const selector = describeSelector(verdict.selector ?? {});
      if (verdict.problem === 'job-manual-selector') {
        ctx.report({
          object: workload.object,
          path: ['spec', 'selector'],
          message: `${name} writes spec.selector (${selector}) without manualSelector: true`,
          declared: `selector ${selector}; no spec.manualSelector: true`,
          interpreted:
            'the API server generates a Job selector on the controller-uid label and rejects a written one unless manualSelector is true ("`selector` not auto-generated")',
          fix: 'drop spec.selector and let the API server generate it, or set spec.manualSelector: true if the selector is meant (it must then match the template labels)',
        });
        continue;
      }
      ctx.report({
        object: workload.object,
        path: ['spec', 'selector'],
        message: `${name} selects ${selector}, which its own pod template labels (${labels}) do not match`,
        declared: `selector ${selector}; template labels ${labels}`,
        interpreted: 'the API server rejects the object: `selector` does not match template `labels`',
        fix: 'make the selector match the template labels (selectors of existing objects are immutable: changing one means recreating the object)',
        related: [{ object: workload.object, path: [...workload.podMetadataPath, 'labels'], message: 'pod template labels' }],
      });
    }
  },
});
