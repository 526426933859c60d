import { defineRule } from '../src/engine/rule.js';
import { reportInputProblems } from '../src/engine/input-problems.js';

export default defineRule({
  id: 'helm-template-unrendered',
  severity: 'error',
  category: 'input',
  summary: 'A Helm template was given instead of rendered manifests',
  docs: {
    catches: 'Unrendered `{{ ... }}` template syntax: render with `helm template` first',
    declared: 'a file with Helm template actions such as `{{ .Values.image }}`',
    interpreted: 'this is not a manifest yet: Kubernetes never sees it in this form, so it cannot be linted as one',
    fix: 'render with `helm template` first and lint the output: `helm template my-release ./chart | kube-intent lint -`',
  },
  check(ctx) {
    reportInputProblems(ctx, 'helm-template-unrendered');
  },
});
