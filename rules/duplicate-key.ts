import { defineRule } from '../src/engine/rule.js';
import { reportInputProblems } from '../src/engine/input-problems.js';

export default defineRule({
  id: 'duplicate-key',
  severity: 'error',
  category: 'input',
  summary: 'A mapping declares the same key twice',
  docs: {
    catches: 'A mapping with the same key twice: when applied, one value is silently lost',
    declared: 'the same key twice in one mapping, e.g. two `resources:` or two `env:` blocks in one container',
    interpreted:
      'only one of the values can reach the cluster: lenient decoders keep the later one and silently drop the other, strict field validation rejects the object',
    fix: 'merge the two entries into one, keeping the value you mean',
  },
  check(ctx) {
    reportInputProblems(ctx, 'duplicate-key');
  },
});
