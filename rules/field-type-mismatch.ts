import { defineRule } from '../src/engine/rule.js';
import { checkFields, describeType, describeValue, displayPath, type TypeMismatch } from '../src/k8s/field-check.js';
import type { K8sObject } from '../src/model/object.js';
import { objectSchema } from '../src/model/object-schema.js';

/** How to write the value so that it decodes, when the intended value is plain to see. */
function fixFor(mismatch: TypeMismatch, written: string): string {
  const { expected, value } = mismatch;
  const bare = written.replace(/^(["'])(.*)\1$/, '$2');
  if (expected.type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return `quote it: "${bare}"`;
  if (expected.type === 'number' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()))
    return `write ${value.trim()} without quotes`;
  if (expected.type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return `write ${value.trim().toLowerCase()} without quotes`;
  if (expected.type === 'int-or-string' && typeof value === 'number')
    return `write a whole number, or a string such as "${bare}%" where a percentage is meant`;
  if (expected.type === 'list') return `write ${describeType(expected)}: one \`- \` item per entry`;
  return `write ${describeType(expected)}`;
}

/** A scalar as written after its key (`1.10` stays `1.10`, `"3"` keeps its quotes), block or flow style. */
const SCALAR_AFTER_KEY = /^(?:"[^"]*"|'[^']*'|[^:\s][^:]*?)\s*:\s+("[^"]*"|'[^']*'|[^,}\]#\s][^,}\]#]*?)\s*(?:[,}\]]|\s#|$)/;

/** The value as written in the source when it is a scalar next to its key, else its JSON. */
function writtenValue(object: K8sObject, mismatch: TypeMismatch): string {
  const { value } = mismatch;
  if (Array.isArray(value)) return '[...]';
  if (value !== null && typeof value === 'object') return '{...}';
  const location = object.locate(mismatch.path);
  const rest = object.locationSource.line(location.line).slice(location.column - 1);
  const scalar = typeof mismatch.path[mismatch.path.length - 1] === 'string' ? SCALAR_AFTER_KEY.exec(rest)?.[1] : undefined;
  return scalar ?? JSON.stringify(value);
}

export default defineRule({
  id: 'field-type-mismatch',
  severity: 'error',
  category: 'input',
  summary: 'A value of the wrong type for its field (`replicas: "3"`, `ports: 80`): the API server rejects the object',
  docs: {
    catches:
      'A string where a number or boolean is required, a number or boolean where a string is required (env values, labels, annotations, ConfigMap data), a scalar where a list or mapping is required; int-or-string fields (targetPort, maxSurge) and quantities accept both',
    declared:
      'a value whose type is not the field\'s, e.g. `replicas: "3"`, `ports: 80`, `value: 8080` in an env var or `version: 1.0` as a label',
    interpreted:
      'the API server decodes every field into its declared type and does no conversion: a value of another type fails to decode and the whole object is rejected (`cannot unmarshal string into Go struct field ... of type int32`), whatever the field validation level',
    fix: 'write the value in the field\'s type: drop the quotes around numbers and booleans, quote numbers meant as text (`"8080"`, `"1.10"`), write lists as `- ` items',
    details:
      'Built-in kinds of stable API versions are checked against the Kubernetes 1.36 OpenAPI definitions, custom resources against the schema of their CustomResourceDefinition when it is shipped with them. `null` (an empty value) is accepted everywhere, as the API server treats it as absent. Template placeholders (`${REPLICAS}`, `{{ .Values.port }}`) are left alone. YAML 1.1 reads `yes`, `no`, `on` and `off` as booleans, as kubectl does.',
  },
  check(ctx) {
    for (const object of ctx.objects()) {
      const schema = objectSchema(object, ctx.around(object).shippedWith('CustomResourceDefinition'));
      if (!schema) continue;
      for (const mismatch of checkFields(object.raw, schema.type).mismatches) {
        const path = displayPath(mismatch.path);
        const written = writtenValue(object, mismatch);
        ctx.report({
          object,
          path: mismatch.path,
          message: `${object.display}: ${path} must be ${describeType(mismatch.expected)}, not ${describeValue(mismatch.value, written)}`,
          declared: `${path}: ${written}`,
          interpreted: `${path} takes ${describeType(mismatch.expected)} (${schema.origin}); the API server cannot decode ${describeValue(mismatch.value, written)} into it and rejects the whole ${object.kind}`,
          fix: fixFor(mismatch, written),
        });
      }
    }
  },
});
