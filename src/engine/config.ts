import fs from 'node:fs';
import path from 'node:path';
import { globProblem } from '../load/glob.js';
import { parseSource } from '../load/parse.js';
import { readTextFile } from '../load/read.js';
import { SourceFile, locatePath, unpackSpan } from '../load/source.js';
import { formatPath, type SeverityOrOff, type Severity } from '../types.js';
import { describeSchemaErrors, type AjvError } from '../load/schema-errors.js';
import CONFIG_SCHEMA from './config.schema.json' with { type: 'json' };
// @ts-expect-error generated JavaScript without types (scripts/gen-config-validator.mjs)
import validateConfig from './config-validator.generated.js';

export const CONFIG_FILE = '.kube-intent.yaml';
/** A config is a few KiB; the bound keeps `-c /dev/zero` or a runaway file from filling memory. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const ALT_CONFIG_FILE = '.kube-intent.yml';

export interface ClusterConfig {
  defaultStorageClass?: { name: string; volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer' };
  /** Number of zones, or their names. */
  zones?: number | string[];
  /** Ask cross-object rules to mention what they cannot resolve, as info. */
  strict?: boolean;
  /** A cluster file (nodes or ClusterProfile) that turns on the simulation rules; relative to the config file. */
  profile?: string;
}

export interface CustomRuleConfig {
  id: string;
  severity?: Severity;
  message: string;
  summary?: string;
  declared?: string;
  interpreted?: string;
  fix?: string;
  kinds: string[];
  match?: { namespaces?: string[]; labels?: Record<string, string> };
  schema: Record<string, unknown>;
}

export interface Config {
  failOn?: Severity | 'none';
  maxWarnings?: number;
  rules?: Record<string, SeverityOrOff | { severity: SeverityOrOff }>;
  ignore?: { paths?: string[]; objects?: Array<{ kind?: string; namespace?: string; name?: string }> };
  plugins?: string[];
  cluster?: ClusterConfig;
  customRules?: CustomRuleConfig[];
}

export interface LoadedConfig {
  config: Config;
  /** "file:line:column" of a key path in the config file (the file alone when there is none). */
  position?: (segments: Array<string | number>) => string;
  /** The file it came from, or null when none was found. */
  file: string | null;
  /** Folder that relative paths in the config (plugins) are resolved against. */
  baseDir: string;
}

/** A config problem: the CLI prints it and exits 2. */
export class ConfigError extends Error {}

/** Walks up from `start` to the filesystem root looking for .kube-intent.yaml. */
export function findConfig(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of [CONFIG_FILE, ALT_CONFIG_FILE]) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig {
  const found = explicit ?? findConfig(cwd);
  if (!found) return { config: {}, file: null, baseDir: cwd };
  const relative = path.relative(cwd, found);
  const file = explicit ?? (relative.startsWith('..') ? found : relative);
  const absolute = path.resolve(cwd, found);
  const read = readTextFile(absolute, MAX_CONFIG_BYTES);
  if ('error' in read) throw new ConfigError(`${file}: cannot read config: ${read.error.replace(/; skipped$/, '')}`);
  const { text } = read;
  return {
    config: parseConfig(file, text),
    file,
    baseDir: path.dirname(absolute),
    position: (segments) => keyPosition(file, text, segments),
  };
}

function keyPosition(file: string, text: string, segments: Array<string | number>): string {
  const source = new SourceFile(file, text);
  const doc = parseSource(source, '1.2').documents[0];
  if (!doc) return file;
  const pos = source.position(unpackSpan(locatePath(doc.value, doc.span, segments).span)[0]);
  return `${file}:${pos.line}:${pos.column}`;
}

/** Parses and validates config text; errors name the file, line, column and the bad key. */
export function parseConfig(file: string, text: string): Config {
  const source = new SourceFile(file, text);
  const { documents, problems } = parseSource(source, '1.2');
  const problem = problems.find((p) => p.ruleId !== 'duplicate-key') ?? problems[0];
  if (problem) {
    throw new ConfigError(
      `${file}:${problem.location.line}:${problem.location.column}: ${problem.message.replace(/; this (document|file) is skipped$/, '')}`,
    );
  }
  if (documents.length > 1) throw new ConfigError(`${file}: a config file holds one YAML document, found ${documents.length}`);
  const doc = documents[0];
  const value = doc?.value ?? {};
  if (!validateConfig(value)) {
    const errors = (validateConfig as { errors: AjvError[] }).errors;
    throw new ConfigError(describeErrors(source, value, doc?.span ?? 0, errors));
  }
  checkGlobs(source, value as Config, doc?.span ?? 0);
  return value as Config;
}

/** Every glob of the config is checked when it is read: a typo is one line naming file, line and key, not a failure later. */
function checkGlobs(source: SourceFile, config: Config, span: number): void {
  const globs: Array<[Array<string | number>, string | undefined]> = [
    ...(config.ignore?.paths ?? []).map((p, i): [Array<string | number>, string] => [['ignore', 'paths', i], p]),
    ...(config.ignore?.objects ?? []).flatMap((o, i): Array<[Array<string | number>, string | undefined]> => [
      [['ignore', 'objects', i, 'namespace'], o.namespace],
      [['ignore', 'objects', i, 'name'], o.name],
    ]),
    ...(config.customRules ?? []).flatMap((r, i) =>
      (r.match?.namespaces ?? []).map((ns, j): [Array<string | number>, string] => [['customRules', i, 'match', 'namespaces', j], ns]),
    ),
  ];
  for (const [segments, pattern] of globs) {
    const problem = pattern === undefined ? undefined : globProblem(pattern);
    if (!problem) continue;
    const pos = source.position(unpackSpan(locatePath(config, span, segments).span)[0]);
    throw new ConfigError(`${source.path}:${pos.line}:${pos.column}: ${formatPath(segments)} "${pattern}" is not a valid glob: ${problem}`);
  }
}

function describeErrors(source: SourceFile, value: unknown, span: number, errors: AjvError[]): string {
  const topLevel = Object.keys(CONFIG_SCHEMA.properties);
  return describeSchemaErrors(source, value, span, errors, (segments) => (segments.length === 0 ? topLevel : []))
    .map((p) => `${source.path}:${p.line}:${p.column}: ${p.text}`)
    .join('\n');
}

/** The configured severity of a rule, or undefined when the config says nothing about it. */
export function configuredSeverity(config: Config, ruleId: string): SeverityOrOff | undefined {
  const entry = config.rules?.[ruleId];
  if (entry === undefined) return undefined;
  return typeof entry === 'string' ? entry : entry.severity;
}
