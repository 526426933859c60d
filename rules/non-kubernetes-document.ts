import { defineRule } from '../src/engine/rule.js';
import { unpackSpan } from '../src/load/source.js';

export default defineRule({
  id: 'non-kubernetes-document',
  severity: 'warning',
  category: 'input',
  summary: 'A document without apiVersion and kind sits among Kubernetes objects',
  docs: {
    catches: 'A document without `apiVersion`/`kind` in a file that holds Kubernetes objects',
    declared: 'a document with no `apiVersion` or no `kind`, in a file that otherwise holds Kubernetes objects',
    interpreted:
      '`kubectl apply` fails on this document ("apiVersion not set" / "kind not set"); often a fragment left after a `---` or a mis-indented object',
    fix: 'add the missing `apiVersion`/`kind`, or move the document out of the manifest file',
  },
  check(ctx) {
    for (const doc of ctx.foreignDocuments()) {
      if (!doc.besideObjects) continue;
      const [start, end] = unpackSpan(doc.span);
      ctx.report({
        location: doc.source.location(start, end),
        message: 'This document has no apiVersion/kind, but the file holds Kubernetes objects: kubectl will fail on it',
      });
    }
  },
});
