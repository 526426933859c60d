import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { xmllint } from './consumers/tools.js';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';
import { BIN } from './run-cli.js';

const XSD = path.join(__dirname, 'junit/jenkins-junit.xsd');
const SCHEMA_LINE = '<xs:attribute name="status" type="xs:string" use="optional"/>';
/** The published schema plus the two optional testcase attributes the viewers read (see test/junit/README.md). */
const XSD_WITH_FILE_AND_LINE = fs
  .readFileSync(XSD, 'utf8')
  .replace(
    SCHEMA_LINE,
    `${SCHEMA_LINE}<xs:attribute name="file" type="xs:string" use="optional"/><xs:attribute name="line" type="xs:string" use="optional"/>`,
  );

const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n';
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Case {
  name: string;
  classname: string;
  file: string;
  line: string;
  failure?: unknown;
  skipped?: unknown;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

function casesOf(xml: string): { totals: { tests: string; failures: string }; cases: Case[] } {
  const doc = parser.parse(xml);
  return { totals: doc.testsuites, cases: doc.testsuites.testsuite.flatMap((s: { testcase?: Case[] }) => s.testcase ?? []) };
}

describe('JUnit as the test-report viewers read it', () => {
  const dir = tempTree({
    'apps/a.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    'apps/b.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: api'),
    'apps/config.yaml': CLEAN,
    'broken.yaml': BROKEN,
  });

  it('one testcase per finding, on its file and line (mikepenz/action-junit-report, dorny/test-reporter, GitLab)', () => {
    const findings: Array<{ ruleId: string; location: { file: string; line: number }; object: { kind: string; name: string } | null }> =
      JSON.parse(cli(['lint', '.', '-f', 'json'], dir).stdout).findings;
    expect(findings.length).toBe(3);
    const { cases } = casesOf(cli(['lint', '.', '-f', 'junit'], dir).stdout);
    for (const f of findings) {
      const found = cases.filter(
        (c) => c.file === f.location.file && c.line === String(f.location.line) && c.name.startsWith(`${f.ruleId} `),
      );
      expect(found, `${f.location.file}:${f.location.line} ${f.ruleId}`).toHaveLength(1);
      expect(found[0].classname).toBe(f.location.file);
      if (f.object) expect(found[0].name).toBe(`${f.ruleId} ${f.object.kind} ${f.object.name}`);
    }
    // The clean object still shows as a passing test.
    expect(cases.filter((c) => !c.failure && !c.skipped).map((c) => c.name)).toEqual(['ConfigMap settings']);
  });

  it('the failure count agrees with the exit code at every --fail-on', () => {
    for (const failOn of ['error', 'warning', 'info', 'none']) {
      const r = cli(['lint', '.', '-f', 'junit', '--fail-on', failOn], dir);
      const { totals, cases } = casesOf(r.stdout);
      expect(Number(totals.failures) > 0, failOn).toBe(r.code === 1);
      expect(Number(totals.failures)).toBe(cases.filter((c) => c.failure !== undefined).length);
      expect(Number(totals.tests)).toBe(cases.length);
      // Below the threshold: skipped, never silently passing.
      expect(cases.filter((c) => c.skipped !== undefined).length + Number(totals.failures)).toBe(3);
    }
    expect(casesOf(cli(['lint', '.', '-f', 'junit', '--fail-on', 'error'], dir).stdout).totals.failures).toBe('1');
    expect(casesOf(cli(['lint', '.', '-f', 'junit', '--fail-on', 'warning'], dir).stdout).totals.failures).toBe('3');
  });

  const tool = xmllint();
  it.skipIf(!tool)(
    `is valid against the Jenkins JUnit XSD with xmllint --schema${tool ? '' : ' (left out: xmllint not installed, .ci/consumer-tools installs it)'}`,
    () => {
      const work = tempTree({ 'with-file-and-line.xsd': XSD_WITH_FILE_AND_LINE });
      const extended = path.join(work, 'with-file-and-line.xsd');
      const validate = (xml: string, schema: string) => {
        const file = path.join(work, 'report.xml');
        fs.writeFileSync(file, xml);
        return spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
      };
      for (const failOn of ['error', 'info']) {
        const xml = cli(['lint', '.', '-f', 'junit', '--fail-on', failOn], dir).stdout;
        const r = validate(xml, extended);
        expect(r.status, r.stderr).toBe(0);
        const withoutFileAndLine = xml.replace(/ file="[^"]*" line="\d+"/g, '');
        const published = validate(withoutFileAndLine, XSD);
        expect(published.status, published.stderr).toBe(0);
        // Not vacuous: the published schema refuses the two attributes, and a stray element fails both.
        expect(validate(xml, XSD).stderr).toContain("attribute 'file': The attribute 'file' is not allowed");
        expect(validate(xml.replace('<testsuites ', '<testsuites bogus="1" '), extended).status).not.toBe(0);
      }
    },
  );
});
