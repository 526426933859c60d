import { createHash } from 'node:crypto';
import type { Finding, ObjectRef } from '../types.js';

export function describeObject(object: ObjectRef): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name ?? '(unnamed)'}`;
}

/**
 * Stable across unrelated edits that move lines: the object and field, not the line number, when
 * there is one. `file` is the finding's path as the consumer resolves it (repository-relative).
 */
export function fingerprint(f: Finding, file: string): string {
  const where = f.object ? `${describeObject(f.object)}\u0000${f.path ?? ''}` : `${f.location.line}:${f.location.column}`;
  return createHash('sha256').update(`${f.ruleId}\u0000${file}\u0000${where}\u0000${f.message}`).digest('hex').slice(0, 32);
}

/**
 * Fingerprints for a whole report, distinct from each other: GitLab keeps one issue per
 * fingerprint, so a second finding that would share one (the same message twice on one object)
 * gets its occurrence number mixed in.
 */
export function distinctFingerprints(findings: readonly Finding[], fileOf: (f: Finding) => string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = fingerprint(f, fileOf(f));
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return occurrence === 0 ? base : createHash('sha256').update(`${base}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}
