import { closest } from '../util/edit-distance.js';
import { locatePath, unpackSpan, type SourceFile } from './source.js';

/** One error of an ajv validator (standalone or not), as far as messages need it. */
export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A schema violation placed in its file: the key path (`nodePools.0.count`) and what is wrong with it. */
export interface SchemaProblem {
  line: number;
  column: number;
  /** e.g. "nodePools.0.count must be integer" */
  text: string;
}

/**
 * Turns ajv errors over a parsed YAML value into located messages: the key's line and column, the key
 * path, and wording for unknown keys (with a "did you mean" among `knownKeys(path)`), enums and rule ids.
 */
export function describeSchemaErrors(
  source: SourceFile,
  value: unknown,
  span: number,
  errors: AjvError[],
  knownKeys: (segments: Array<string | number>) => readonly string[] = () => [],
): SchemaProblem[] {
  return pickErrors(errors).map((error) => {
    const segments = error.instancePath.split('/').slice(1).map(decodePointer);
    let key = dotted(segments);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      const extra = String(error.params.additionalProperty);
      const near = closest(extra, knownKeys(segments));
      segments.push(extra);
      key = dotted(segments);
      message = 'is not a known setting';
      if (near) message += ` (did you mean ${near}?)`;
    } else if (error.keyword === 'enum') {
      const allowed = [...new Set((error.params.allowedValues as unknown[]).map((v) => JSON.stringify(String(v))))];
      message = `must be one of ${allowed.join(', ')}`;
    } else if (error.keyword === 'const') {
      message = `must be ${JSON.stringify(error.params.allowedValue)}`;
    } else if (error.keyword === 'propertyNames') {
      key = `${key}.${String(error.params.propertyName)}`;
      message = 'is not a valid rule id (lowercase letters, digits and dashes)';
    }
    const { span: at } = locatePath(value, span, segments);
    const pos = source.position(unpackSpan(at)[0]);
    return { line: pos.line, column: pos.column, text: `${key || '(top level)'} ${message}` };
  });
}

function dotted(segments: Array<string | number>): string {
  return segments.join('.');
}

/** oneOf produces one error per branch; keep the most specific ones, one per path. */
function pickErrors(errors: AjvError[]): AjvError[] {
  const seen = new Set<string>();
  const out: AjvError[] = [];
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  for (const e of specific.length ? specific : errors) {
    const k = `${e.instancePath}|${e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

function decodePointer(segment: string): string | number {
  const s = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(s) ? Number(s) : s;
}
