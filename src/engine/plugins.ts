import { spawnSync } from '../util/spawn.js';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './config.js';
import { RULE_CATEGORIES, type RuleDefinition } from './rule.js';
import { describeError } from '../load/read.js';

export const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;
const SEVERITIES = ['error', 'warning', 'info'];
const MAX_PLUGIN_BYTES = 64 * 1024 * 1024;

/** Performs import(): the CLI's launcher supplies one, since its bundle runs where import() cannot. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** A plugin file to load, as the user wrote it and where that path is relative to. */
export interface PluginSpec {
  path: string;
  baseDir: string;
  /** Where the user named it, for messages: "--plugin" or the config file. */
  origin: string;
}

export interface LoadedPlugin {
  /** The path as the user wrote it. */
  name: string;
  file: string;
  rules: RuleDefinition[];
}

/** Imports each plugin once (a file named twice loads once); any problem is a one-line ConfigError. */
export async function loadPlugins(specs: readonly PluginSpec[], importModule: ModuleImporter): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const file = path.resolve(spec.baseDir, spec.path);
    if (seen.has(file)) continue;
    seen.add(file);
    loaded.push({ name: spec.path, file, rules: await loadPlugin(spec, file, importModule) });
  }
  return loaded;
}

async function loadPlugin(spec: PluginSpec, file: string, importModule: ModuleImporter): Promise<RuleDefinition[]> {
  const fail = (reason: string) => new ConfigError(`plugin ${spec.path} (${spec.origin}): ${reason}`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch (err) {
    throw fail(`${file}: ${describeError(err).replace(/; skipped$/, '')}`);
  }
  if (!stat) throw fail(`no such file: ${file}`);
  // import() would block on a FIFO and read /dev/zero until memory runs out.
  if (!stat.isFile()) throw fail(`not a regular file: ${file}`);
  if (stat.size > MAX_PLUGIN_BYTES) throw fail(`${file} is over ${MAX_PLUGIN_BYTES / 1024 / 1024} MiB, too big for a rules module`);
  let module: { default?: unknown };
  try {
    module = (await importModule(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw fail(`cannot load it: ${describeLoadError(err, file)}`);
  }
  const exported = module.default;
  if (exported === undefined) throw fail('it has no default export; export default defineRule({ ... }) or an array of rules');
  const list = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0) throw fail('its default export is an empty array');
  list.forEach((rule, i) => {
    const problem = ruleShapeProblem(rule);
    if (problem) throw fail(`${Array.isArray(exported) ? `rule [${i}]` : 'the default export'} is not a rule: ${problem}`);
  });
  return list as RuleDefinition[];
}

/** The first way a value fails to be a RuleDefinition, or undefined. */
export function ruleShapeProblem(rule: unknown): string | undefined {
  if (rule === null || typeof rule !== 'object')
    return `expected an object made with defineRule, got ${rule === null ? 'null' : typeof rule}`;
  const r = rule as Record<string, unknown>;
  if (typeof r.id !== 'string' || !RULE_ID.test(r.id))
    return `id must be lowercase letters, digits and dashes, got ${JSON.stringify(r.id)}`;
  const named = `rule "${r.id}"`;
  if (!SEVERITIES.includes(r.severity as string))
    return `${named}: severity must be "error", "warning" or "info", got ${JSON.stringify(r.severity)}`;
  if (!(RULE_CATEGORIES as readonly unknown[]).includes(r.category))
    return `${named}: category must be one of ${RULE_CATEGORIES.join(', ')}, got ${JSON.stringify(r.category)}`;
  if (typeof r.summary !== 'string' || r.summary === '') return `${named}: summary must be a non-empty string`;
  const docs = r.docs as Record<string, unknown> | undefined;
  if (docs === null || typeof docs !== 'object') return `${named}: docs must be an object with declared, interpreted and fix`;
  for (const key of ['declared', 'interpreted', 'fix']) {
    if (typeof docs[key] !== 'string' || docs[key] === '') return `${named}: docs.${key} must be a non-empty string`;
  }
  if (r.aliases !== undefined && !(Array.isArray(r.aliases) && r.aliases.every((a) => typeof a === 'string' && RULE_ID.test(a))))
    return `${named}: aliases must be a list of former rule ids (lowercase letters, digits and dashes)`;
  if (r.replaces !== undefined && !(Array.isArray(r.replaces) && r.replaces.every((a) => typeof a === 'string' && RULE_ID.test(a))))
    return `${named}: replaces must be a list of rule ids`;
  if (r.docsUrl !== undefined && !isWebUrl(r.docsUrl))
    return `${named}: docsUrl must be an absolute http(s) URL, got ${JSON.stringify(r.docsUrl)}`;
  if (r.enabledByDefault !== undefined && typeof r.enabledByDefault !== 'boolean')
    return `${named}: enabledByDefault must be true or false`;
  if (typeof r.check !== 'function') return `${named}: check must be a function (ctx) => void`;
  if (r.check.constructor.name === 'AsyncFunction') return `${named}: check must be synchronous (the engine does not wait for promises)`;
  return undefined;
}

function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** One line: the error and, for a syntax error in the plugin file, its line. */
function describeLoadError(err: unknown, file: string): string {
  if (!(err instanceof Error)) return String(err);
  const message = `${err.name}: ${err.message.split('\n')[0]}`;
  return err.name === 'SyntaxError' ? `${message}${syntaxErrorLine(file)}` : message;
}

/**
 * import() does not say where a syntax error is; `node --check` does (first line "<file>:<line>").
 * Runs only on this failure path.
 */
function syntaxErrorLine(file: string): string {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  const where = /^\S.*:(\d+)$/m.exec(check.stderr ?? '');
  return check.status !== 0 && where ? ` (line ${where[1]})` : '';
}
