import { SEVERITY_RANK, type Finding, type ObjectRef } from '../types.js';
import type { Formatter } from './format.js';
import { renderedFrom } from '../load/kustomize.js';

interface TestCase {
  name: string;
  line: number;
  finding?: Finding;
}

/**
 * JUnit XML for GitLab, Jenkins and the GitHub test-report actions: a testsuite per file, a
 * testcase per unsuppressed finding (named by rule and object, with `file` and `line` so viewers
 * show it on its line), and a passing testcase for each object without findings. Only findings at
 * or above --fail-on fail; the others are skipped cases with their text in system-out, so the
 * failure count agrees with the exit code.
 */
const junit: Formatter = (result, options) => {
  const failOn = options.failOn ?? 'error';
  const fails = (f: Finding) => failOn !== 'none' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn];
  const suites = new Map<string, TestCase[]>();
  const suite = (file: string) => {
    let cases = suites.get(file);
    if (!cases) suites.set(file, (cases = []));
    return cases;
  };
  // Rendered kustomize output is no file: its objects are listed under the files they were written in.
  for (const file of result.set?.files ?? []) if (renderedFrom(file.path) === undefined || !file.origins) suite(file.path);
  const reported = new Set<string>();
  const findings = result.findings.filter((f) => !f.suppressed);
  for (const f of findings) {
    if (f.object) reported.add(objectKey(f.location.file, f.object));
    suite(f.location.file).push({ name: `${f.ruleId} ${f.object ? describe(f.object) : '(file)'}`, line: f.location.line, finding: f });
  }
  for (const object of result.set?.objects ?? []) {
    const file = object.locationSource.path;
    if (reported.has(objectKey(file, object.ref))) continue;
    reported.add(objectKey(file, object.ref));
    suite(file).push({ name: describe(object.ref), line: object.locate([]).line });
  }

  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  const body: string[] = [];
  for (const [file, cases] of [...suites].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = [...cases].sort((a, b) => a.line - b.line);
    const failed = list.filter((c) => c.finding && fails(c.finding)).length;
    const skipped = list.filter((c) => c.finding && !fails(c.finding)).length;
    tests += list.length;
    failures += failed;
    body.push(`  <testsuite name="${attr(file)}" tests="${list.length}" failures="${failed}" errors="0" skipped="${skipped}" time="0">`);
    for (const c of list) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(file)}" file="${attr(file)}" line="${c.line}" time="0"`;
      const f = c.finding;
      if (!f) body.push(`${open}/>`);
      else if (fails(f))
        body.push(
          `${open}>`,
          `      <failure message="${attr(f.message)}" type="${attr(`${f.severity} ${f.ruleId}`)}">${text(failureText(f))}</failure>`,
          '    </testcase>',
        );
      else
        body.push(
          `${open}>`,
          `      <skipped>${text(`${f.severity} below --fail-on ${failOn}: ${f.message}`)}</skipped>`,
          `      <system-out>${text(failureText(f))}</system-out>`,
          '    </testcase>',
        );
    }
    body.push('  </testsuite>');
  }
  out.push(`<testsuites name="kube-intent" tests="${tests}" failures="${failures}" errors="0" time="0">`, ...body, '</testsuites>');
  return `${out.join('\n')}\n`;
};

function objectKey(file: string, object: ObjectRef): string {
  return `${file}\u0000${describe(object)}`;
}

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
