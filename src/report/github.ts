import type { Finding, Severity } from '../types.js';
import type { Formatter } from './format.js';
import { isFilePath, relativePath } from './paths.js';
import { escapeControl } from '../util/text.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
const ORDER: Severity[] = ['error', 'warning', 'info'];
/** GitHub shows this many annotations of each type per step and silently drops the rest. */
export const ANNOTATIONS_PER_TYPE = 10;

/**
 * GitHub Actions workflow commands: errors first, then warnings, then notices; with --changed,
 * findings in changed files first within each. Only what GitHub will show becomes an annotation;
 * the rest is listed as plain log lines and a last notice says how many were not annotated.
 */
const github: Formatter = (result, options) => {
  const cwd = options.cwd ?? process.cwd();
  const isChanged = options.isChanged ?? (() => false);
  const findings = result.findings.filter((f) => !f.suppressed);
  const byType = ORDER.map((severity) => {
    const of = findings.filter((f) => f.severity === severity);
    return [...of.filter((f) => isChanged(f.location.file)), ...of.filter((f) => !isChanged(f.location.file))];
  });
  const overflow = byType.some((list) => list.length > ANNOTATIONS_PER_TYPE);
  const lines: string[] = [];
  const notAnnotated: Finding[] = [];
  byType.forEach((list, i) => {
    // The closing notice is a notice too: keep a place for it.
    const budget = ORDER[i] === 'info' && overflow ? ANNOTATIONS_PER_TYPE - 1 : ANNOTATIONS_PER_TYPE;
    for (const f of list.slice(0, budget)) lines.push(annotation(f, cwd));
    notAnnotated.push(...list.slice(budget));
  });
  for (const f of notAnnotated) lines.push(logLine(f, cwd));
  const { errors, warnings, infos } = result.summary;
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}`;
  if (notAnnotated.length) {
    const left = ORDER.map((s) => [s, notAnnotated.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => plural(n, s))
      .join(', ');
    lines.push(
      `::notice title=kube-intent::${escapeData(
        `${notAnnotated.length} of ${findings.length} findings are not shown as annotations (${left}): GitHub shows ${ANNOTATIONS_PER_TYPE} of each type per step. They are listed in the log${
          options.stepSummary ? ' and in the job summary' : ''
        }.`,
      )}`,
    );
  }
  lines.push(`kube-intent: ${counts}`);
  return `${lines.join('\n')}\n`;
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function annotation(f: Finding, cwd: string): string {
  const { location } = f;
  const properties: Array<[string, string | number]> = isFilePath(location.file)
    ? [
        ['file', escapeControl(relativePath(location.file, cwd))],
        ['line', location.line],
        ['col', location.column],
        ['endLine', location.endLine],
        ['endColumn', location.endColumn],
      ]
    : [];
  properties.push(['title', `kube-intent ${f.ruleId}`]);
  // Lines are ours; what is inside them (manifest text) has its control characters shown, not run.
  const message = [f.message, `declared: ${f.declared}`, `interpreted: ${f.interpreted}`, `fix: ${f.fix}`].map(escapeControl).join('\n');
  return `::${COMMAND[f.severity]} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
}

/** A finding GitHub would not annotate, as a plain log line that cannot start a workflow command. */
function logLine(f: Finding, cwd: string): string {
  const { location } = f;
  const text = `${relativePath(location.file, cwd)}:${location.line}:${location.column}: ${f.severity} ${f.ruleId} ${f.message}`;
  return text.replace(/[\r\n]+/g, ' ').replace(/^::/, ': :');
}

/** GitHub's escaping for the message part of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping for property values: the data escapes plus the separators `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export default github;
