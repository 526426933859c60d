import type { SourceFile } from '../load/source.js';
import { compareFindings, type LintResult } from './run.js';
import { keepFindings } from './changed.js';
import { IGNORE_ANNOTATION, ignoreComment, listedRules } from './suppress.js';
import type { Finding, ObjectRef } from '../types.js';
import { ruleNames, type RuleDefinition } from './rule.js';

export const UNUSED_SUPPRESSION = 'unused-suppression';

const DOCS = {
  declared: 'a kube-intent-ignore comment or kube-intent.io/ignore annotation naming a rule',
  interpreted: 'nothing it names is reported there, so it hides nothing today and would silently hide a future finding',
  fix: 'remove the rule id (or the whole comment or annotation), or fix its spelling if it was meant for a finding that is still reported',
};

/**
 * --report-unused-suppressions: every suppression comment and annotation entry that suppressed
 * nothing in this run becomes an error finding (ESLint's --report-unused-disable-directives).
 */
export function withUnusedSuppressions(result: LintResult, rules: readonly RuleDefinition[]): LintResult {
  const set = result.set;
  if (!set) return result;
  // A comment may name a rule by a former id: it counts as used like the current one.
  const currentId = new Map(rules.flatMap((rule) => ruleNames(rule).map((name) => [name, rule.id] as const)));
  const listed = (list: string) => listedRules(list).map((id) => ({ written: id, id: currentId.get(id) ?? id }));
  const usedComments = new Set<string>();
  const usedAnnotations = new Set<string>();
  for (const f of result.findings) {
    if (f.suppressed?.comment) usedComments.add(`${f.suppressed.comment.file}\u0000${f.suppressed.comment.line}\u0000${f.ruleId}`);
    if (f.suppressed?.kind === 'annotation' && f.object) usedAnnotations.add(`${refKey(f.object)}\u0000${f.ruleId}`);
  }
  const unused: Finding[] = [];
  const sources = new Map<string, SourceFile>();
  for (const file of set.files) sources.set(file.path, file);
  for (const object of set.objects) sources.set(object.locationSource.path, object.locationSource);
  for (const source of sources.values()) {
    for (const line of linesMentioning(source, 'kube-intent-ignore')) {
      const parsed = ignoreComment(source.comment(line));
      if (!parsed) continue;
      const used = (id: string) =>
        id === '*' || id === 'all'
          ? [...usedComments].some((k) => k.startsWith(`${source.path}\u0000${line}\u0000`))
          : usedComments.has(`${source.path}\u0000${line}\u0000${id}`);
      const idle = listed(parsed.rules)
        .filter(({ id }) => !used(id))
        .map(({ written }) => written);
      if (!idle.length) continue;
      const column = source.line(line).indexOf('#') + 1;
      unused.push(
        finding(
          `kube-intent-ignore ${idle.join(', ')} suppresses nothing here`,
          { file: source.path, line, column, endLine: line, endColumn: source.line(line).length + 1 },
          null,
        ),
      );
    }
  }
  for (const object of set.objects) {
    const annotation = object.annotations[IGNORE_ANNOTATION];
    if (annotation === undefined) continue;
    const key = refKey(object.ref);
    const idle = listedRules(annotation).filter((id) =>
      id === '*' || id === 'all'
        ? ![...usedAnnotations].some((k) => k.startsWith(`${key}\u0000`))
        : !usedAnnotations.has(`${key}\u0000${id}`),
    );
    if (!idle.length) continue;
    unused.push(
      finding(
        `${IGNORE_ANNOTATION} on ${object.display} lists ${idle.join(', ')}, which report${idle.length === 1 ? 's' : ''} nothing on it`,
        object.locate(['metadata', 'annotations', IGNORE_ANNOTATION]),
        object.ref,
      ),
    );
  }
  if (!unused.length) return result;
  const findings = [...result.findings, ...unused].sort(compareFindings);
  return keepFindings({ ...result, findings }, () => true);
}

function finding(message: string, location: Finding['location'], object: ObjectRef | null): Finding {
  return { ruleId: UNUSED_SUPPRESSION, severity: 'error', message, ...DOCS, object, location, path: null, related: [] };
}

function linesMentioning(source: SourceFile, word: string): number[] {
  const lines = new Set<number>();
  for (let at = source.text.indexOf(word); at !== -1; at = source.text.indexOf(word, at + word.length)) lines.add(source.position(at).line);
  return [...lines];
}

function refKey(ref: ObjectRef): string {
  return `${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name ?? ''}`;
}
