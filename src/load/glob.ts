const GLOB_CHARS = /[*?[\]{}]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** Compiles a glob (`**`, `*`, `?`, `[...]`, `{a,b}`) into a RegExp over posix-style paths. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        i++;
        if (pattern[i + 1] === '/' && atSegmentStart) {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = close;
      }
    } else if (ch === '{') {
      braceDepth++;
      re += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      re += ')';
    } else if (ch === ',' && braceDepth > 0) re += '|';
    else re += ch.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
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

export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}
