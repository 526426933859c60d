import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fastParse, plainScalarTags } from '../src/load/fast-parse.js';
import { parseSource, parseWithYaml, type ParseResult } from '../src/load/parse.js';
import { SourceFile, spanAt, unpackSpan } from '../src/load/source.js';
import type { Path } from '../src/types.js';

/**
 * The fast pass must give exactly what the `yaml` pass gives (values with their types, every span,
 * document indexes, duplicate-key problems), or hand the file to the `yaml` pass. Checked on every
 * fixture and example and on snippets of the YAML that manifests use; the output goldens check the
 * whole corpus end to end.
 */
function differences(fast: ParseResult, slow: ParseResult): string[] {
  const out: string[] = [];
  // Spans are kept per document: each key's is read by its path from the document's root.
  const compare = (rootA: unknown, rootB: unknown, path: Path, a: unknown, b: unknown, at: string): void => {
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
      if (!isDeepStrictEqual(a, b)) out.push(`${at}: ${String(a)} (${typeof a}) vs ${String(b)} (${typeof b})`);
      return;
    }
    if (Array.isArray(a) !== Array.isArray(b) || Object.keys(a).join('\0') !== Object.keys(b).join('\0')) {
      out.push(`${at}: keys ${Object.keys(a).join(',')} vs ${Object.keys(b).join(',')}`);
      return;
    }
    for (const key of Object.keys(a)) {
      const keyPath = [...path, Array.isArray(a) ? Number(key) : key];
      const [spanA, spanB] = [spanAt(rootA, keyPath), spanAt(rootB, keyPath)];
      if (spanA === undefined || spanA !== spanB) out.push(`${at}.${key}: span ${unpackSpan(spanA ?? 0)} vs ${unpackSpan(spanB ?? 0)}`);
      compare(rootA, rootB, keyPath, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    }
  };
  if (fast.documents.length !== slow.documents.length) out.push(`${fast.documents.length} vs ${slow.documents.length} documents`);
  fast.documents.forEach((doc, i) => {
    const other = slow.documents[i];
    if (!other) return;
    if (doc.index !== other.index) out.push(`document ${i}: index ${doc.index} vs ${other.index}`);
    if (doc.span !== other.span) out.push(`document ${i}: head ${unpackSpan(doc.span)} vs ${unpackSpan(other.span)}`);
    compare(doc.value, other.value, [], doc.value, other.value, `document ${i}`);
  });
  if (!isDeepStrictEqual(fast.problems, slow.problems))
    out.push(`problems ${JSON.stringify(fast.problems)} vs ${JSON.stringify(slow.problems)}`);
  return out;
}

function check(name: string, text: string): 'fast' | 'yaml' {
  const fast = fastParse(new SourceFile(name, text));
  if (!fast) return 'yaml';
  expect(differences(fast, parseWithYaml(new SourceFile(name, text), '1.1')), name).toEqual([]);
  return 'fast';
}

const SNIPPETS: Record<string, string> = {
  'YAML 1.1 scalars': [
    'a: on',
    'b: off',
    'c: yes',
    'd: N',
    'e: 0777',
    'f: 0x1F',
    'g: 0b101',
    'h: 1:30',
    'i: 1_000',
    'j: .inf',
    'k: -.5',
    'l: E2',
    'm: 1e3',
    'n: ~',
    'o: null',
    'p:',
    'q: 2024-01-02',
    'r: 2024-01-02T03:04:05Z',
    's: "on"',
    "t: 'quoted ''twice'''",
    'u: "esc\\t\\u00e9"',
    'v: Ünïcode',
    'w: 12Mi',
    'x: +1',
    'y: <<x',
    '',
  ].join('\n'),
  'keys that are not strings': '1: a\ntrue: b\non: c\n~: d\n2024-01-01: e\n"quoted": f\n1.5: g\n',
  'block scalars as items and values':
    'x:\n  - |\n    a\n\n\n  # c\n  - |-\n    b\n\n  - |+\n    c\n\n  - |\n\n    d\n  - |\n    trailing  \n\nargs:\n  - |\n    echo hi\n    echo bye\n  - >-\n    folded\n    text\n\n  - |2\n      indented\n  - | # comment\n    x\nscript: |+\n  keep\n\nafter: 1\n',
  'plain multi-line scalars': 'a: one\n  two\n\n  three\nb:\n  - first\n    second\n',
  'flow collections': 'a: {}\nb: []\nc: [ ]\nd: {x: 1, "y": [2, 3], z: {}}\ne:\n  - []\n  - {}\n  - [a, {b: c}]\n  - { }\n',
  'flow sequence over several lines': 'f: [\n  1,\n  2,\n]\ng: {\n  a: 1\n}\n',
  'nested sequences': 'a:\n  - - x\n    - y\n  -\n    - z\n  - - - deep\n',
  'null items and values': 'a:\n  -\n  - ~\n  - null\nb: \nc: {d: }\n',
  'duplicate keys': 'a: 1\nb:\n  c: 1\n  c: 2\na: 3\nd: {x: 1, x: 2, x: 3}\n',
  'integer-like keys, which JavaScript orders first':
    'data:\n  b: 1\n  80: http\n  a: 2\n  "443": https\n  0: zero\n  007: octal\n  b: 3\n',
  'documents, empty ones and comments': '# head\n---\n---\na: 1\n--- # c\n...\n---\nb: 2\n...\n---\n~\n---\nscalar\n---\n- list\n',
  'CRLF line ends': 'a: 1\r\nb:\r\n  - c\r\n  - |\r\n    d\r\n',
  'comments everywhere': 'a: 1 # one\n# between\nb: # after key\n  - x # item\n  # inside\n  - y\n',
  'quoted keys and colons': '"a:b": 1\n\'c d\': 2\ne:f: 3\n"": 4\nurl: http://x:80/y\n',
  __proto__: '__proto__: {polluted: true}\nconstructor: 1\n',
  'indentation of sequences under keys': 'a:\n- x\n- y\nb:\n    - z\n',
  'long and odd': 'a: "multi\n  line quoted"\nb: \'multi\n\n  single\'\nc: -\nd: - x\ne: x #not a comment?\nf: x#y\n',
  'anchors, aliases, merge keys': 'base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n',
  tags: 'a: !!str 1\nb: !custom x\n',
  'syntax errors': 'a: [1, 2\nb: 3\n',
  'helm template': 'a: {{ .Values.x }}\n',
  'tab indentation': 'a:\n\tb: 1\n',
};

describe('fast parse', () => {
  for (const [name, text] of Object.entries(SNIPPETS)) it(name, () => check(name, text));

  it('leaves anchors, tags, merge keys, errors and templates to the yaml pass', () => {
    for (const name of ['anchors, aliases, merge keys', 'tags', 'syntax errors', 'helm template'])
      expect(fastParse(new SourceFile(name, SNIPPETS[name])), name).toBeUndefined();
  });

  it('takes the plain YAML of manifests itself', () => {
    for (const name of [
      'YAML 1.1 scalars',
      'block scalars as items and values',
      'flow collections',
      'duplicate keys',
      'integer-like keys, which JavaScript orders first',
      'CRLF line ends',
    ])
      expect(fastParse(new SourceFile(name, SNIPPETS[name])), name).toBeDefined();
  });

  it('agrees with the yaml pass on every fixture and example, and takes the valid ones', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(full);
      }
    };
    walk(path.resolve(__dirname, '../fixtures'));
    walk(path.resolve(__dirname, '../examples'));
    const paths = files.map((file) => [file, check(file, fs.readFileSync(file, 'utf8'))] as const);
    const viaYaml = paths.filter(
      ([file, pass]) => pass === 'yaml' && parseSource(new SourceFile(file, fs.readFileSync(file, 'utf8'))).problems.length === 0,
    );
    // Anchors and merge keys are the only valid YAML the fixtures hand to the yaml pass.
    for (const [file] of viaYaml) expect(fs.readFileSync(file, 'utf8'), file).toMatch(/[&*!]|<</);
    expect(paths.filter(([, pass]) => pass === 'fast').length).toBeGreaterThan(files.length * 0.9);
  });

  it('tests plain scalars against the YAML 1.1 patterns its first-character shortcut was written for', () => {
    expect(plainScalarTags().map((tag) => `${String(tag.default)} ${tag.test!.source}`)).toEqual([
      'true ^(?:~|[Nn]ull|NULL)?$',
      'true ^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$',
      'true ^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$',
      'true ^[-+]?0b[0-1_]+$',
      'true ^[-+]?0[0-7_]+$',
      'true ^[-+]?[0-9][0-9_]*$',
      'true ^[-+]?0x[0-9a-fA-F_]+$',
      'true ^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
      'true ^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$',
      'true ^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$',
      'key ^<<$',
      'true ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$',
      'true ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*$',
      'true ^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$',
    ]);
  });
});
