import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import type { LintResult } from '../src/engine/run.js';
import { FORMATS, type FormatOptions } from '../src/report/format.js';
import github from '../src/report/github.js';
import json from '../src/report/json.js';
import junit from '../src/report/junit.js';
import sarif from '../src/report/sarif.js';
import stylish from '../src/report/stylish.js';
import type { Finding } from '../src/types.js';
import { DEPLOYMENT_WITHOUT_CPU, lint, tempTree } from './helpers.js';
import { escapeControl } from '../src/util/text.js';

const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
const HOSTILE = `<b>&amp; "q" 'a' ]]> 🚀 100% a:b,c ${CONTROL} \uD800 end`;

/** The same findings for every format: a real lint with a suppressed finding, a syntax error and an awkward file name. */
function realSample(): { dir: string; result: LintResult } {
  const suppressedByComment = DEPLOYMENT_WITHOUT_CPU.replace('name: web', 'name: quiet').replace(
    '        - name: web',
    '        # kube-intent-ignore cpu-request-missing -- sized by the mesh\n        - name: web',
  );
  const suppressedByAnnotation = DEPLOYMENT_WITHOUT_CPU.replace(
    '  name: web',
    '  name: hushed\n  annotations: { kube-intent.io/ignore: cpu-request-missing }',
  );
  const dir = tempTree({
    'apps/web.yaml': DEPLOYMENT_WITHOUT_CPU,
    'apps/odd name #1.yaml': suppressedByComment,
    'apps/annotated.yaml': suppressedByAnnotation,
    'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n',
  });
  return { dir, result: lint([dir]) };
}

/** Findings no real rule would produce: hostile text everywhere, related locations, a rule-error, every severity. */
function hostileSample(dir: string): LintResult {
  const location = (file: string, line: number) => ({ file, line, column: 3, endLine: line, endColumn: 9 });
  const base = { declared: `declared ${HOSTILE}`, interpreted: `interpreted ${HOSTILE}`, fix: `fix ${HOSTILE}`, path: 'spec.replicas' };
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ns<&>', name: `web ${HOSTILE}` };
  const findings: Finding[] = [
    {
      ...base,
      ruleId: 'cpu-request-missing',
      severity: 'error',
      message: `error ${HOSTILE}`,
      object,
      location: location(path.join(dir, 'a.yaml'), 4),
      related: [{ object: { ...object, kind: 'Service' }, location: location(path.join(dir, 'b.yaml'), 2), message: `related ${HOSTILE}` }],
    },
    {
      ...base,
      ruleId: 'duplicate-key',
      severity: 'warning',
      message: `warning ${HOSTILE}`,
      object,
      location: location(path.join(dir, 'a.yaml'), 7),
      related: [],
    },
    {
      ...base,
      ruleId: 'yaml-syntax',
      severity: 'info',
      message: `info ${HOSTILE}`,
      object: null,
      path: null,
      location: location(path.join(dir, 'c.yaml'), 1),
      related: [],
    },
    {
      ...base,
      ruleId: 'rule-error',
      severity: 'error',
      message: `Rule "x" failed: ${HOSTILE}`,
      object,
      location: location(path.join(dir, 'a.yaml'), 9),
      related: [],
    },
    {
      ...base,
      ruleId: 'cpu-request-missing',
      severity: 'warning',
      message: 'suppressed one',
      object,
      location: location(path.join(dir, 'a.yaml'), 12),
      related: [],
      suppressed: { kind: 'comment', justification: `because ${HOSTILE}` },
    },
  ];
  return { findings, summary: { files: 3, objects: 1, errors: 2, warnings: 1, infos: 1 }, linted: true };
}

function options(cwd: string): FormatOptions {
  return { color: false, rules: builtinRules, width: 100, cwd };
}

function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // unicodeRegExp off: the schema's language pattern is valid ECMA-262 but not under the u flag.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(schema);
}

describe('format registry', () => {
  it('offers every format and loads each one only when asked', async () => {
    expect(Object.keys(FORMATS)).toEqual(['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'compact']);
    for (const load of Object.values(FORMATS)) expect(typeof (await load()).default).toBe('function');
  });
});

describe('sarif format', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema, for real and hostile findings', () => {
    const { dir, result } = realSample();
    for (const sample of [result, hostileSample(dir)]) {
      const log = JSON.parse(sarif(sample, options(dir)));
      const valid = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('the schema check is not vacuous: a broken log fails it', () => {
    const { dir, result } = realSample();
    const log = JSON.parse(sarif(result, options(dir)));
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    expect(validate(log)).toBe(false);
  });

  it('describes every rule and points each result at its descriptor', () => {
    const { dir } = realSample();
    const log = JSON.parse(sarif(hostileSample(dir), options(dir)));
    expect(log.runs).toHaveLength(1);
    const rules = log.runs[0].tool.driver.rules;
    for (const rule of builtinRules) {
      const d = rules.find((r: { id: string }) => r.id === rule.id);
      expect(d.shortDescription.text).toBe(rule.summary);
      expect(d.fullDescription.text).toContain(rule.docs.interpreted);
      expect(d.defaultConfiguration.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[rule.severity]);
      expect(d.help.text).toContain(`Fix: ${rule.docs.fix}`);
      expect(d.help.markdown).toContain(`**Declared:** ${rule.docs.declared}`);
      expect(d.helpUri).toBe(rule.docsUrl);
      expect(d.properties.precision).toMatch(/^(very-high|high)$/);
      expect(d.properties['problem.severity']).toBe({ error: 'error', warning: 'warning', info: 'recommendation' }[rule.severity]);
    }
    expect(log.runs[0].tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(rules.map((r: { id: string }) => r.id)).toContain('rule-error');
    for (const r of log.runs[0].results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(log.runs[0].results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning', 'note', 'error']);
  });

  it('uses relative, forward-slash, escaped URIs and 1-based regions', () => {
    const { dir, result } = realSample();
    const log = JSON.parse(sarif(result, { ...options(dir), includeSuppressed: true }));
    const uris = log.runs[0].results.map(
      (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        r.locations[0].physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(['apps/annotated.yaml', 'apps/odd%20name%20%231.yaml', 'apps/web.yaml', 'broken.yaml']);
    const web = log.runs[0].results[2];
    expect(web.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`${pathToFileURL(dir).href}/`);
    expect(web.locations[0].physicalLocation.region).toEqual({ startLine: 13, startColumn: 11, endLine: 13, endColumn: 15 });
    expect(web.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: 'Deployment web', kind: 'object' }]);
    const fromParent = JSON.parse(sarif(result, { ...options(path.dirname(dir)), root: path.dirname(dir) }));
    expect(fromParent.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(`${path.basename(dir)}/apps/web.yaml`);
  });

  it('leaves suppressed findings out (GitHub ignores the mark); includeSuppressed keeps them, marked inSource with the reason', () => {
    const { dir, result } = realSample();
    const byDefault = JSON.parse(sarif(result, options(dir))).runs[0].results;
    expect(byDefault.map((r: { ruleId: string }) => r.ruleId)).toEqual(['cpu-request-missing', 'yaml-syntax']);
    expect(byDefault.filter((r: { suppressions?: unknown[] }) => r.suppressions)).toEqual([]);
    const results = JSON.parse(sarif(result, { ...options(dir), includeSuppressed: true })).runs[0].results;
    const suppressed = results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed.map((r: { suppressions: unknown[] }) => r.suppressions)).toEqual([
      [{ kind: 'inSource', justification: 'kube-intent.io/ignore annotation' }],
      [{ kind: 'inSource', justification: 'sized by the mesh' }],
    ]);
    expect(results.find((r: { ruleId: string }) => r.ruleId === 'yaml-syntax').suppressions).toBeUndefined();
  });

  it('carries related locations with their messages, linked from the message text as GitHub needs', () => {
    const { dir } = realSample();
    const first = JSON.parse(sarif(hostileSample(dir), options(dir))).runs[0].results[0];
    expect(first.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'b.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 9 },
        },
        message: { text: `related ${HOSTILE}` },
      },
    ]);
    // SARIF message syntax: [text](id) links to relatedLocations[id]; literal brackets are escaped.
    expect(first.message.text).toMatch(/ \(see \[Service ns<&>\/web .*\]\(1\)\)$/s);
    expect(first.message.text).toContain('\\]\\]>');
  });

  it('fingerprints stay put when lines move, and differ between findings', () => {
    const dir = tempTree({ 'a.yaml': DEPLOYMENT_WITHOUT_CPU });
    const moved = tempTree({ 'a.yaml': `# a comment that shifts every line\n${DEPLOYMENT_WITHOUT_CPU}` });
    const before = JSON.parse(sarif(lint([dir]), options(dir))).runs[0].results[0];
    const after = JSON.parse(sarif(lint([moved]), options(moved))).runs[0].results[0];
    expect(after.locations[0].physicalLocation.region.startLine).toBe(before.locations[0].physicalLocation.region.startLine + 1);
    expect(after.partialFingerprints).toEqual(before.partialFingerprints);
    const all = JSON.parse(sarif(hostileSample(dir), options(dir))).runs[0].results.map(
      (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['kubeIntentFinding/v1'],
    );
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('junit format', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name),
  });

  it('is well-formed XML 1.0 with hostile strings, and they survive the round trip', () => {
    const { dir } = realSample();
    const xml = junit(hostileSample(dir), options(dir));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
    const doc = parser.parse(xml);
    const failures = doc.testsuites.testsuite.flatMap((s: { testcase: Array<{ failure?: unknown[] }> }) =>
      s.testcase.flatMap((c) => c.failure ?? []),
    );
    const messages = failures.map((f: { message: string }) => f.message);
    const printable = (s: string) =>
      s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uD800]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(messages).toContain(printable(`error ${HOSTILE}`));
    expect(messages).toContain(printable(`Rule "x" failed: ${HOSTILE}`));
    const text = failures.map((f: { '#text': string }) => f['#text']).join('\n');
    expect(text).toContain(printable(`fix ${HOSTILE}`));
  });

  it('a testsuite per file, a testcase per finding (rule and object, file and line), passing cases for clean objects', () => {
    const { dir, result } = realSample();
    const doc = parser.parse(junit(result, { ...options(dir), failOn: 'warning' }));
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => path.relative(dir, s.name))).toEqual([
      'apps/annotated.yaml',
      'apps/odd name #1.yaml',
      'apps/web.yaml',
      'broken.yaml',
    ]);
    const web = suites[2];
    expect(web.testcase).toHaveLength(1);
    expect(web.testcase[0]).toMatchObject({
      name: 'cpu-request-missing Deployment web',
      file: path.join(dir, 'apps/web.yaml'),
      line: '13',
    });
    expect(web.testcase[0].classname).toBe(web.name);
    expect(web.testcase[0].failure).toHaveLength(1);
    expect(web.testcase[0].failure[0].type).toBe('warning cpu-request-missing');
    expect(web.testcase[0].failure[0]['#text']).toMatch(
      /web\.yaml:13:11 warning cpu-request-missing: Container "web" of Deployment web has no CPU request\ndeclared: .+\ninterpreted: .+\nfix: .+/,
    );
    // Suppressed findings are no testcases; their objects pass.
    expect(suites[0].testcase).toEqual([expect.objectContaining({ name: 'Deployment hushed' })]);
    expect(suites[0].testcase[0].failure).toBeUndefined();
    expect(suites[1].testcase[0].failure).toBeUndefined();
    expect(suites[3].testcase[0].name).toBe('yaml-syntax (file)');
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '2' });
  });

  it('findings below --fail-on are skipped cases with the text in system-out, so failures match the exit code', () => {
    const { dir, result } = realSample();
    const doc = parser.parse(junit(result, { ...options(dir), failOn: 'error' }));
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '1' });
    const web = doc.testsuites.testsuite[2];
    expect(web).toMatchObject({ failures: '0', skipped: '1' });
    expect(web.testcase[0].failure).toBeUndefined();
    expect(web.testcase[0].skipped).toBe('warning below --fail-on error: Container "web" of Deployment web has no CPU request');
    expect(web.testcase[0]['system-out']).toMatch(/^.*web\.yaml:13:11 warning cpu-request-missing: .+\nfix: /s);
    const none = parser.parse(junit(result, { ...options(dir), failOn: 'none' }));
    expect(none.testsuites.failures).toBe('0');
  });

  it('lists passing objects too, so a clean run still shows its tests', () => {
    const dir = tempTree({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\n' });
    const doc = parser.parse(junit(lint([dir]), options(dir)));
    expect(doc.testsuites.testsuite[0]).toMatchObject({ tests: '1', failures: '0', testcase: [{ name: 'ConfigMap shop/settings' }] });
  });
});

describe('github format', () => {
  it('one workflow command per unsuppressed finding, escaped per GitHub rules', () => {
    const { dir } = realSample();
    const lines = github(hostileSample(dir), options(dir)).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 4).map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::error', '::warning', '::notice']);
    expect(lines[0]).toMatch(/^::error file=a\.yaml,line=4,col=3,endLine=4,endColumn=9,title=kube-intent cpu-request-missing::error /);
    expect(lines[4]).toBe('kube-intent: 2 errors, 1 warning, 1 info');
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
    const data = lines[0].slice(lines[0].indexOf('::', 2) + 2);
    expect(data).toContain('100%25 a:b,c');
    // Manifest text has its control characters shown escaped (issue 17): only our own line breaks are %0A.
    expect(data).toContain('\\t\\n\\x0b\\x0c\\r');
    expect(data).not.toMatch(/[\u0000-\u001f]/);
    const shownText = escapeControl(HOSTILE);
    expect(decodeData(data)).toBe(
      [`error ${shownText}`, `declared: declared ${shownText}`, `interpreted: interpreted ${shownText}`, `fix: fix ${shownText}`].join(
        '\n',
      ),
    );
  });

  it('escapes : and , in properties (file names)', () => {
    const finding = hostileSample('/tmp').findings[2];
    const result: LintResult = {
      findings: [{ ...finding, location: { ...finding.location, file: '/tmp/x/we:ird,name%.yaml' } }],
      summary: { files: 1, objects: 0, errors: 0, warnings: 0, infos: 1 },
      linted: true,
    };
    const [line] = github(result, options('/tmp')).split('\n');
    expect(line).toMatch(
      /^::notice file=x\/we%3Aird%2Cname%25\.yaml,line=1,col=3,endLine=1,endColumn=9,title=kube-intent yaml-syntax::info /,
    );
  });

  it('stdin findings carry no file property', () => {
    const r = lint(['-'], {}, { readStdin: () => DEPLOYMENT_WITHOUT_CPU });
    expect(github(r, options('/')).split('\n')[0]).toMatch(/^::warning title=kube-intent cpu-request-missing::Container "web"/);
  });
});

describe('suppressed findings, format by format', () => {
  it('human and machine-gate formats leave them out; SARIF keeps them marked', () => {
    const { dir, result } = realSample();
    const o = options(dir);
    expect(JSON.parse(json(result, o)).findings.map((f: { object: { name: string } | null }) => (f.object ? f.object.name : null))).toEqual(
      ['web', null],
    );
    expect(stylish(result, o)).not.toMatch(/quiet|hushed/);
    expect(junit(result, o)).not.toContain(
      '<failure message="Container &quot;web&quot; of Deployment web has no CPU request" type="warning cpu-request-missing">apps/odd',
    );
    expect(github(result, o).match(/^::/gm)).toHaveLength(2);
    expect(JSON.parse(sarif(result, o)).runs[0].results).toHaveLength(2);
    expect(JSON.parse(sarif(result, { ...o, includeSuppressed: true })).runs[0].results).toHaveLength(4);
  });
});

function decodeData(s: string): string {
  return s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}
