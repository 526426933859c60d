import fs from 'node:fs';
import path from 'node:path';
import { toPosix } from './glob.js';
import type { SourceFile } from './source.js';

/** The comment `helm template` writes above every document it renders. */
const SOURCE_COMMENT = /^# Source: (\S.*?)\s*$/gm;
const DOCUMENT_START = /^---/gm;

interface Marks {
  sources: Array<{ offset: number; template: string }>;
  separators: number[];
}

const marksCache = new WeakMap<SourceFile, Marks | null>();
const resolved = new Map<string, string | null>();

/**
 * The chart template a rendered document came from: the `# Source:` comment above it, within the
 * same document (no `---` between them), resolved to a file that exists; undefined for documents
 * helm did not render or whose template cannot be found from the working directory.
 */
export function helmTemplateOf(source: SourceFile, headOffset: number): string | undefined {
  const marks = marksOf(source);
  if (!marks) return undefined;
  let found: { offset: number; template: string } | undefined;
  for (const mark of marks.sources) {
    if (mark.offset > headOffset) break;
    found = mark;
  }
  if (!found || marks.separators.some((at) => at > found.offset && at < headOffset)) return undefined;
  return resolveTemplate(found.template, source.path) ?? undefined;
}

function marksOf(source: SourceFile): Marks | null {
  let marks = marksCache.get(source);
  if (marks === undefined) {
    marks = source.text.includes('# Source: ')
      ? {
          sources: [...source.text.matchAll(SOURCE_COMMENT)].map((m) => ({ offset: m.index, template: m[1] })),
          separators: [...source.text.matchAll(DOCUMENT_START)].map((m) => m.index),
        }
      : null;
    marksCache.set(source, marks);
  }
  return marks;
}

/**
 * `# Source:` names `<chart>/templates/x.yaml`, the chart by its name, not its folder. Looked up,
 * in this order: the path as written; the working directory or the rendered file's folder being
 * the chart (its Chart.yaml names it); a folder `<chart>/` or `charts/<chart>/` there.
 */
function resolveTemplate(template: string, renderedFile: string): string | null {
  const key = `${template}\u0000${renderedFile}`;
  let hit = resolved.get(key);
  if (hit !== undefined) return hit;
  hit = null;
  const slash = template.indexOf('/');
  const chart = template.slice(0, slash);
  const inChart = template.slice(slash + 1);
  const bases = [...new Set(['.', path.dirname(renderedFile)])];
  const candidates = [template];
  if (slash > 0) {
    for (const base of bases) {
      if (chartName(path.join(base, 'Chart.yaml')) === chart) candidates.push(path.join(base, inChart));
      candidates.push(path.join(base, chart, inChart), path.join(base, 'charts', chart, inChart));
    }
  }
  for (const candidate of candidates) {
    if (isFile(candidate)) {
      hit = toPosix(path.normalize(candidate));
      break;
    }
  }
  resolved.set(key, hit);
  return hit;
}

function chartName(chartFile: string): string | undefined {
  try {
    return /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(chartFile, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
