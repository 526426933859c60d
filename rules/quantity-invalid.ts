import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { diagnoseQuantity, isPlaceholder } from '../src/k8s/quantity-mistakes.js';
import { objectQuantityFields, type QuantityField } from '../src/k8s/quantity-fields.js';
import { formatPath } from '../src/types.js';
import { shown } from '../src/util/text.js';

const QUANTITY_KINDS = ['LimitRange', 'ResourceQuota', 'PersistentVolumeClaim'];

export default defineRule({
  id: 'quantity-invalid',
  severity: 'error',
  category: 'resources',
  summary: 'A resource value is not a Kubernetes quantity: the API server rejects the object',
  docs: {
    catches:
      'Not a quantity (`1g`, `1GB`, `500 m`, `2 cores`, negatives), with the likely intended value; placeholders like `${CPU}` are left alone',
    declared: 'a resource amount such as `1g`, `1GB`, `500 m` or `2 cores`',
    interpreted:
      'quantities are a number with one case-sensitive suffix (n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or an exponent); anything else fails to decode and the API server rejects the whole object',
    fix: 'write the amount with a valid suffix: memory and storage as `1Gi` (1024^3 bytes) or `1G` (10^9 bytes); CPU in cores (`2`) or millicores (`500m`), never with a byte unit',
    details:
      'Placeholders for a later substitution step (`${CPU}`, `{{ .Values.cpu }}`, `MEMORY_LIMIT`) are not reported: the file is a template, not a manifest with a typo.',
  },
  check(ctx) {
    const check = (object: K8sObject, fields: readonly QuantityField[]) => {
      for (const field of fields) {
        if (isPlaceholder(field.value)) continue;
        const problem = diagnoseQuantity(field.value, field.resource);
        if (!problem) continue;
        const written = typeof field.value === 'string' ? `"${shown(field.value)}"` : shown(field.value);
        ctx.report({
          object,
          path: field.path,
          message: `${object.display}: ${field.label} ${written} is not a valid quantity${problem.suggestion ? `; did you mean ${problem.suggestion}?` : ''}`,
          declared: `${formatPath(field.path)}: ${written}`,
          interpreted: `${problem.reason}; the API server rejects the ${object.kind}`,
          ...(problem.suggestion ? { fix: `write ${problem.suggestion}` } : {}),
        });
      }
    };
    for (const workload of ctx.workloads()) {
      check(workload.object, workload.quantityFields);
    }
    for (const kind of QUANTITY_KINDS) {
      for (const object of ctx.objects(kind)) check(object, objectQuantityFields(kind, object.spec));
    }
  },
});
