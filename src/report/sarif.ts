import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleDefinition } from '../engine/rule.js';
import type { Finding, ObjectRef, Severity, SourceLocation } from '../types.js';
import { version } from '../version.js';
import pkg from '../../package.json' with { type: 'json' };
import { describeObject, fingerprint } from './fingerprint.js';
import type { Formatter } from './format.js';
import { isFilePath, pathInRepository, repositoryRoot } from './paths.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning's own severity scale (`problem.severity`). */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = {
  error: 'error',
  warning: 'warning',
  info: 'recommendation',
};
/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS = 25_000;
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule described, paths relative to the
 * repository root (`%SRCROOT%`) so alerts open on the right file whatever folder the run started in.
 * GitHub ignores SARIF suppressions, so suppressed findings are left out unless asked for.
 */
const sarif: Formatter = (result, options) => {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? repositoryRoot(cwd);
  const shown = options.includeSuppressed ? result.findings : result.findings.filter((f) => !f.suppressed);
  const kept = capResults(shown);
  if (kept.length < shown.length)
    options.warn?.(
      `SARIF: ${shown.length - kept.length} of ${shown.length} results left out: code scanning accepts at most ${MAX_RESULTS} per run (errors were kept first)`,
    );
  const descriptors = describeRules(options.rules, result.findings);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const location = (l: SourceLocation) => physicalLocation(l, cwd, root);
  const results = kept.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId)!,
    level: LEVEL[f.severity],
    message: { text: messageText(f) },
    locations: [{ physicalLocation: location(f.location), ...(f.object ? { logicalLocations: [logicalLocation(f.object)] } : {}) }],
    ...(f.related.length
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            physicalLocation: location(r.location),
            message: { text: relatedText(r) },
          })),
        }
      : {}),
    partialFingerprints: { 'kubeIntentFinding/v1': fingerprint(f, pathInRepository(f.location.file, cwd, root) ?? f.location.file) },
    ...(f.suppressed
      ? { suppressions: [{ kind: 'inSource', justification: f.suppressed.justification ?? `kube-intent-ignore ${f.suppressed.kind}` }] }
      : {}),
    properties: { declared: f.declared, interpreted: f.interpreted, fix: f.fix, ...(f.path ? { path: f.path } : {}) },
  }));
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'kube-intent', version, semanticVersion: version, informationUri: pkg.homepage, rules: descriptors },
        },
        ...(options.sarifCategory ? { automationDetails: { id: automationId(options.sarifCategory) } } : {}),
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/** At most MAX_RESULTS, errors first, then warnings, then notes; the kept ones stay in report order. */
function capResults(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_RESULTS) return findings;
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const order = findings.map((f, i) => i).sort((a, b) => rank[findings[a].severity] - rank[findings[b].severity] || a - b);
  const keep = new Set(order.slice(0, MAX_RESULTS));
  return findings.filter((_, i) => keep.has(i));
}

/**
 * GitHub shows related locations only where the message links them (`[text](id)`), so the
 * message names each one. Brackets in the text are escaped as SARIF's message syntax asks.
 */
function messageText(f: Finding): string {
  const text = escapeMessage(f.message);
  if (!f.related.length) return text;
  const links = f.related.map((r, i) => `[${escapeMessage(relatedLabel(r))}](${i + 1})`);
  return `${text} (see ${links.join(', ')})`;
}

function relatedLabel(r: Finding['related'][number]): string {
  return r.object ? describeObject(r.object) : 'related location';
}

function relatedText(r: Finding['related'][number]): string {
  return r.message ?? relatedLabel(r);
}

function escapeMessage(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** SARIF wants a category-like id ending in `/` for a category, as codeql-action writes it. */
function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

interface Descriptor {
  id: string;
  [key: string]: unknown;
}

/** Every rule that ran, sorted by id, plus any id only seen in findings (rule-error). */
function describeRules(rules: readonly RuleDefinition[], findings: Finding[]): Descriptor[] {
  const byId = new Map<string, Descriptor>();
  for (const rule of rules) {
    byId.set(rule.id, {
      id: rule.id,
      name: camelCase(rule.id),
      shortDescription: { text: rule.summary },
      fullDescription: { text: `${rule.summary}. Declared: ${rule.docs.declared}. Interpreted: ${rule.docs.interpreted}.` },
      defaultConfiguration: { level: LEVEL[rule.severity], ...(rule.enabledByDefault === false ? { enabled: false } : {}) },
      ...(rule.aliases?.length ? { deprecatedIds: [...rule.aliases] } : {}),
      ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
      help: helpFor(rule.docs),
      properties: {
        category: rule.category,
        tags: ['kubernetes', rule.category],
        precision: precisionOf(rule.category),
        'problem.severity': PROBLEM_SEVERITY[rule.severity],
      },
    });
  }
  for (const f of findings) {
    if (byId.has(f.ruleId)) continue;
    byId.set(f.ruleId, {
      id: f.ruleId,
      name: camelCase(f.ruleId),
      shortDescription: { text: f.ruleId },
      fullDescription: { text: f.interpreted },
      defaultConfiguration: { level: LEVEL[f.severity] },
      help: helpFor(f),
      properties: { precision: precisionOf('input'), 'problem.severity': PROBLEM_SEVERITY[f.severity] },
    });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * How often a finding is right (code scanning sorts by it). Input problems (syntax, unreadable
 * files, rule errors) are facts about the file; the semantic rules read what the manifests say but
 * cannot see the cluster, which may hold the object or setting a finding calls missing.
 */
function precisionOf(category: string): 'very-high' | 'high' {
  return category === 'input' ? 'very-high' : 'high';
}

function helpFor(docs: { declared: string; interpreted: string; fix: string; details?: string }) {
  const details = docs.details ? [docs.details] : [];
  return {
    text: [`Declared: ${docs.declared}`, `Interpreted: ${docs.interpreted}`, `Fix: ${docs.fix}`, ...details].join('\n'),
    markdown: [`**Declared:** ${docs.declared}`, `**Interpreted:** ${docs.interpreted}`, `**Fix:** ${docs.fix}`, ...details].join('\n\n'),
  };
}

/**
 * Files in the repository are relative to `%SRCROOT%`; files outside it get an absolute file URI;
 * stdin and rendered output (no file) keep their label as a relative reference.
 */
function physicalLocation(location: SourceLocation, cwd: string, root: string) {
  const inRepo = pathInRepository(location.file, cwd, root);
  const artifactLocation =
    inRepo !== undefined
      ? { uri: toUri(inRepo), uriBaseId: SRCROOT }
      : isFilePath(location.file)
        ? { uri: pathToFileURL(path.resolve(cwd, location.file)).href }
        : { uri: toUri(location.file) };
  return {
    artifactLocation,
    region: { startLine: location.line, startColumn: location.column, endLine: location.endLine, endColumn: location.endColumn },
  };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A relative URI reference: each path segment percent-encoded, forward slashes kept. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function logicalLocation(object: ObjectRef) {
  return { fullyQualifiedName: describeObject(object), kind: 'object' };
}

function camelCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export default sarif;
