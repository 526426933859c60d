import path from 'node:path';

type MinimatchModule = typeof import('minimatch');

const GLOB_CHARS = /[*?[\]{}]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** A pattern that is not a glob (an unclosed brace, a reversed range): a user error, one line, exit 2. */
export class GlobError extends Error {}

export interface GlobMatcher {
  test(file: string): boolean;
}

/**
 * Compiles a glob (`**`, `*`, `?`, `[...]`, `{a,b}`) over posix-style paths with minimatch, whose
 * matcher does not backtrack (`**a**a**a**b` against a long name stays linear). minimatch is loaded
 * on the first pattern, so runs without one never pay for it.
 */
export function compileGlob(pattern: string): GlobMatcher {
  const problem = globProblem(pattern);
  if (problem) throw new GlobError(`"${pattern}" is not a valid glob: ${problem}`);
  const { Minimatch } = loadMinimatch();
  try {
    const glob = new Minimatch(pattern, { dot: true, nonegate: true, nocomment: true, platform: 'linux' });
    return { test: (file) => glob.match(file) };
  } catch (err) {
    throw new GlobError(`"${pattern}" is not a valid glob: ${(err as Error).message}`);
  }
}

let minimatchModule: MinimatchModule | undefined;

/**
 * Synchronous and lazy (the linter is synchronous): the bundler inlines minimatch behind this
 * require and evaluates it on the first call only.
 */
function loadMinimatch(): MinimatchModule {
  return (minimatchModule ??= require('minimatch') as MinimatchModule);
}

/**
 * Why a pattern is no glob, or undefined. minimatch reads `{a,b` and `[z-a]` as literal text or a
 * class that matches nothing, silently; in a config or on the command line they are typos.
 */
export function globProblem(pattern: string): string | undefined {
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '{') braces++;
    else if (ch === '}' && braces > 0) braces--;
    else if (ch === '[') {
      const close = classEnd(pattern, i);
      if (close === -1) return 'unclosed [ (write \\[ for a literal bracket)';
      const reversed = reversedRange(pattern.slice(i + 1, close));
      if (reversed) return `the range ${reversed} in ${pattern.slice(i, close + 1)} is out of order`;
      i = close;
    }
  }
  return braces > 0 ? 'unclosed { (write \\{ for a literal brace)' : undefined;
}

/** Index of the `]` closing the class opened at `open` (a `]` right after `[` or `[!` is a member), or -1. */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end !== -1) i = end + 1;
    } else if (pattern[i] === ']') return i;
  }
  return -1;
}

function reversedRange(body: string): string | undefined {
  const members = body.replace(/^[!^]/, '').replace(/\[:[a-z]+:\]/g, '');
  for (let i = 0; i + 2 < members.length; i++) {
    if (members[i] === '\\') {
      i++;
      continue;
    }
    if (members[i + 1] === '-' && members[i + 2] !== undefined) {
      const to = members[i + 2] === '\\' ? members[i + 3] : members[i + 2];
      if (to !== undefined && to < members[i]) return `${members[i]}-${to}`;
      i += 2;
    }
  }
  return undefined;
}

/** The directory part of a glob before its first wildcard ("." when the glob starts with one). */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const base: string[] = [];
  for (const seg of segments) {
    if (isGlob(seg)) break;
    base.push(seg);
  }
  if (base.length === segments.length) base.pop();
  const joined = base.join('/');
  return joined === '' ? (pattern.startsWith('/') ? '/' : '.') : joined;
}

/**
 * Forward slashes for reports and matching. Only Windows separates with `\`; elsewhere a backslash
 * is part of a file name and must stay, or SARIF and annotations point at a file that does not exist.
 */
export function toPosix(p: string): string {
  return path.sep === '\\' ? p.replace(/\\/g, '/') : p;
}
