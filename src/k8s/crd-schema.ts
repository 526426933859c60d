import type { Raw } from '../util/raw.js';
import { isRecord } from '../util/raw.js';
import type { FieldType } from './field-schema.js';

const ANY: FieldType = { type: 'any' };

/**
 * The schema a CustomResourceDefinition (apiextensions.k8s.io/v1) gives one version of its kind,
 * as a field type of the whole object: apiVersion, kind, metadata (the built-in ObjectMeta) and the
 * openAPIV3Schema's properties; undefined when the CRD does not declare that group, kind and
 * version with a schema. `status` is left unchecked, as for built-in kinds.
 */
export function customResourceSchema(crd: Raw, apiVersion: string, kind: string, objectMeta: FieldType): FieldType | undefined {
  const spec = isRecord(crd.spec) ? crd.spec : undefined;
  const names = isRecord(spec?.names) ? spec.names : undefined;
  const slash = apiVersion.indexOf('/');
  if (!spec || slash === -1 || spec.group !== apiVersion.slice(0, slash) || names?.kind !== kind) return undefined;
  const version = Array.isArray(spec.versions)
    ? spec.versions.find((v): v is Raw => isRecord(v) && v.name === apiVersion.slice(slash + 1))
    : undefined;
  const schema = isRecord(version?.schema) ? version.schema.openAPIV3Schema : undefined;
  if (!isRecord(schema)) return undefined;
  const root = fromOpenApi(schema, kind);
  if (root.type !== 'object') return root.type === 'any' ? undefined : root;
  return {
    ...root,
    fields: { ...root.fields, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: objectMeta, status: ANY },
  };
}

/**
 * A structural schema as a field type, its mappings named by their path from the kind (`Widget.spec`). Only `properties` define fields (a structural schema may not
 * add any through allOf/anyOf/oneOf); `x-kubernetes-preserve-unknown-fields` keeps unknown ones, and an
 * object with neither properties nor additionalProperties is left unchecked.
 */
export function fromOpenApi(schema: unknown, name: string): FieldType {
  if (!isRecord(schema)) return ANY;
  if (schema['x-kubernetes-int-or-string'] === true) return { type: 'int-or-string' };
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  switch (schema.type) {
    case 'string':
      return { type: 'string' };
    case 'integer':
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return { type: 'list', of: fromOpenApi(schema.items, `${name}[]`) };
  }
  if (properties) {
    const fields: Record<string, FieldType> = {};
    for (const [field, property] of Object.entries(properties)) fields[field] = fromOpenApi(property, `${name}.${field}`);
    if (schema['x-kubernetes-embedded-resource'] === true) {
      fields.apiVersion ??= { type: 'string' };
      fields.kind ??= { type: 'string' };
      fields.metadata ??= ANY;
    }
    return { type: 'object', name, fields, ...(open || schema['x-kubernetes-embedded-resource'] === true ? { open: true } : {}) };
  }
  if (!open && isRecord(schema.additionalProperties)) return { type: 'map', of: fromOpenApi(schema.additionalProperties, `${name}[*]`) };
  return ANY;
}
