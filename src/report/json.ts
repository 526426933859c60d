import type { Finding } from '../types.js';
import type { Formatter } from './format.js';

/** The public JSON contract: version 1, unsuppressed findings, summary. */
const json: Formatter = (result) => {
  const findings = result.findings.filter((f) => !f.suppressed).map(findingJson);
  return `${JSON.stringify({ version: 1, findings, summary: result.summary }, null, 2)}\n`;
};

/** One finding as the JSON contract writes it (lint's report and simulate's `findings`). */
export function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    declared: f.declared,
    interpreted: f.interpreted,
    fix: f.fix,
    object: f.object,
    location: f.location,
    path: f.path,
    related: f.related,
  };
}

export default json;
