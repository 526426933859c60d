import { defineRule } from '../src/engine/rule.js';
import { reportInputProblems } from '../src/engine/input-problems.js';

export default defineRule({
  id: 'alias-bomb',
  severity: 'error',
  category: 'input',
  summary: 'YAML aliases that expand without bound (a "billion laughs")',
  docs: {
    catches:
      'YAML aliases that resolve more than 1000 aliases in a document (anchors of anchors, a "billion laughs"), or an alias inside its own anchor: reported at the anchor, that document skipped',
    declared: 'anchors whose aliases name other anchors, level upon level, or an alias inside the anchor it names',
    interpreted:
      'expanded, the document holds millions of values or is infinite: the API server and kubectl refuse or exhaust memory on it; kube-intent skips this document and lints the others',
    fix: 'write the values out, or use each anchor as a plain value a few times; never nest anchors to multiply them',
  },
  check(ctx) {
    reportInputProblems(ctx, 'alias-bomb');
  },
});
