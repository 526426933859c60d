import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileGlob } from '../load/glob.js';
import { parseSource } from '../load/parse.js';
import { SourceFile, locatePath, unpackSpan } from '../load/source.js';
import type { K8sObject } from '../model/object.js';
import { formatPath, type Path } from '../types.js';
import { ConfigError, type CustomRuleConfig, type LoadedConfig } from './config.js';
import { defineRule, type RuleDefinition } from './rule.js';
import { boundedRegExp, PatternTimeout } from './bounded-regexp.js';

export interface CustomRule {
  rule: RuleDefinition;
  /** "customRules[0] (.kube-intent.yaml:12:5)", for messages about the rule itself. */
  origin: string;
}

/**
 * Turns the config's customRules into rules: each object of the listed kinds that the match
 * selects must satisfy the JSON Schema. ajv is loaded here, and only when there are custom rules.
 */
export async function compileCustomRules(loaded: LoadedConfig): Promise<CustomRule[]> {
  const entries = loaded.config.customRules ?? [];
  if (entries.length === 0) return [];
  const ajv = new (await loadAjv())({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    logger: false,
    code: { regExp: boundedRegExp },
  });
  const position = configLocator(loaded);
  return entries.map((entry, i) => {
    const at = (path: Path) => position(['customRules', i, ...path]);
    const origin = `customRules[${i}] (${at(['id'])})`;
    if (!ajv.validateSchema(entry.schema)) {
      const error = (ajv.errors ?? [])[0];
      const segments = pointerSegments(error?.instancePath ?? '');
      throw new ConfigError(
        `${at(['schema', ...segments])}: customRules[${i}].schema${segments.length ? `.${formatPath(segments)}` : ''} is not a valid JSON Schema: ${error?.message ?? 'invalid'}`,
      );
    }
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(entry.schema);
    } catch (err) {
      throw new ConfigError(`${at(['schema'])}: customRules[${i}].schema cannot be compiled: ${(err as Error).message}`);
    }
    return { rule: customRule(entry, validate, loaded.file ?? 'the config', origin), origin };
  });
}

function customRule(entry: CustomRuleConfig, validate: ValidateFunction, configFile: string, origin: string): RuleDefinition {
  const kinds = entry.kinds.join(', ');
  const selects = objectMatcher(entry);
  return defineRule({
    id: entry.id,
    severity: entry.severity ?? 'warning',
    category: 'custom',
    summary: entry.summary ?? entry.message,
    docs: {
      declared: entry.declared ?? `a ${kinds} that does not satisfy the schema of the custom rule ${entry.id}`,
      interpreted:
        entry.interpreted ?? `the customRules entry ${entry.id} in ${configFile} requires every matching ${kinds} to satisfy its schema`,
      fix: entry.fix ?? `change the object so it satisfies the schema of ${entry.id}`,
    },
    check(ctx) {
      for (const kind of entry.kinds) {
        for (const object of ctx.objects(kind)) {
          if (!selects(object)) continue;
          let valid: boolean;
          try {
            valid = validate(object.raw) as boolean;
          } catch (err) {
            if (!(err instanceof PatternTimeout)) throw err;
            ctx.report({
              object,
              severity: 'error',
              message: `${entry.id}: ${err.message} of ${object.display} (catastrophic backtracking?); this object was not checked`,
              declared: `a schema pattern of ${origin}: ${JSON.stringify(err.pattern)}`,
              interpreted: 'the pattern backtracks for so long on this value that the match was given up',
              fix: 'rewrite the pattern without a repeated group that itself repeats, such as (a+)+ or (a|a)*',
            });
            continue;
          }
          if (valid) continue;
          for (const error of significantErrors(validate.errors ?? [])) {
            const { at, named } = errorPath(object.raw, error);
            const field = formatPath(at);
            const problem = `${field ? `${field} ` : ''}${error.message ?? 'is invalid'}${named !== undefined && !NAMES_PROPERTY.has(error.keyword) ? ` ('${named}')` : ''}`;
            ctx.report({
              object,
              path: named === undefined ? at : [...at, named],
              message: `${entry.message}: ${problem}`,
              declared: entry.declared ?? `${object.display}: ${problem}`,
            });
          }
        }
      }
    },
  });
}

function objectMatcher(entry: CustomRuleConfig): (object: K8sObject) => boolean {
  const namespaces = entry.match?.namespaces?.map((ns) => compileGlob(ns));
  const labels = Object.entries(entry.match?.labels ?? {});
  return (object) =>
    (namespaces === undefined || (object.namespace !== null && namespaces.some((re) => re.test(object.namespace!)))) &&
    labels.every(([key, value]) => object.labels[key] === value);
}

/**
 * With allErrors, a failed anyOf/oneOf also reports every branch's errors: keep the combined one.
 * An if/then failure is reported by the then-branch's own errors.
 */
function significantErrors(errors: ErrorObject[]): ErrorObject[] {
  const combined = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'if' || combined.some((prefix) => e.schemaPath.startsWith(prefix))) return false;
    const key = `${e.instancePath}\u0000${e.message}\u0000${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Keywords whose ajv message already names the property. */
const NAMES_PROPERTY = new Set(['required', 'dependencies', 'dependentRequired']);

/**
 * The object path of an error, and the property it is about when ajv reports it on the parent
 * (missing, additional or badly named): the finding goes to that property, or to the parent
 * when the property is absent.
 */
function errorPath(raw: unknown, error: ErrorObject): { at: Path; named: string | undefined } {
  const path: Array<string | number> = [];
  let node = raw;
  for (const segment of pointerSegments(error.instancePath)) {
    const step = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(step);
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  }
  const named = error.params.missingProperty ?? error.params.additionalProperty ?? error.params.propertyName;
  return { at: path, named: typeof named === 'string' ? named : undefined };
}

function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** "file:line:column" of a path in the config file (parsed again with positions, once). */
function configLocator(loaded: LoadedConfig): (path: Path) => string {
  let parsed: { source: SourceFile; value: unknown; span: number } | null | undefined;
  return (at) => {
    if (parsed === undefined) {
      const text = loaded.file ? fs.readFileSync(path.join(loaded.baseDir, path.basename(loaded.file)), 'utf8') : undefined;
      const source = text === undefined ? undefined : new SourceFile(loaded.file!, text);
      const doc = source && parseSource(source, '1.2').documents[0];
      parsed = source && doc ? { source, value: doc.value, span: doc.span } : null;
    }
    if (parsed === null) return loaded.file ?? 'the config';
    const { line, column } = parsed.source.position(unpackSpan(locatePath(parsed.value, parsed.span, at).span)[0]);
    return `${loaded.file}:${line}:${column}`;
  };
}

type AjvClass = typeof import('ajv').default;

/** Bundled as a chunk of its own: read and evaluated only by a run with custom rules. */
async function loadAjv(): Promise<AjvClass> {
  const module = (await import('ajv')) as unknown as { default: AjvClass | { default: AjvClass } };
  return 'default' in module.default ? module.default.default : module.default;
}
