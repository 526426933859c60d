import fs from 'node:fs';
import path from 'node:path';
import { STDIN_PATH } from '../load/discover.js';
import { toPosix } from '../load/glob.js';
import { renderedFrom } from '../load/kustomize.js';

/** Whether a report path names a file on disk (not stdin, not a rendered kustomization). */
export function isFilePath(file: string): boolean {
  return file !== '' && file !== STDIN_PATH && renderedFrom(file) === undefined;
}

/** A file path relative to `cwd` with forward slashes; stdin and rendered sources keep their label. */
export function relativePath(file: string, cwd: string): string {
  if (!isFilePath(file)) return file;
  return toPosix(path.relative(cwd, path.resolve(cwd, file)));
}

/**
 * The repository a run lints in: the nearest folder above `cwd` holding `.git` (a folder, or a file
 * in worktrees and submodules), as `git rev-parse --show-toplevel` finds it but without running git;
 * `cwd` itself outside a repository. Code scanning and GitLab resolve report paths against it.
 */
export function repositoryRoot(cwd: string): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** A report path relative to the repository root, or undefined when it lies outside it (or is no file). */
export function pathInRepository(file: string, cwd: string, root: string): string | undefined {
  if (!isFilePath(file)) return undefined;
  const relative = path.relative(root, path.resolve(cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return toPosix(relative);
}
