import { SEVERITY_RANK, type Finding, type ObjectRef } from '../types.js';
import type { RuleDefinition } from './rule.js';

/**
 * Folds the findings a rule's finding stands in for (RuleDefinition.replaces) into it: on the same
 * object, at or under its path. An unsuppressed replaced finding is dropped, and the standing-in
 * finding takes its severity when that is higher (unless the standing-in rule's severity is
 * configured); a suppressed one stays, so its suppression still counts as used. A standing-in
 * finding with nothing under it is dropped (the replaced rules, as configured, report nothing
 * there); one whose replaced findings are all suppressed is suppressed too.
 */
export function foldReplaced(
  findings: Finding[],
  rules: readonly RuleDefinition[],
  configured: (rule: RuleDefinition) => boolean,
): Finding[] {
  const replacing = new Map(rules.filter((r) => r.replaces?.length).map((r) => [r.id, r]));
  if (replacing.size === 0) return findings;
  const replacedIds = new Set([...replacing.values()].flatMap((r) => r.replaces ?? []));
  const byObject = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!replacedIds.has(f.ruleId) || !f.object) continue;
    const key = objectKey(f.location.file, f.object);
    const list = byObject.get(key);
    if (list) list.push(f);
    else byObject.set(key, [f]);
  }
  const dropped = new Set<Finding>();
  for (const f of findings) {
    const rule = replacing.get(f.ruleId);
    if (!rule || !f.object || f.path === null) continue;
    const under = (byObject.get(objectKey(f.location.file, f.object)) ?? []).filter(
      (r) => rule.replaces!.includes(r.ruleId) && isAtOrUnder(r.path, f.path!),
    );
    if (under.length === 0) {
      dropped.add(f);
      continue;
    }
    const open = under.filter((r) => !r.suppressed);
    for (const r of open) dropped.add(r);
    if (!configured(rule)) for (const r of open) if (SEVERITY_RANK[r.severity] > SEVERITY_RANK[f.severity]) f.severity = r.severity;
    if (open.length === 0 && !f.suppressed) {
      const names = [...new Set(under.map((r) => r.ruleId))].join(', ');
      f.suppressed = { ...under[0].suppressed!, justification: `the findings it stands for (${names}) are suppressed` };
    }
  }
  return dropped.size ? findings.filter((f) => !dropped.has(f)) : findings;
}

function isAtOrUnder(path: string | null, prefix: string): boolean {
  return path !== null && (path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
}

function objectKey(file: string, ref: ObjectRef): string {
  return `${file}\u0000${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name ?? ''}`;
}
