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
