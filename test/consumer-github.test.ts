import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import github, { ANNOTATIONS_PER_TYPE } from '../src/report/github.js';
import { DEPLOYMENT_ONLY_CPU_MISSING, lint, tempTree } from './helpers.js';
import { BIN } from './run-cli.js';

const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n';

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * What a GitHub Actions step shows of its log: workflow commands become annotations, at most
 * ANNOTATIONS_PER_TYPE of each type per step in the order printed; the rest are dropped silently.
 */
function annotationsShown(log: string): Array<{ type: string; file?: string; message: string }> {
  const shown: Array<{ type: string; file?: string; message: string }> = [];
  const perType = new Map<string, number>();
  for (const line of log.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const count = perType.get(m[1]) ?? 0;
    perType.set(m[1], count + 1);
    if (count >= ANNOTATIONS_PER_TYPE) continue;
    const file = /(?:^|,)file=([^,]*)/.exec(m[2] ?? '')?.[1];
    shown.push({ type: m[1], file: file && decodeURIComponent(file.replace(/%2C/g, ',').replace(/%3A/g, ':')), message: m[3] });
  }
  return shown;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });
}

describe('GitHub annotations as a workflow step shows them', () => {
  /** 12 broken files (errors) and 15 deployments with a warning each. */
  function manyFindings(): string {
    const files: Record<string, string> = {};
    for (let i = 0; i < 15; i++)
      files[`apps/w${String(i).padStart(2, '0')}.yaml`] = DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', `name: w${i}`);
    for (let i = 0; i < 12; i++) files[`broken/b${String(i).padStart(2, '0')}.yaml`] = BROKEN;
    return tempTree(files);
  }

  it('errors first, and a final notice says how many were not shown; the log still lists them', () => {
    const dir = manyFindings();
    const r = cli(['lint', '.', '-f', 'github'], dir);
    const shown = annotationsShown(r.stdout);
    expect(shown.filter((a) => a.type === 'error')).toHaveLength(10);
    expect(shown.filter((a) => a.type === 'warning')).toHaveLength(10);
    const notice = shown.filter((a) => a.type === 'notice');
    expect(notice).toHaveLength(1);
    expect(notice[0].message).toBe(
      '7 of 27 findings are not shown as annotations (2 errors, 5 warnings): GitHub shows 10 of each type per step. They are listed in the log.',
    );
    // Errors are printed before any warning.
    const firstWarning = r.stdout.indexOf('::warning ');
    expect(r.stdout.lastIndexOf('::error ')).toBeLessThan(firstWarning);
    // Nothing lost: the 7 are plain log lines (which start no workflow command).
    const plain = r.stdout.split('\n').filter((l) => /^(apps|broken)\/.+:\d+:\d+: (error|warning) /.test(l));
    expect(plain).toHaveLength(7);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('kube-intent: 12 errors, 15 warnings, 0 infos');
  });

  it('with --changed, findings in changed files come first within each type, so they are the ones shown', () => {
    const dir = manyFindings();
    const changed = new Set(['apps/w12.yaml', 'apps/w13.yaml', 'apps/w14.yaml']);
    const log = github(lint([dir]), {
      color: false,
      rules: builtinRules,
      width: 100,
      cwd: dir,
      isChanged: (f) => changed.has(path.relative(dir, f)),
    });
    const warnings = annotationsShown(log).filter((a) => a.type === 'warning');
    expect(warnings.slice(0, 3).map((a) => a.file)).toEqual(['apps/w12.yaml', 'apps/w13.yaml', 'apps/w14.yaml']);
    expect(warnings).toHaveLength(10);
    // The CLI wires --changed to it: in a repository with one changed file, that file's finding is annotated.
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    fs.appendFileSync(path.join(dir, 'apps/w14.yaml'), '# touched\n');
    const r = cli(['lint', '.', '-f', 'github', '--changed', 'main'], dir);
    expect(annotationsShown(r.stdout).map((a) => `${a.type} ${a.file}`)).toEqual(['warning apps/w14.yaml']);
  });

  it('writes the full report as Markdown to $GITHUB_STEP_SUMMARY when it is set', () => {
    const dir = manyFindings();
    const summary = path.join(dir, 'summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const r = cli(['lint', '.', '-f', 'github'], dir, { GITHUB_STEP_SUMMARY: summary });
    const md = fs.readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n## kube-intent\n')).toBe(true);
    expect(md).toContain('12 errors, 15 warnings, 0 infos in 15 objects in 27 files');
    const rows = md.split('\n').filter((l) => /^\| (🔴|🟡|🔵) /.test(l));
    expect(rows).toHaveLength(27);
    expect(rows.filter((l) => l.includes('apps/w03.yaml:17:'))).toHaveLength(1);
    expect(annotationsShown(r.stdout).find((a) => a.type === 'notice')!.message).toContain('and in the job summary');
    // Without the variable nothing is written anywhere.
    expect(cli(['lint', '.', '-f', 'github'], dir, { GITHUB_STEP_SUMMARY: '' }).code).toBe(1);
    expect(fs.readFileSync(summary, 'utf8')).toBe(md);
  });

  it('few findings: every one annotated, no closing notice', () => {
    const dir = tempTree({ 'a.yaml': DEPLOYMENT_ONLY_CPU_MISSING, 'b.yaml': BROKEN });
    const r = cli(['lint', '.', '-f', 'github'], dir);
    expect(annotationsShown(r.stdout).map((a) => `${a.type} ${a.file}`)).toEqual(['error b.yaml', 'warning a.yaml']);
  });
});
