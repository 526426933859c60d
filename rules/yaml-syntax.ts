import { defineRule } from '../src/engine/rule.js';
import { reportInputProblems } from '../src/engine/input-problems.js';

export default defineRule({
  id: 'yaml-syntax',
  severity: 'error',
  category: 'input',
  summary: 'A document is not valid YAML or JSON',
  docs: {
    catches: 'A document that is not valid YAML/JSON; the other documents of the file are still linted',
    declared: 'a document with a YAML or JSON syntax error',
    interpreted:
      'kubectl apply sends the documents decoded before the broken one, which are applied, then stops with the parse error: this document and every one after it are not applied; kube-intent skips this document and lints the others',
    fix: 'fix the syntax at the reported position (indentation, an unclosed quote or bracket, a tab)',
  },
  check(ctx) {
    reportInputProblems(ctx, 'yaml-syntax');
  },
});
