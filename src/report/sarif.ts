import { createHash } from 'node:crypto';
import type { RuleDefinition } from '../engine/rule.js';
import type { Finding, ObjectRef, Severity, SourceLocation } from '../types.js';
import { version } from '../version.js';
import type { Formatter } from './format.js';
import { relativePath } from './paths.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule described, suppressed findings kept
 * with an inSource suppression so code scanning shows them as dismissed rather than losing them.
 */
const sarif: Formatter = (result, options) => {
  const cwd = options.cwd ?? process.cwd();
  const descriptors = describeRules(options.rules, result.findings);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId)!,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      { physicalLocation: physicalLocation(f.location, cwd), ...(f.object ? { logicalLocations: [logicalLocation(f.object)] } : {}) },
    ],
    ...(f.related.length
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            physicalLocation: physicalLocation(r.location, cwd),
            message: { text: r.message ?? (r.object ? describeObject(r.object) : 'related') },
          })),
        }
      : {}),
    partialFingerprints: { 'kubeIntentFinding/v1': fingerprint(f, cwd) },
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
        tool: { driver: { name: 'kube-intent', version, semanticVersion: version, rules: descriptors } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

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
      properties: { category: rule.category, tags: ['kubernetes', rule.category] },
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
    });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function helpFor(docs: { declared: string; interpreted: string; fix: string; details?: string }) {
  const details = docs.details ? [docs.details] : [];
  return {
    text: [`Declared: ${docs.declared}`, `Interpreted: ${docs.interpreted}`, `Fix: ${docs.fix}`, ...details].join('\n'),
    markdown: [`**Declared:** ${docs.declared}`, `**Interpreted:** ${docs.interpreted}`, `**Fix:** ${docs.fix}`, ...details].join('\n\n'),
  };
}

function physicalLocation(location: SourceLocation, cwd: string) {
  return {
    artifactLocation: { uri: toUri(relativePath(location.file, cwd)) },
    region: { startLine: location.line, startColumn: location.column, endLine: location.endLine, endColumn: location.endColumn },
  };
}

/** A relative URI reference: each path segment percent-encoded, forward slashes kept. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function logicalLocation(object: ObjectRef) {
  return { fullyQualifiedName: describeObject(object), kind: 'object' };
}

function describeObject(object: ObjectRef): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name ?? '(unnamed)'}`;
}

/** Stable across unrelated edits that move lines: the object and field, not the line number, when there is one. */
function fingerprint(f: Finding, cwd: string): string {
  const where = f.object ? `${describeObject(f.object)}\u0000${f.path ?? ''}` : `${f.location.line}:${f.location.column}`;
  return createHash('sha256')
    .update(`${f.ruleId}\u0000${relativePath(f.location.file, cwd)}\u0000${where}\u0000${f.message}`)
    .digest('hex')
    .slice(0, 32);
}

function camelCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export default sarif;
