import path from 'node:path';
import { keepFindings } from '../engine/changed.js';
import type { Finding, Severity } from '../types.js';
import type { Formatter } from './format.js';
import stylish from './stylish.js';

/**
 * `lint --summary`: for large trees, the counts per rule and per folder, then the errors in full
 * (stylish), then the usual summary line. Suppressed findings are not counted.
 */
const summary: Formatter = (result, options) => {
  const open = result.findings.filter((f) => !f.suppressed);
  const out: string[] = [];
  if (open.length) {
    out.push('Findings by rule', ...table(countBy(open, (f) => f.ruleId)), '');
    out.push('Findings by folder', ...table(countBy(open, (f) => path.dirname(f.location.file))), '');
  }
  const errors = keepFindings(result, (f) => f.severity === 'error');
  const shown = errors.findings.filter((f) => !f.suppressed).length;
  if (open.length) out.push(shown ? 'Errors' : 'Errors: none');
  // The summary line counts everything, as without --summary.
  const report = stylish({ ...errors, summary: result.summary }, { ...options, hidden: options.hidden });
  return `${out.join('\n')}${out.length ? '\n' : ''}${report}`;
};

interface Counts {
  error: number;
  warning: number;
  info: number;
}

function countBy(findings: Finding[], key: (f: Finding) => string): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const f of findings) {
    const k = key(f);
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { error: 0, warning: 0, info: 0 }));
    c[f.severity]++;
  }
  return counts;
}

/** Rows sorted by count (most first), then name; each with its total and per-severity counts. */
function table(counts: Map<string, Counts>): string[] {
  const rows = [...counts.entries()].map(([name, c]) => ({ name, c, total: c.error + c.warning + c.info }));
  rows.sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const width = Math.max(...rows.map((r) => r.name.length));
  const digits = Math.max(...rows.map((r) => String(r.total).length));
  return rows.map((r) => `  ${r.name.padEnd(width)}  ${String(r.total).padStart(digits)}  ${describe(r.c)}`);
}

function describe(c: Counts): string {
  const parts = (['error', 'warning', 'info'] as Severity[]).filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}${c[s] === 1 ? '' : 's'}`);
  return `(${parts.join(', ')})`;
}

export default summary;
