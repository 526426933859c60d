import type { Finding, ObjectRef } from '../types.js';
import type { Formatter } from './format.js';
import { renderedFrom } from '../load/kustomize.js';

interface TestCase {
  name: string;
  line: number;
  failures: Finding[];
}

/**
 * JUnit XML for GitLab and Jenkins: a testsuite per file, a testcase per object (passing when it
 * has no findings), a failure per unsuppressed finding. Findings on no object (syntax errors) go to
 * a testcase named after the file.
 */
const junit: Formatter = (result) => {
  const suites = new Map<string, Map<string, TestCase>>();
  const suite = (file: string) => {
    let cases = suites.get(file);
    if (!cases) suites.set(file, (cases = new Map()));
    return cases;
  };
  // Rendered kustomize output is no file: its objects are listed under the files they were written in.
  for (const file of result.set?.files ?? []) if (renderedFrom(file.path) === undefined || !file.origins) suite(file.path);
  for (const object of result.set?.objects ?? []) testCase(suite(object.locationSource.path), object.ref, object.locate([]).line);
  for (const f of result.findings) {
    if (f.suppressed) continue;
    testCase(suite(f.location.file), f.object, f.object ? undefined : 0).failures.push(f);
  }

  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  const body: string[] = [];
  for (const [file, cases] of [...suites].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = [...cases.values()].sort((a, b) => a.line - b.line);
    const failed = list.filter((c) => c.failures.length).length;
    tests += list.length;
    failures += failed;
    body.push(`  <testsuite name="${attr(file)}" tests="${list.length}" failures="${failed}" errors="0" skipped="0" time="0">`);
    for (const c of list) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(file)}" file="${attr(file)}" time="0"`;
      if (!c.failures.length) {
        body.push(`${open}/>`);
        continue;
      }
      body.push(`${open}>`);
      for (const f of c.failures) {
        body.push(
          `      <failure message="${attr(f.message)}" type="${attr(`${f.severity} ${f.ruleId}`)}">${text(failureText(f))}</failure>`,
        );
      }
      body.push('    </testcase>');
    }
    body.push('  </testsuite>');
  }
  out.push(`<testsuites name="kube-intent" tests="${tests}" failures="${failures}" errors="0" time="0">`, ...body, '</testsuites>');
  return `${out.join('\n')}\n`;

  function testCase(cases: Map<string, TestCase>, object: ObjectRef | null, line: number | undefined): TestCase {
    const name = object ? describe(object) : '(file)';
    let c = cases.get(name);
    if (!c) cases.set(name, (c = { name, line: line ?? Number.MAX_SAFE_INTEGER, failures: [] }));
    return c;
  }
};

function describe(object: ObjectRef): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name ?? '(unnamed)'}`;
}

function failureText(f: Finding): string {
  const lines = [
    `${f.location.file}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}: ${f.message}`,
    `declared: ${f.declared}`,
    `interpreted: ${f.interpreted}`,
    `fix: ${f.fix}`,
  ];
  for (const r of f.related)
    lines.push(
      `related: ${r.location.file}:${r.location.line}:${r.location.column}${r.object ? ` ${describe(r.object)}` : ''}${r.message ? ` (${r.message})` : ''}`,
    );
  return lines.join('\n');
}

/** Characters XML 1.0 cannot carry at all (even escaped): shown as \uXXXX instead. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function visible(s: string): string {
  return s.replace(NOT_XML, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text content: markup characters escaped, and \r as a reference because parsers turn a raw \r\n into \n. */
function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values: also quotes, and whitespace kept as character references (parsers normalise it otherwise). */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

export default junit;
