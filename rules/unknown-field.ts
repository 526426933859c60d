import { defineRule } from '../src/engine/rule.js';
import { checkFields, displayPath, explainPath } from '../src/k8s/field-check.js';
import { objectSchema } from '../src/model/object-schema.js';

export default defineRule({
  id: 'unknown-field',
  severity: 'error',
  category: 'input',
  summary: "A field the object's schema does not define: the API server rejects the object or drops the field",
  docs: {
    catches:
      'A key the kind does not define (`livenssProbe`, `imagepullPolicy`, `replicas` inside the pod template), with the closest valid name; built-in kinds of the stable API versions, and custom resources whose CRD is shipped with them',
    declared: 'a key the schema of its mapping does not have, e.g. `livenssProbe:` in a container',
    interpreted:
      'the API server knows no such field: `kubectl apply` (strict field validation by default) rejects the object with `unknown field`; a client that does not ask for strict validation gets the object stored without the field, so what it says never takes effect, and nothing else reports that it is missing',
    fix: 'rename the key to the field meant (the finding names the closest one), or move it to the mapping that defines it (`kubectl explain <kind>.<path>` lists the fields)',
    details:
      'Built-in kinds are checked against the Kubernetes 1.36 OpenAPI definitions (from the kubernetes-models package) for stable API versions (`apps/v1`, `batch/v1`, `v1`, ...); objects of beta or removed versions, and custom resources whose CustomResourceDefinition is not shipped in the same directory tree, are not judged. A CRD schema is used as the API server uses it: `x-kubernetes-preserve-unknown-fields` keeps unknown keys. `status` is not checked, nor the content of free-form fields (RawExtension, JSON). Keys starting with `$` (kustomize patch directives) and template placeholders are left alone.',
  },
  check(ctx) {
    for (const object of ctx.objects()) {
      const schema = objectSchema(object, ctx.around(object).shippedWith('CustomResourceDefinition'));
      if (!schema) continue;
      for (const unknown of checkFields(object.raw, schema.type).unknown) {
        const parent = unknown.path.slice(0, -1);
        const where = parent.length ? displayPath(parent) : 'the top level';
        const hint = unknown.suggestion ? `; did you mean ${unknown.suggestion}?` : '';
        ctx.report({
          object,
          path: unknown.path,
          message: `${object.display}: ${displayPath(unknown.path)} is not a field of ${unknown.owner}${hint}`,
          declared: `\`${unknown.field}:\` in ${where}`,
          interpreted: `${unknown.owner} (${schema.origin}) has no field ${unknown.field}: \`kubectl apply\` rejects the ${object.kind} with \`unknown field "${displayPath(unknown.path)}"\`; a client that does not ask for strict field validation gets it stored without ${unknown.field}, so it never takes effect`,
          fix: unknown.suggestion
            ? `rename ${unknown.field} to ${unknown.suggestion}`
            : `remove ${unknown.field}, or move it to the mapping that defines it (\`kubectl explain ${explainPath(object.kind, parent)}\` lists the fields here)`,
        });
      }
    }
  },
});
