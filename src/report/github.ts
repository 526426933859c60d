import type { Finding, Severity } from '../types.js';
import type { Formatter } from './format.js';
import { isFilePath, relativePath } from './paths.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: one annotation per unsuppressed finding, on the file and
 * range it concerns, then a plain summary line for the log.
 */
const github: Formatter = (result, options) => {
  const cwd = options.cwd ?? process.cwd();
  const lines = result.findings.filter((f) => !f.suppressed).map((f) => annotation(f, cwd));
  const { errors, warnings, infos } = result.summary;
  lines.push(
    `kube-intent: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info${infos === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
};

function annotation(f: Finding, cwd: string): string {
  const { location } = f;
  const properties: Array<[string, string | number]> = isFilePath(location.file)
    ? [
        ['file', relativePath(location.file, cwd)],
        ['line', location.line],
        ['col', location.column],
        ['endLine', location.endLine],
        ['endColumn', location.endColumn],
      ]
    : [];
  properties.push(['title', `kube-intent ${f.ruleId}`]);
  const message = [f.message, `declared: ${f.declared}`, `interpreted: ${f.interpreted}`, `fix: ${f.fix}`].join('\n');
  return `::${COMMAND[f.severity]} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
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
