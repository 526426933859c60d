import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';

const BIN = path.resolve(__dirname, '../bin/kube-intent');
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'compact'];
const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n';

function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** How many warnings and errors a report shows, read the way each format says it. */
function shown(format: string, out: string): { warnings: number; errors: number } {
  const count = (re: RegExp) => (out.match(re) ?? []).length;
  switch (format) {
    case 'stylish':
      return { warnings: count(/^ +\d+:\d+ +warning /gm), errors: count(/^ +\d+:\d+ +error /gm) };
    case 'json': {
      const findings: Array<{ severity: string }> = JSON.parse(out).findings;
      return {
        warnings: findings.filter((f) => f.severity === 'warning').length,
        errors: findings.filter((f) => f.severity === 'error').length,
      };
    }
    case 'sarif': {
      const results: Array<{ level: string }> = JSON.parse(out).runs[0].results;
      return { warnings: results.filter((r) => r.level === 'warning').length, errors: results.filter((r) => r.level === 'error').length };
    }
    case 'junit':
      // Failing cases carry the severity in type; those below --fail-on say it in <skipped>.
      return { warnings: count(/type="warning |<skipped>warning /g), errors: count(/type="error |<skipped>error /g) };
    case 'gitlab': {
      const issues: Array<{ severity: string }> = JSON.parse(out);
      return { warnings: issues.filter((i) => i.severity === 'minor').length, errors: issues.filter((i) => i.severity === 'major').length };
    }
    case 'compact':
      return { warnings: count(/^[^\n]+:\d+:\d+: warning /gm), errors: count(/^[^\n]+:\d+:\d+: error /gm) };
    default:
      return { warnings: count(/^::warning /gm), errors: count(/^::error /gm) };
  }
}

describe('every format from the binary', () => {
  const dir = tempTree({
    'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    'e.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: api'),
    'bad.yaml': BROKEN,
  });

  it.each(FORMATS)('%s: shows both severities; exit code from --fail-on', (format) => {
    const r = run(['lint', dir, '-f', format]);
    expect(r.code).toBe(1);
    expect(shown(format, r.stdout)).toEqual({ warnings: 2, errors: 1 });
    expect(run(['lint', path.join(dir, 'd.yaml'), '-f', format]).code).toBe(0);
    expect(run(['lint', path.join(dir, 'd.yaml'), '-f', format, '--fail-on', 'warning']).code).toBe(1);
  });

  it.each(FORMATS)('%s: --max-warnings N fails only above N, and says why', (format) => {
    const files = [path.join(dir, 'd.yaml'), path.join(dir, 'e.yaml')];
    expect(run(['lint', ...files, '-f', format, '--max-warnings', '2']).code).toBe(0);
    const over = run(['lint', ...files, '-f', format, '--max-warnings', '1']);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('kube-intent: 2 warnings, more than the maximum of 1\n');
  });

  it.each(['stylish', 'github'])('%s: --quiet shows errors only, and the exit code still counts the rest', (format) => {
    const r = run(['lint', dir, '-f', format, '--quiet']);
    expect(r.code).toBe(1);
    expect(shown(format, r.stdout)).toEqual({ warnings: 0, errors: 1 });
    const warningsOnly = run(['lint', path.join(dir, 'd.yaml'), '-f', format, '--quiet', '--fail-on', 'warning']);
    expect(shown(format, warningsOnly.stdout)).toEqual({ warnings: 0, errors: 0 });
    expect(warningsOnly.code).toBe(1);
    expect(warningsOnly.stderr).toBe('kube-intent: findings hidden by --quiet reach --fail-on warning\n');
    const counted = run(['lint', path.join(dir, 'd.yaml'), '-f', format, '--quiet', '--max-warnings', '0']);
    expect(counted.code).toBe(1);
  });

  it.each(['json', 'sarif', 'junit'])('%s: --quiet changes no machine-readable count (summary, failures)', (format) => {
    const quiet = run(['lint', path.join(dir, 'd.yaml'), '-f', format, '--quiet', '--fail-on', 'warning']);
    expect(quiet.code).toBe(1);
    expect(shown(format, quiet.stdout)).toEqual({ warnings: 1, errors: 0 });
    expect(quiet.stdout).toBe(run(['lint', path.join(dir, 'd.yaml'), '-f', format, '--fail-on', 'warning']).stdout);
    if (format === 'json') expect(JSON.parse(quiet.stdout).summary.warnings).toBe(1);
    if (format === 'junit') expect(quiet.stdout).toMatch(/<testsuites [^>]*failures="1"/);
  });

  it.each(FORMATS)('%s: --no-color wins over FORCE_COLOR; only stylish ever colours', (format) => {
    const forced = { NO_COLOR: '', FORCE_COLOR: '1' };
    const coloured = run(['lint', dir, '-f', format], { env: forced }).stdout;
    expect(coloured.includes('\u001b[')).toBe(format === 'stylish');
    expect(run(['lint', dir, '-f', format, '--no-color'], { env: forced }).stdout).not.toContain('\u001b[');
  });

  it('--quiet prints an errors-only summary in stylish', () => {
    expect(run(['lint', dir, '--quiet']).stdout).toMatch(
      /✖ 1 problem \(1 error, 0 warnings, 0 infos\) in .*, 2 warnings or infos hidden by --quiet$/m,
    );
    const warningsOnly = run(['lint', path.join(dir, 'd.yaml'), '--quiet']).stdout;
    expect(warningsOnly).toMatch(/^✔ no errors \(1 object in 1 file, 1 warning or info hidden by --quiet\)$/m);
    expect(warningsOnly).not.toContain('no problems');
  });

  it('maxWarnings in the config counts like the flag, and the flag wins', () => {
    const repo = tempTree({ '.kube-intent.yaml': 'maxWarnings: 0\n', 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    expect(run(['lint', 'd.yaml'], { cwd: repo }).code).toBe(1);
    expect(run(['lint', 'd.yaml', '--max-warnings', '1'], { cwd: repo }).code).toBe(0);
  });

  it('sarif written with --output is relative to the repository root, here (no git) the working directory', () => {
    const out = path.join(dir, 'report.sarif');
    expect(run(['lint', '.', '-f', 'sarif', '-o', out], { cwd: dir }).stdout).toBe('');
    const uris = JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results.map(
      (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        r.locations[0].physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(['bad.yaml', 'd.yaml', 'e.yaml']);
  });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
}

/** A repo whose main branch has two manifests with a warning each; HEAD is on a feature branch. */
function repo(defaultBranch = 'main'): string {
  const dir = tempTree({
    'apps/a.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    'apps/b.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: api'),
    'README.md': '# x\n',
  });
  git(dir, 'init', '-q', '-b', defaultBranch);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  git(dir, 'checkout', '-qb', 'feature');
  return dir;
}

function reportedFiles(r: { stdout: string }): string[] {
  return [...new Set(JSON.parse(r.stdout).findings.map((f: { location: { file: string } }) => f.location.file))].sort() as string[];
}

describe('--changed', () => {
  it('reports only files that differ from the default branch: committed, staged, unstaged and untracked', () => {
    const dir = repo();
    expect(reportedFiles(run(['lint', 'apps', '--changed', '-f', 'json'], { cwd: dir }))).toEqual([]);
    fs.appendFileSync(path.join(dir, 'apps/a.yaml'), '          imagePullPolicy: Always\n');
    expect(reportedFiles(run(['lint', 'apps', '--changed', '-f', 'json'], { cwd: dir }))).toEqual(['apps/a.yaml']);
    git(dir, 'add', 'apps/a.yaml');
    expect(reportedFiles(run(['lint', 'apps', '--changed', '-f', 'json'], { cwd: dir }))).toEqual(['apps/a.yaml']);
    git(dir, 'commit', '-qm', 'change a');
    fs.writeFileSync(path.join(dir, 'apps/c.yaml'), DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: new'));
    const r = run(['lint', 'apps', '--changed', '-f', 'json'], { cwd: dir });
    expect(reportedFiles(r)).toEqual(['apps/a.yaml', 'apps/c.yaml']);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 3, objects: 3, warnings: 2 });
  });

  it('finds master when there is no main, and takes an explicit base', () => {
    const dir = repo('master');
    fs.appendFileSync(path.join(dir, 'apps/b.yaml'), '          imagePullPolicy: Always\n');
    git(dir, 'commit', '-qam', 'change b');
    expect(reportedFiles(run(['lint', 'apps', '--changed', '-f', 'json'], { cwd: dir }))).toEqual(['apps/b.yaml']);
    expect(reportedFiles(run(['lint', 'apps', '--changed', 'HEAD', '-f', 'json'], { cwd: dir }))).toEqual([]);
    expect(reportedFiles(run(['lint', 'apps', '--changed=HEAD~1', '-f', 'json'], { cwd: dir }))).toEqual(['apps/b.yaml']);
  });

  it('uses origin/HEAD when the clone has one', () => {
    const upstream = repo('trunk');
    git(upstream, 'checkout', '-q', 'trunk');
    const clone = tempTree({});
    git(clone, 'clone', '-q', upstream, 'c');
    const dir = path.join(clone, 'c');
    git(dir, 'checkout', '-qb', 'topic');
    fs.writeFileSync(path.join(dir, 'apps/d.yaml'), DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: d'));
    expect(reportedFiles(run(['lint', 'apps', '--changed', '-f', 'json'], { cwd: dir }))).toEqual(['apps/d.yaml']);
  });

  it('works from a subfolder with paths relative to it', () => {
    const dir = repo();
    fs.appendFileSync(path.join(dir, 'apps/a.yaml'), '          imagePullPolicy: Always\n');
    expect(reportedFiles(run(['lint', '.', '--changed', '-f', 'json'], { cwd: path.join(dir, 'apps') }))).toEqual(['a.yaml']);
  });

  it('exit 2 with a clear message outside a repository, without git, or for an unknown base', () => {
    const plain = tempTree({ 'd.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const outside = run(['lint', '.', '--changed'], { cwd: plain });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^kube-intent: --changed: .+ is not inside a git repository\n$/);
    const noGit = run(['lint', '.', '--changed'], { cwd: plain, env: { PATH: path.join(plain, 'no-bin') } });
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toBe('kube-intent: --changed needs git, and git is not installed (not found on PATH)\n');
    const dir = repo('trunk');
    const noDefault = run(['lint', '.', '--changed'], { cwd: dir });
    expect(noDefault.code).toBe(2);
    expect(noDefault.stderr).toMatch(/cannot find the default branch .+ --changed <ref>/);
    const unknown = run(['lint', '.', '--changed', 'nope'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('kube-intent: --changed: unknown git revision "nope"\n');
    expect(run(['lint', '-', '--changed'], { cwd: dir }).code).toBe(2);
  });
});
