import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Rules read objects through the typed views (container facts, `object.spec`, `get(path)`), never
 * by picking fields out of raw mappings: an object's whole document may be handed to a pure
 * src/k8s reader (a schema check, a StorageClass or claim reader), nothing more.
 */
const RULES = path.resolve(__dirname, '../rules');
const sources = fs
  .readdirSync(RULES)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, lines: fs.readFileSync(path.join(RULES, f), 'utf8').split('\n') }));

function offending(pattern: RegExp): string[] {
  return sources.flatMap(({ file, lines }) => lines.flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
}

describe('rules read typed views', () => {
  it('the scan sees the rules', () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(offending(/container\.facts\./).length).toBeGreaterThan(10);
  });
  it('no rule reads a container through its raw mapping', () => {
    expect(offending(/\b(c|container|ctr|init|sidecar)\.raw\b|containers\.map\(\(\w+\) => \w+\.raw\)/)).toEqual([]);
  });
  it('no rule picks a field out of a raw mapping', () => {
    expect(offending(/\.raw(\?)?(\.|\[)/)).toEqual([]);
  });
  it('no rule casts to a record', () => {
    expect(offending(/\bas (Record<|Raw\b|unknown\b)/)).toEqual([]);
  });
});
