import { defineRule } from '../src/engine/rule.js';
import { reportInputProblems } from '../src/engine/input-problems.js';

export default defineRule({
  id: 'file-unreadable',
  severity: 'error',
  category: 'input',
  summary: 'An input path could not be read as manifests',
  docs: {
    catches: 'A path that is missing, unreadable, binary, not UTF-8, too large, a symlink loop, or a kustomization that failed to render',
    declared:
      'a path that is missing, unreadable, binary, not UTF-8, too large, a symbolic link loop, or a kustomization that failed to render',
    interpreted: 'nothing in it was linted; the other inputs were',
    fix: 'fix or remove the path, or exclude it with `ignore.paths` in .kube-intent.yaml',
  },
  check(ctx) {
    reportInputProblems(ctx, 'file-unreadable');
  },
});
