import type { Finding } from '../types.js';
import type { FormatOptions } from './format.js';
import type { LintResult } from '../engine/run.js';
import { relativePath } from './paths.js';

/** GitHub refuses a job summary above 1 MiB per step: stay well below it. */
const MAX_BYTES = 900 * 1024;
const SEVERITY = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' } as const;

/**
 * The whole report as GitHub-flavoured Markdown, for $GITHUB_STEP_SUMMARY: where the findings
 * that annotations cannot show (10 per type per step) are still all listed.
 */
export function markdownReport(result: LintResult, options: Pick<FormatOptions, 'cwd'>): string {
  const cwd = options.cwd ?? process.cwd();
  const findings = result.findings.filter((f) => !f.suppressed);
  const { errors, warnings, infos, objects, files } = result.summary;
  const head = [
    '## kube-intent',
    '',
    `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info${infos === 1 ? '' : 's'} in ${objects} object${objects === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`,
    '',
  ];
  if (!findings.length) return `${head.join('\n')}\n`;
  const rows = ['| severity | where | rule | finding | fix |', '|---|---|---|---|---|'];
  let size = Buffer.byteLength(head.join('\n')) + 200;
  let shown = 0;
  for (const f of findings) {
    const row = tableRow(f, cwd);
    size += Buffer.byteLength(row) + 1;
    if (size > MAX_BYTES) break;
    rows.push(row);
    shown++;
  }
  const tail =
    shown < findings.length
      ? ['', `${findings.length - shown} more findings did not fit in the job summary; the job log lists them all.`]
      : [];
  return `${[...head, ...rows, ...tail].join('\n')}\n`;
}

function tableRow(f: Finding, cwd: string): string {
  const where = `${relativePath(f.location.file, cwd)}:${f.location.line}:${f.location.column}`;
  return `| ${SEVERITY[f.severity]} | ${cell(where)} | ${cell(f.ruleId)} | ${cell(f.message)} | ${cell(f.fix)} |`;
}

/** Text inside a table cell: one line, no markup, no cell breaks. */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`);
}
