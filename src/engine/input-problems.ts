import type { RuleContext } from './rule.js';

/** Parse-level rules report what the loader found; this forwards the problems with their id. */
export function reportInputProblems(ctx: RuleContext, ruleId: string): void {
  for (const problem of ctx.inputProblems()) {
    if (problem.ruleId === ruleId) ctx.report({ location: problem.location, message: problem.message });
  }
}
