import type { LintResult } from '../engine/run.js';
import type { RuleDefinition } from '../engine/rule.js';

export interface FormatOptions {
  color: boolean;
  /** Every rule that ran, for formats that describe the tool's rules (SARIF). */
  rules: readonly RuleDefinition[];
  /** Terminal width for wrapping human output. */
  width: number;
  /** The folder report paths are made relative to (SARIF, GitHub annotations); default: the working directory. */
  cwd?: string;
  /** Unsuppressed findings left out by --quiet, so a human summary does not read as clean. */
  hidden?: number;
}

export type Formatter = (result: LintResult, options: FormatOptions) => string;

/** Formatters load on demand: the default path never pays for the others. */
export const FORMATS: Record<string, () => Promise<{ default: Formatter }>> = {
  stylish: () => import('./stylish.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  junit: () => import('./junit.js'),
  github: () => import('./github.js'),
};
