import type { Formatter } from './format.js';
import { escapeControl, lineStart } from '../util/text.js';

/**
 * One line per unsuppressed finding, `file:line:col: severity rule-id message`, the shape editor
 * linters (VS Code problem matchers, ALE, nvim-lint, efm) read without a plugin. Nothing else is
 * printed, so every line is a finding.
 */
const compact: Formatter = (result) =>
  result.findings
    .filter((f) => !f.suppressed)
    .map(
      (f) =>
        `${lineStart(f.location.file)}:${f.location.line}:${f.location.column}: ${f.severity} ${f.ruleId} ${escapeControl(oneLine(f.message))}\n`,
    )
    .join('');

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

export default compact;
