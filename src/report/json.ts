import type { Finding } from '../types.js';
import type { LintResult } from '../engine/run.js';
import type { Formatter } from './format.js';

/** Findings per piece written: one piece per finding would be a write call each. */
const FINDINGS_PER_CHUNK = 500;

/**
 * The public JSON contract (version 1, unsuppressed findings, summary) in pieces, so a report of
 * hundreds of thousands of findings is written as it is made instead of held as one string (a
 * 137,523-Deployment file gives ~480 MB of JSON). The bytes are JSON.stringify(report, null, 2)'s:
 * each finding is stringified alone and indented to its depth (a JSON string holds no raw newline).
 */
export function* jsonChunks(result: LintResult): Generator<string> {
  const shown = result.findings.filter((f) => !f.suppressed);
  if (shown.length === 0) yield '{\n  "version": 1,\n  "findings": [],\n';
  else {
    yield '{\n  "version": 1,\n  "findings": [\n';
    for (let at = 0; at < shown.length; at += FINDINGS_PER_CHUNK) {
      const pieces = shown.slice(at, at + FINDINGS_PER_CHUNK).map((f) => `    ${indented(findingJson(f), '    ')}`);
      yield `${pieces.join(',\n')}${at + FINDINGS_PER_CHUNK < shown.length ? ',' : ''}\n`;
    }
    yield '  ],\n';
  }
  yield `  "summary": ${indented(result.summary, '  ')}\n}\n`;
}

function indented(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

const json: Formatter = (result) => [...jsonChunks(result)].join('');

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

export { jsonChunks as chunks };
export default json;
