import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';
import { BIN } from './run-cli.js';

const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n';
const README = fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; line: number; column: number };
}

function findings(dir: string, args: string[] = ['.']): JsonFinding[] {
  return JSON.parse(cli(['lint', ...args, '-f', 'json'], dir).stdout).findings;
}

/**
 * GitLab's Code Quality report, as its documentation requires it: a JSON array; each issue with
 * description, check_name, a fingerprint unique in the report, severity one of info, minor, major,
 * critical, blocker, location.path relative to the repository root and location.lines.begin.
 */
function ingestLikeGitLab(report: unknown, repo: string): string[] {
  expect(Array.isArray(report)).toBe(true);
  const issues = report as Array<Record<string, any>>;
  const fingerprints = issues.map((i) => i.fingerprint);
  expect(new Set(fingerprints).size).toBe(fingerprints.length);
  return issues.map((issue) => {
    expect(typeof issue.description).toBe('string');
    expect(issue.description.length).toBeGreaterThan(0);
    expect(typeof issue.check_name).toBe('string');
    expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
    expect(issue.location.path).not.toMatch(/^(\.\/|\/|\.\.)/);
    expect(fs.existsSync(path.join(repo, issue.location.path)), issue.location.path).toBe(true);
    expect(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1).toBe(true);
    return `${issue.location.path}:${issue.location.lines.begin} ${issue.check_name} ${issue.severity}`;
  });
}

describe('GitLab Code Quality (--format gitlab)', () => {
  function repo(): string {
    const dir = tempTree({ 'k8s/web.yaml': DEPLOYMENT_ONLY_CPU_MISSING, 'k8s/bad.yaml': BROKEN });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    return dir;
  }

  it('every finding on its repository path and line, severities mapped, from a subfolder too', () => {
    const dir = repo();
    const fromSub = ingestLikeGitLab(JSON.parse(cli(['lint', '.', '-f', 'gitlab'], path.join(dir, 'k8s')).stdout), dir);
    expect(fromSub).toEqual(['k8s/bad.yaml:4 yaml-syntax major', 'k8s/web.yaml:17 cpu-request-missing minor']);
    expect(ingestLikeGitLab(JSON.parse(cli(['lint', 'k8s', '-f', 'gitlab'], dir).stdout), dir)).toEqual(fromSub);
  });

  it('fingerprints stay the same when unrelated edits move lines, so merge requests show no churn', () => {
    const dir = repo();
    const before = JSON.parse(cli(['lint', 'k8s', '-f', 'gitlab'], dir).stdout);
    fs.writeFileSync(path.join(dir, 'k8s/web.yaml'), `# moved down by a comment\n${DEPLOYMENT_ONLY_CPU_MISSING}`);
    const after = JSON.parse(cli(['lint', 'k8s', '-f', 'gitlab'], dir).stdout);
    const web = (r: Array<Record<string, any>>) => r.find((i) => i.check_name === 'cpu-request-missing')!;
    expect(web(after).location.lines.begin).toBe(web(before).location.lines.begin + 1);
    expect(web(after).fingerprint).toBe(web(before).fingerprint);
  });
});

describe('compact format, read by editors without a plugin', () => {
  /** The VS Code problem matcher as the README documents it. */
  const matcher = JSON.parse(/```jsonc?\n(\{\n\s+"owner": "kube-intent"[\s\S]*?)```/.exec(README)![1]) as {
    pattern: { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number };
  };

  it('the documented VS Code problem matcher reads every finding with its file, line, column, severity and rule', () => {
    const dir = tempTree({ 'a.yaml': DEPLOYMENT_ONLY_CPU_MISSING, 'odd: name.yaml': DEPLOYMENT_ONLY_CPU_MISSING, 'b.yaml': BROKEN });
    const out = cli(['lint', '.', '-f', 'compact'], dir).stdout;
    const re = new RegExp(matcher.pattern.regexp);
    const lines = out.trimEnd().split('\n');
    const matched = lines.map((line) => {
      const m = re.exec(line);
      expect(m, line).not.toBeNull();
      const p = matcher.pattern;
      return {
        file: m![p.file],
        line: Number(m![p.line]),
        column: Number(m![p.column]),
        severity: m![p.severity],
        code: m![p.code],
        message: m![p.message],
      };
    });
    expect(matched).toEqual(
      findings(dir).map((f) => ({
        file: f.location.file,
        line: f.location.line,
        column: f.location.column,
        severity: f.severity,
        code: f.ruleId,
        message: f.message,
      })),
    );
    expect(['error', 'warning', 'info']).toEqual(expect.arrayContaining([...new Set(matched.map((m) => m.severity))]));
  });

  it('prints nothing but findings (a clean run prints nothing)', () => {
    const dir = tempTree({ 'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n' });
    expect(cli(['lint', '.', '-f', 'compact'], dir)).toMatchObject({ code: 0, stdout: '' });
  });
});
