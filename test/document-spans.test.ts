import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/load/parse.js';
import { SourceFile, editDocument, locatePath, spanAt, unpackSpan } from '../src/load/source.js';
import { setOf } from './helpers.js';

/** Line of the packed span at `path` in the first document of `text`. */
function lineAt(text: string, path: Array<string | number>): number | undefined {
  const source = new SourceFile('x.yaml', text);
  const doc = parseSource(source).documents[0];
  const span = spanAt(doc.value, path);
  return span === undefined ? undefined : source.position(unpackSpan(span)[0]).line;
}

describe('spans kept in one table per document', () => {
  const text = ['a:', '  b: 1', '  c:', '    - x', '    - d: 2', '      e: [3, 4]', 'f: {g: 5}', ''].join('\n');

  it('finds every key and item by its path', () => {
    expect(lineAt(text, ['a'])).toBe(1);
    expect(lineAt(text, ['a', 'b'])).toBe(2);
    expect(lineAt(text, ['a', 'c'])).toBe(3);
    expect(lineAt(text, ['a', 'c', 0])).toBe(4);
    expect(lineAt(text, ['a', 'c', 1, 'e'])).toBe(6);
    expect(lineAt(text, ['a', 'c', 1, 'e', 1])).toBe(6);
    expect(lineAt(text, ['f', 'g'])).toBe(7);
    expect(lineAt(text, ['a', 'missing'])).toBeUndefined();
  });

  it('the same on the yaml pass (anchors and aliases share a collection)', () => {
    const source = new SourceFile('x.yaml', 'a: &x\n  b: 1\nc: *x\n');
    const doc = parseSource(source).documents[0];
    expect(source.position(unpackSpan(spanAt(doc.value, ['c', 'b'])!)[0]).line).toBe(2);
    expect(source.position(unpackSpan(spanAt(doc.value, ['c'])!)[0]).line).toBe(3);
  });

  it('points a missing field at its nearest existing parent', () => {
    const source = new SourceFile('x.yaml', text);
    const doc = parseSource(source).documents[0];
    const { span, depth } = locatePath(doc.value, doc.span, ['a', 'c', 1, 'nope', 'deeper']);
    expect(depth).toBe(3);
    expect(source.position(unpackSpan(span)[0]).line).toBe(5);
  });

  it('keys left after an edit keep their spans', () => {
    const source = new SourceFile('x.yaml', 'metadata:\n  annotations:\n    o: 1\n  labels:\n    app: web\n  name: web\n');
    const doc = parseSource(source).documents[0];
    const metadata = (doc.value as { metadata: Record<string, unknown> }).metadata;
    editDocument(doc.value as object, () => delete metadata.annotations);
    const line = (path: string[]) => source.position(unpackSpan(spanAt(doc.value, path)!)[0]).line;
    expect([line(['metadata', 'labels']), line(['metadata', 'labels', 'app']), line(['metadata', 'name'])]).toEqual([4, 5, 6]);
  });

  it('an item of a List document is located inside the List', () => {
    const set = setOf(
      [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - apiVersion: v1',
        '    kind: ConfigMap',
        '    metadata: {name: a}',
        '  - apiVersion: v1',
        '    kind: ConfigMap',
        '    metadata:',
        '      name: b',
        '    data:',
        '      k: v',
        '',
      ].join('\n'),
    );
    const b = set.objects.find((o) => o.name === 'b')!;
    expect(b.locate([]).line).toBe(7);
    expect(b.locate(['data', 'k']).line).toBe(12);
    expect(b.locate(['data', 'missing']).line).toBe(11);
  });
});
