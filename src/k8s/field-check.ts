import type { Path } from '../types.js';
import { closest, editDistance } from '../util/edit-distance.js';
import { isRecord } from '../util/raw.js';
import type { FieldType } from './field-schema.js';
import { isPlaceholder } from './quantity-mistakes.js';

/** A key the schema of its mapping does not define. */
export interface UnknownField {
  path: Path;
  field: string;
  /** The schema type that lacks the field (`Container`). */
  owner: string;
  /** The defined field the key most likely meant. */
  suggestion?: string;
}

/** A value of a shape the field cannot decode into. */
export interface TypeMismatch {
  path: Path;
  expected: FieldType;
  value: unknown;
}

export interface FieldProblems {
  unknown: UnknownField[];
  mismatches: TypeMismatch[];
}

/**
 * Walks a value against its schema. `null` is accepted everywhere (the field counts as absent);
 * keys starting with `$` are kustomize patch directives, left alone; placeholders (`${REPLICAS}`,
 * `{{ .Values.x }}`, `PORT`, `<LUN>`) are for a template step or the reader, not the API server.
 */
export function checkFields(value: unknown, type: FieldType, path: Path = []): FieldProblems {
  const problems: FieldProblems = { unknown: [], mismatches: [] };
  walk(value, type, path, problems);
  return problems;
}

function walk(value: unknown, type: FieldType, path: Path, problems: FieldProblems): void {
  if (value === null || value === undefined || type.type === 'any') return;
  if (!fits(value, type)) {
    if (!isFillIn(value)) problems.mismatches.push({ path, expected: type, value });
    return;
  }
  if (type.type === 'list') {
    (value as unknown[]).forEach((item, i) => walk(item, type.of, [...path, i], problems));
  } else if (type.type === 'map') {
    for (const [key, item] of Object.entries(value as object)) walk(item, type.of, [...path, key], problems);
  } else if (type.type === 'object') {
    for (const [key, item] of Object.entries(value as object)) {
      const field = Object.hasOwn(type.fields, key) ? type.fields[key] : undefined;
      if (field) walk(item, field, [...path, key], problems);
      else if (!type.open && !key.startsWith('$') && !isPlaceholder(key)) {
        const suggestion = nearestField(key, Object.keys(type.fields));
        problems.unknown.push({ path: [...path, key], field: key, owner: type.name, ...(suggestion ? { suggestion } : {}) });
      }
    }
  }
}

/**
 * A value left for the reader to fill in: a template placeholder, an all-caps word where no word
 * belongs (`containerPort: PORT`), `<your value here>`, or one of those in brackets (`[YOUR_KEY]`).
 */
function isFillIn(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 1 && isFillIn(value[0]);
  return isPlaceholder(value) || (typeof value === 'string' && /^(?:[A-Z][A-Z0-9_]+|<[^<>]+>)$/.test(value.trim()));
}

/** Whether the API server's decoder takes this value for the field (before any validation of its content). */
export function fits(value: unknown, type: FieldType): boolean {
  switch (type.type) {
    case 'any':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    // IntOrString decodes a JSON string or an int32; a fraction fails to decode.
    case 'int-or-string':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
    case 'quantity':
      return typeof value === 'string' || typeof value === 'number';
    case 'list':
      return Array.isArray(value);
    case 'map':
    case 'object':
      return isRecord(value);
  }
}

/** The defined field a key most likely meant: the same name in another case, else a near spelling. */
export function nearestField(key: string, fields: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const near = closest(key, fields);
  // closest() allows 2 edits even in a 3-letter key, which turns `foo` into `os`: short keys get 1.
  const plausible = near !== undefined && editDistance(key, near) <= (key.length <= 5 ? 1 : Math.max(2, Math.floor(key.length / 4)));
  return fields.find((f) => f.toLowerCase() === lower) ?? (plausible ? near : undefined);
}

/** "a string", "an integer", "a list of ContainerPort", ... as a sentence fragment. */
export function describeType(type: FieldType): string {
  switch (type.type) {
    case 'any':
      return 'any value';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'int-or-string':
      return 'an integer or a string';
    case 'quantity':
      return 'a quantity (a number or a string such as "500m")';
    case 'list':
      return `a list of ${plural(type.of)}`;
    case 'map':
      return `a mapping of names to ${plural(type.of)}`;
    case 'object':
      return `a mapping (${type.name})`;
  }
}

const PLURALS: Record<FieldType['type'], string> = {
  any: 'values',
  string: 'strings',
  number: 'numbers',
  boolean: 'booleans',
  'int-or-string': 'integers or strings',
  quantity: 'quantities',
  list: 'lists',
  map: 'mappings',
  object: 'mappings',
};

function plural(type: FieldType): string {
  return type.type === 'object' ? `${type.name} mappings` : PLURALS[type.type];
}

/** What a value is, in the same words; `written` is its source text (`1.10`, not 1.1). */
export function describeValue(value: unknown, written?: string): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  if (typeof value === 'string') return `the string ${written && /^["']/.test(written) ? written : JSON.stringify(value)}`;
  if (typeof value === 'number') return `the ${Number.isInteger(value) ? 'integer' : 'number'} ${written ?? value}`;
  if (typeof value === 'boolean') return `the boolean ${written ?? value}`;
  return String(value);
}

/** A path as written in messages: `spec.containers[0].env`, map keys that are not plain names in brackets (`labels["app.kubernetes.io/name"]`). */
export function displayPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (!/^[A-Za-z_$][\w$-]*$/.test(seg)) out += `[${JSON.stringify(seg)}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** The `kubectl explain` argument for the mapping at a path: `deployment.spec.template.spec.containers`. */
export function explainPath(kind: string, path: Path): string {
  return [kind.toLowerCase(), ...path.filter((seg): seg is string => typeof seg === 'string')].join('.');
}
