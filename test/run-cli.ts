import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../bin/kube-intent');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would (no colour), optionally with extra node flags. */
export function runCli(args: string[], options: { cwd?: string; nodeArgs?: string[] } = {}): CliRun {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The findings of a `--format json` run as "file:line ruleId" strings, suppressed ones marked;
 * only those of the given rules when named (built-in rules keep growing).
 */
export function findingsOf(run: CliRun, ruleIds?: string[]): string[] {
  const report = JSON.parse(run.stdout) as {
    findings: Array<{ ruleId: string; location: { file: string; line: number }; suppressed?: unknown }>;
  };
  return report.findings
    .filter((f) => !ruleIds || ruleIds.includes(f.ruleId))
    .map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}${f.suppressed ? ' (suppressed)' : ''}`);
}
