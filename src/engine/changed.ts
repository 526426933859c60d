import { spawnSync } from '../util/spawn.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding, ObjectRef } from '../types.js';
import type { LintResult } from './run.js';
import { kustomizationInputs, renderedFrom } from '../load/kustomize.js';

/** git is missing, this is not a repository, or the base cannot be resolved: exit code 2. */
export class ChangedFilesError extends Error {}

export interface ChangedFiles {
  /** The revision compared against (the merge base of BASE and HEAD). */
  base: string;
  /** What the user asked for, or the detected default branch. */
  baseName: string;
  /** Real absolute paths of files that differ from the base in the working tree, including untracked ones. */
  files: Set<string>;
}

/**
 * Files that differ between the working tree and the merge base of BASE and HEAD: committed,
 * staged and unstaged changes, plus untracked files that are not ignored. Deleted files are not
 * listed (nothing is left to lint).
 */
export function changedFiles(requestedBase: string | undefined, cwd: string): ChangedFiles {
  const root = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const baseName = requestedBase ?? defaultBranch(cwd);
  if (!revisionExists(`${baseName}^{commit}`, cwd)) throw new ChangedFilesError(`--changed: unknown git revision "${baseName}"`);
  if (!revisionExists('HEAD^{commit}', cwd)) throw new ChangedFilesError('--changed: the repository has no commit yet');
  const base = git(['merge-base', baseName, 'HEAD'], cwd, `--changed: "${baseName}" and HEAD have no common ancestor`).trim();
  const listed = [
    ...split(git(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', base, '--'], root)),
    ...split(git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'], root)),
  ];
  return { base, baseName, files: new Set(listed.map((file) => realPath(path.join(root, file)))) };
}

/**
 * The findings located in a changed file, or pointing into one (a Service in an unchanged file that
 * selects a changed Deployment). An object rendered by a kustomization whose inputs changed counts
 * as changed: its findings point at base files that may be untouched while an overlay patch changed.
 */
export function onlyChanged(result: LintResult, changed: ChangedFiles, cwd: string): LintResult {
  const changedFiles = [...changed.files];
  const renderChanged = new Map<string, boolean>();
  const isChangedRender = (label: string): boolean => {
    let hit = renderChanged.get(label);
    if (hit === undefined) {
      const dir = renderedFrom(label);
      const inputs = dir === undefined ? [] : [...kustomizationInputs(path.resolve(cwd, dir))].map(realPath);
      renderChanged.set(label, (hit = inputs.length > 0 && changedFiles.some((file) => within(file, inputs))));
    }
    return hit;
  };
  const changedObjects = new Set<string>();
  for (const object of result.set?.objects ?? []) {
    if (object.origin && isChangedRender(object.source.path)) changedObjects.add(refKey(object.ref));
  }
  const isChanged = (file: string) =>
    renderedFrom(file) !== undefined ? isChangedRender(file) : changed.files.has(realPath(path.resolve(cwd, file)));
  return keepFindings(
    result,
    (f) =>
      isChanged(f.location.file) ||
      f.related.some((r) => isChanged(r.location.file)) ||
      (f.object != null && changedObjects.has(refKey(f.object))),
  );
}

function refKey(ref: ObjectRef): string {
  return `${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name ?? ''}`;
}

/** The file is one of the inputs, or inside one of the input folders. */
function within(file: string, inputs: string[]): boolean {
  return inputs.some((input) => file === input || file.startsWith(input + path.sep));
}

/** A result with some findings dropped, its counts recomputed. */
export function keepFindings(result: LintResult, keep: (f: Finding) => boolean): LintResult {
  const findings = result.findings.filter(keep);
  const summary = { ...result.summary, errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.suppressed) continue;
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return { ...result, findings, summary };
}

function defaultBranch(cwd: string): string {
  const originHead = spawnGit(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], cwd);
  if (originHead.status === 0 && originHead.stdout.trim()) return originHead.stdout.trim();
  for (const candidate of ['main', 'master', 'origin/main', 'origin/master']) {
    if (revisionExists(`${candidate}^{commit}`, cwd)) return candidate;
  }
  throw new ChangedFilesError('--changed: cannot find the default branch (no origin/HEAD, main or master); name the base: --changed <ref>');
}

function revisionExists(revision: string, cwd: string): boolean {
  return spawnGit(['rev-parse', '--verify', '--quiet', revision], cwd).status === 0;
}

function git(args: string[], cwd: string, failure?: string): string {
  const run = spawnGit(args, cwd);
  if (run.status !== 0) {
    if (/not a git repository/i.test(run.stderr)) throw new ChangedFilesError(`--changed: ${cwd} is not inside a git repository`);
    throw new ChangedFilesError(
      failure ?? `--changed: \`git ${args.join(' ')}\` failed: ${run.stderr.trim().split('\n')[0] || `exit code ${run.status}`}`,
    );
  }
  return run.stdout;
}

function spawnGit(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new ChangedFilesError('--changed needs git, and git is not installed (not found on PATH)');
  if (run.error) throw new ChangedFilesError(`--changed: cannot run git: ${run.error.message}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function split(zeroSeparated: string): string[] {
  return zeroSeparated.split('\0').filter(Boolean);
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
