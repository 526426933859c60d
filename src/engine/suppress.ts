import type { SourceFile } from '../load/source.js';
import type { K8sObject } from '../model/object.js';
import type { SourceLocation, Suppression } from '../types.js';

export const IGNORE_ANNOTATION = 'kube-intent.io/ignore';
const IGNORE_COMMENT = /^kube-intent-ignore\s+([^\s].*)$/;

/**
 * A finding is suppressed by the object's `kube-intent.io/ignore` annotation, or by a
 * `# kube-intent-ignore rule-a, rule-b -- reason` comment on the line above the reported field
 * (or at the end of that line).
 */
export function findSuppression(
  /** The rule's id and former ids: a comment or annotation naming any of them applies. */
  ruleIds: readonly string[],
  object: K8sObject | undefined,
  location: SourceLocation,
  /** The file the finding points into (where the object was written, for rendered output). */
  source: SourceFile | undefined,
): Suppression | undefined {
  const annotation = object?.annotations[IGNORE_ANNOTATION];
  if (annotation !== undefined && listsRule(annotation, ruleIds))
    return { kind: 'annotation', justification: `${IGNORE_ANNOTATION} annotation` };
  if (!source) return undefined;
  const line = suppressingCommentLine(ruleIds, location, source);
  if (line === undefined) return undefined;
  const { reason } = ignoreComment(source.comment(line))!;
  const comment = { file: source.path, line };
  return reason ? { kind: 'comment', justification: reason, comment } : { kind: 'comment', comment };
}

/** The line of the comment that suppresses a finding at `location`: the line above, else that line. */
function suppressingCommentLine(ruleIds: readonly string[], location: SourceLocation, source: SourceFile): number | undefined {
  for (const line of [location.line - 1, location.line]) {
    if (line < 1) continue;
    const parsed = ignoreComment(source.comment(line));
    if (parsed && listsRule(parsed.rules, ruleIds)) return line;
  }
  return undefined;
}

/** A `kube-intent-ignore rule-a, rule-b -- reason` comment's rule list and reason, or undefined for other comments. */
export function ignoreComment(comment: string | null): { rules: string; reason?: string } | undefined {
  const m = comment === null ? null : IGNORE_COMMENT.exec(comment);
  if (!m) return undefined;
  const [rules, reason] = splitReason(m[1]);
  return reason ? { rules, reason } : { rules };
}

function splitReason(text: string): [string, string | undefined] {
  const at = text.indexOf('--');
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 2).trim() || undefined];
}

function listsRule(list: string, ruleIds: readonly string[]): boolean {
  return listedRules(list).some((id) => ruleIds.includes(id) || id === '*' || id === 'all');
}

/** The rule ids a suppression comment or annotation names (`*` and `all` included as written). */
export function listedRules(list: string): string[] {
  return list.split(/[\s,]+/).filter(Boolean);
}
