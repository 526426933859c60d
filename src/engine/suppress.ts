import type { ManifestSet } from '../model/manifest-set.js';
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
  set: ManifestSet,
): Suppression | undefined {
  const annotation = object?.annotations[IGNORE_ANNOTATION];
  if (annotation !== undefined && listsRule(annotation, ruleIds))
    return { kind: 'annotation', justification: `${IGNORE_ANNOTATION} annotation` };
  const source = object?.locationSource ?? set.files.find((f) => f.path === location.file);
  if (!source) return undefined;
  for (const line of [location.line - 1, location.line]) {
    if (line < 1) continue;
    const comment = source.comment(line);
    if (!comment) continue;
    const m = IGNORE_COMMENT.exec(comment);
    if (!m) continue;
    const [rules, reason] = splitReason(m[1]);
    if (listsRule(rules, ruleIds)) return reason ? { kind: 'comment', justification: reason } : { kind: 'comment' };
  }
  return undefined;
}

function splitReason(text: string): [string, string | undefined] {
  const at = text.indexOf('--');
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 2).trim() || undefined];
}

function listsRule(list: string, ruleIds: readonly string[]): boolean {
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((id) => ruleIds.includes(id) || id === '*' || id === 'all');
}
