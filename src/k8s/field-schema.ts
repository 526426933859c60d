import { FIELD_TREE_KINDS, FIELD_TREE_KUBERNETES, FIELD_TREE_TYPES } from './field-tree.generated.js';

/** What the API server decodes a field into: the shape a manifest value must have. */
export type FieldType =
  | { readonly type: 'object'; readonly name: string; readonly fields: Readonly<Record<string, FieldType>>; readonly open?: boolean }
  | { readonly type: 'list' | 'map'; readonly of: FieldType }
  | { readonly type: 'string' | 'number' | 'boolean' | 'int-or-string' | 'quantity' | 'any' };

const SCALARS: Record<string, FieldType> = {
  s: { type: 'string' },
  n: { type: 'number' },
  b: { type: 'boolean' },
  x: { type: 'int-or-string' },
  q: { type: 'quantity' },
  '*': { type: 'any' },
};

let kinds: Record<string, number> | undefined;
let lineStarts: number[] | undefined;
const resolved = new Map<number, FieldType>();

/** The Kubernetes release the built-in schemas come from. */
export function schemaKubernetesVersion(): string {
  return FIELD_TREE_KUBERNETES;
}

/** Line `index` of the types table, parsed on first use: a small file touches a dozen of ~400 types. */
function typeLine(index: number): [name: string, refs: Record<string, string>] {
  if (!lineStarts) {
    lineStarts = [0];
    for (let i = FIELD_TREE_TYPES.indexOf('\n'); i !== -1; i = FIELD_TREE_TYPES.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  }
  const end = lineStarts[index + 1];
  return JSON.parse(FIELD_TREE_TYPES.slice(lineStarts[index], end === undefined ? undefined : end - 1));
}

function typeAt(index: number): FieldType {
  const known = resolved.get(index);
  if (known) return known;
  const [name, refs] = typeLine(index);
  // Each field's type is resolved when read, so reaching PodSpec does not parse every volume source.
  const fields: Record<string, FieldType> = {};
  for (const [field, ref] of Object.entries(refs)) {
    Object.defineProperty(fields, field, { enumerable: true, get: () => fromRef(ref) });
  }
  const type: FieldType = { type: 'object', name, fields };
  resolved.set(index, type);
  return type;
}

function fromRef(ref: string): FieldType {
  if (ref.startsWith('[')) return { type: 'list', of: fromRef(ref.slice(1)) };
  if (ref.startsWith('{')) return { type: 'map', of: fromRef(ref.slice(1)) };
  return SCALARS[ref] ?? typeAt(Number(ref));
}

/** The schema of a built-in kind in a served stable version (`apps/v1`, `Deployment`); undefined for anything else. */
export function builtinKindSchema(apiVersion: string, kind: string): FieldType | undefined {
  kinds ??= JSON.parse(FIELD_TREE_KINDS) as Record<string, number>;
  const key = `${apiVersion} ${kind}`;
  return Object.hasOwn(kinds, key) ? typeAt(kinds[key]) : undefined;
}

/** The built-in ObjectMeta, which custom resources share. */
export function objectMetaSchema(): FieldType {
  const configMap = builtinKindSchema('v1', 'ConfigMap');
  return configMap?.type === 'object' ? configMap.fields.metadata : { type: 'any' };
}
