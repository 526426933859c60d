import type { LintResult } from '../engine/run.js';
import type { RuleDefinition } from '../engine/rule.js';
import type { Severity } from '../types.js';

export interface FormatOptions {
  color: boolean;
  /** Every rule that ran, for formats that describe the tool's rules (SARIF). */
  rules: readonly RuleDefinition[];
  /** Terminal width for wrapping human output. */
  width: number;
  /** The folder report paths are made relative to (GitHub annotations, compact); default: the working directory. */
  cwd?: string;
  /** The repository root SARIF and GitLab paths are relative to; default: the git top level above cwd, else cwd. */
  root?: string;
  /** Unsuppressed findings left out by --quiet, so a human summary does not read as clean. */
  hidden?: number;
  /** --fail-on: JUnit fails only the testcases at or above it, so its counts match the exit code. */
  failOn?: Severity | 'none';
  /** With --changed: whether a report path is in a changed file (GitHub annotations show those first). */
  isChanged?: (file: string) => boolean;
  /** SARIF: keep suppressed results (GitHub ignores SARIF suppressions, so they are left out by default). */
  includeSuppressed?: boolean;
  /** SARIF: runs[].automationDetails.id, to tell several uploads of one commit apart. */
  sarifCategory?: string;
  /** GitHub: the full report also goes to the job summary ($GITHUB_STEP_SUMMARY), so the annotations can say so. */
  stepSummary?: boolean;
  /** Where a format says what it had to leave out (stderr). */
  warn?: (message: string) => void;
}

export type Formatter = (result: LintResult, options: FormatOptions) => string;

/** A formatter module; `chunks`, when there, gives the same bytes as `default` in pieces written as made. */
export interface FormatterModule {
  default: Formatter;
  chunks?: (result: LintResult, options: FormatOptions) => Iterable<string>;
}

/** Formats read by people: --quiet hides warnings and infos there; the others are read by tools and keep every finding. */
export const HUMAN_FORMATS: ReadonlySet<string> = new Set(['stylish', 'compact', 'github']);

/** Formatters load on demand: the default path never pays for the others. */
export const FORMATS: Record<string, () => Promise<FormatterModule>> = {
  stylish: () => import('./stylish.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  junit: () => import('./junit.js'),
  github: () => import('./github.js'),
  gitlab: () => import('./gitlab.js'),
  compact: () => import('./compact.js'),
};
