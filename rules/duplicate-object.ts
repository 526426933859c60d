import { defineRule } from '../src/engine/rule.js';
import { objectKey } from '../src/model/manifest-set.js';
import type { K8sObject } from '../src/model/object.js';

export default defineRule({
  id: 'duplicate-object',
  severity: 'warning',
  category: 'input',
  summary: 'The same object (kind, namespace, name) is declared twice',
  docs: {
    catches:
      "The same kind/namespace/name declared twice in one file (or in one kustomization's output): the later one silently wins (copies in different files are taken for alternative variants and not reported)",
    declared: "two documents with the same kind, namespace and name in one file or one kustomization's output",
    interpreted:
      'they are one object in the cluster: when the file (or the rendered kustomization) is applied, the later document silently replaces the earlier one. (Copies in different files are taken for alternative variants, such as overlays or install flavours, and are not reported.)',
    fix: 'rename one of them, or delete the copy you do not mean',
  },
  check(ctx) {
    const first = new Map<string, K8sObject>();
    for (const object of ctx.objects()) {
      if (object.name === null || object.kind === 'List') continue;
      const key = `${object.source.path}\u0000${object.group}\u0000${objectKey(object.kind, object.namespace, object.name)}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, object);
        continue;
      }
      const where = earlier.locate(['metadata', 'name']);
      ctx.report({
        object,
        path: ['metadata', 'name'],
        message: `${object.display} is declared again (first at ${where.file}:${where.line}); the later one wins when applied`,
        related: [{ object: earlier, path: ['metadata', 'name'], message: 'first declaration' }],
      });
    }
  },
});
