import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import type { LintResult } from '../src/engine/run.js';
import sarif, { MAX_RESULTS } from '../src/report/sarif.js';
import type { Finding } from '../src/types.js';
import { sarifMultitool } from './consumers/tools.js';
import { DEPLOYMENT_ONLY_CPU_MISSING, tempTree } from './helpers.js';
import { BIN } from './run-cli.js';

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; helpUri?: string; properties?: Record<string, unknown> }> } };
    automationDetails?: { id: string };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }>;
      relatedLocations?: Array<{ id: number }>;
      partialFingerprints?: Record<string, string>;
      suppressions?: unknown[];
    }>;
  }>;
}

/**
 * What GitHub code scanning does with an upload, as its documentation states it: at most 20
 * runs and 25,000 results per run; a result's file is its uri resolved against the checkout
 * (through %SRCROOT%); suppressions are ignored (every uploaded result is an open alert); related
 * locations are shown only where the message links them as [text](id); precision and
 * problem.severity decide sorting and severity. Returns the alerts as "file:line ruleId".
 */
function ingestLikeGitHub(log: SarifLog, checkout: string): string[] {
  expect(log.version).toBe('2.1.0');
  expect(log.runs.length).toBeLessThanOrEqual(20);
  const alerts: string[] = [];
  for (const run of log.runs) {
    expect(run.results.length).toBeLessThanOrEqual(MAX_RESULTS);
    const rules = new Map(run.tool.driver.rules.map((r) => [r.id, r]));
    for (const rule of rules.values()) {
      // Built-in rules link their docs section; engine findings (rule-error, unused-suppression) have none.
      if (builtinRules.some((r) => r.id === rule.id)) expect(rule.helpUri, rule.id).toMatch(/^https:\/\/.+#/);
      else expect(rule.helpUri).toBeUndefined();
      expect(['very-high', 'high', 'medium', 'low']).toContain(rule.properties?.precision);
      expect(['error', 'warning', 'recommendation']).toContain(rule.properties?.['problem.severity']);
      expect(((rule.properties?.tags as string[]) ?? []).length).toBeLessThanOrEqual(20);
    }
    for (const result of run.results) {
      expect(rules.has(result.ruleId)).toBe(true);
      expect(result.partialFingerprints).toBeDefined();
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(artifactLocation.uri).not.toMatch(/^(\/|\.\.|[a-z]+:)/);
      const file = decodeURIComponent(artifactLocation.uri);
      // An alert opens on a file of the repository, or nowhere.
      expect(fs.existsSync(path.join(checkout, file)), file).toBe(true);
      for (const [, id] of result.message.text.matchAll(/(?<!\\)\[(?:[^\]\\]|\\.)*\]\((\d+)\)/g))
        expect(result.relatedLocations?.map((r) => r.id)).toContain(Number(id));
      alerts.push(`${file}:${region.startLine} ${result.ruleId}`);
    }
  }
  return alerts;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

function cli(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HELM_OUTPUT = `---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
# Source: web/templates/deployment.yaml
${DEPLOYMENT_ONLY_CPU_MISSING}`;

/** A repository with manifests in deploy/, a chart in charts/web, and a suppressed finding. */
function repository(): string {
  const repo = tempTree({
    'deploy/web.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    'deploy/quiet.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: quiet').replace(
      /^(\s*)(cpu|resources:)/m,
      '$1# kube-intent-ignore cpu-request-missing -- sized by the mesh\n$1$2',
    ),
    'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'charts/web/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\n{{- /* ... */}}\n',
    'charts/web/templates/service.yaml': 'apiVersion: v1\nkind: Service\n',
  });
  git(repo, 'init', '-q');
  return repo;
}

describe('SARIF as GitHub code scanning ingests it', () => {
  it('run from a subfolder (the Action working-directory), alerts open on repository paths', () => {
    const repo = repository();
    const r = cli(['lint', '.', '-f', 'sarif'], path.join(repo, 'deploy'));
    const log: SarifLog = JSON.parse(r.stdout);
    expect(ingestLikeGitHub(log, repo)).toEqual(['deploy/web.yaml:17 cpu-request-missing']);
    expect(fileURLToPath(log.runs[0].originalUriBaseIds!['%SRCROOT%'].uri)).toBe(`${fs.realpathSync(repo)}/`);
  });

  it('suppressed findings are left out (GitHub would show them as open alerts); --include-suppressed keeps them', () => {
    const repo = repository();
    const quiet = fs.readFileSync(path.join(repo, 'deploy/quiet.yaml'), 'utf8');
    expect(quiet).toContain('kube-intent-ignore cpu-request-missing');
    const kept = JSON.parse(cli(['lint', 'deploy', '-f', 'sarif', '--include-suppressed'], repo).stdout) as SarifLog;
    expect(kept.runs[0].results.map((x) => [x.locations[0].physicalLocation.artifactLocation.uri, !!x.suppressions])).toEqual([
      ['deploy/quiet.yaml', true],
      ['deploy/web.yaml', false],
    ]);
    const byDefault = JSON.parse(cli(['lint', 'deploy', '-f', 'sarif'], repo).stdout) as SarifLog;
    expect(ingestLikeGitHub(byDefault, repo)).toEqual(['deploy/web.yaml:17 cpu-request-missing']);
  });

  it('--stdin-filename names standard input in every report', () => {
    const repo = repository();
    const log: SarifLog = JSON.parse(
      cli(['lint', '-', '--stdin-filename', 'deploy/web.yaml', '-f', 'sarif'], repo, DEPLOYMENT_ONLY_CPU_MISSING).stdout,
    );
    expect(ingestLikeGitHub(log, repo)).toEqual(['deploy/web.yaml:17 cpu-request-missing']);
    const compact = cli(['lint', '-', '--stdin-filename', 'deploy/web.yaml', '-f', 'compact'], repo, DEPLOYMENT_ONLY_CPU_MISSING);
    expect(compact.stdout).toMatch(/^deploy\/web\.yaml:17:\d+: warning cpu-request-missing /);
    expect(cli(['lint', 'deploy', '--stdin-filename', 'x.yaml'], repo).stderr).toContain('--stdin-filename names standard input');
  });

  it('helm template output: findings point at the chart template (line 1) and keep the rendered line in the message', () => {
    const repo = repository();
    const log: SarifLog = JSON.parse(cli(['lint', '-', '-f', 'sarif'], repo, HELM_OUTPUT).stdout);
    expect(ingestLikeGitHub(log, repo)).toEqual([
      'charts/web/templates/deployment.yaml:1 cpu-request-missing',
      'charts/web/templates/deployment.yaml:1 readiness-probe-missing',
    ]);
    // deploy/web.yaml reports line 17 (first test); here the same document starts after its # Source: line.
    const renderedLine = HELM_OUTPUT.split('\n').indexOf('# Source: web/templates/deployment.yaml') + 1 + 17;
    expect(log.runs[0].results.find((x) => x.ruleId === 'cpu-request-missing')!.message.text).toContain(`(rendered line ${renderedLine})`);
    // Without the chart in reach, findings stay on the rendered output rather than name a missing file.
    const elsewhere = tempTree({});
    expect(cli(['lint', '-', '-f', 'compact'], elsewhere, HELM_OUTPUT).stdout).toMatch(/^<stdin>:28:\d+: warning cpu-request-missing /m);
  });

  it('--sarif-category sets runAutomationDetails.id as upload-sarif does', () => {
    const repo = repository();
    const log: SarifLog = JSON.parse(cli(['lint', 'deploy', '-f', 'sarif', '--sarif-category', 'kube-intent/prod'], repo).stdout);
    expect(log.runs[0].automationDetails).toEqual({ id: 'kube-intent/prod/' });
    expect(JSON.parse(cli(['lint', 'deploy', '-f', 'sarif'], repo).stdout).runs[0].automationDetails).toBeUndefined();
  });

  it(`above ${MAX_RESULTS} results: errors kept first, the rest capped, and a warning says how many were left out`, () => {
    const at = (i: number): Finding => ({
      ruleId: i % 1000 === 0 ? 'yaml-syntax' : 'cpu-request-missing',
      severity: i % 1000 === 0 ? 'error' : 'warning',
      message: `finding ${i}`,
      declared: 'd',
      interpreted: 'i',
      fix: 'f',
      object: null,
      location: { file: 'a.yaml', line: i + 1, column: 1, endLine: i + 1, endColumn: 2 },
      path: null,
      related: [],
    });
    const findings = Array.from({ length: MAX_RESULTS + 100 }, (_, i) => at(i));
    const result: LintResult = { findings, summary: { files: 1, objects: 0, errors: 26, warnings: 25_074, infos: 0 }, linted: true };
    const warnings: string[] = [];
    const log: SarifLog = JSON.parse(
      sarif(result, { color: false, rules: builtinRules, width: 100, cwd: '/', root: '/', warn: (m) => warnings.push(m) }),
    );
    const results = log.runs[0].results;
    expect(results).toHaveLength(MAX_RESULTS);
    expect(results.filter((r) => r.level === 'error')).toHaveLength(26);
    expect(warnings).toEqual([
      `SARIF: 100 of ${MAX_RESULTS + 100} results left out: code scanning accepts at most ${MAX_RESULTS} per run (errors were kept first)`,
    ]);
    const lines = results.map((r) => r.locations[0].physicalLocation.region.startLine);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  const multitool = sarifMultitool();
  /** Every SARIF rule and GitHub's (Ghas); only SARIF2006 is off: it fetches every URI, and CI has no network. */
  const MULTITOOL_ARGS = [
    '--rule-kind',
    'Sarif;Ghas',
    '--level',
    'Error;Warning',
    '--config',
    path.join(__dirname, 'sarif/multitool-offline.xml'),
  ];
  it.skipIf(!multitool)(
    `passes the SARIF Multitool's validate with its SARIF and GitHub (Ghas) rules: no error or warning${multitool ? '' : ' (left out: SARIF Multitool not installed, .ci/consumer-tools installs it)'}`,
    () => {
      const repo = repository();
      const out = path.join(repo, 'k.sarif');
      const report = path.join(repo, 'validation.sarif');
      cli(['lint', '.', '-f', 'sarif', '-o', out, '--include-suppressed'], repo);
      cli(['lint', '-', '-f', 'sarif', '-o', path.join(repo, 'helm.sarif')], repo, HELM_OUTPUT);
      for (const file of [out, path.join(repo, 'helm.sarif')]) {
        const r = spawnSync(multitool!, ['validate', file, '--output', report, '--log', 'ForceOverwrite', ...MULTITOOL_ARGS], {
          encoding: 'utf8',
        });
        expect(r.status, r.stdout + r.stderr).toBe(0);
        const found = (JSON.parse(fs.readFileSync(report, 'utf8')) as SarifLog).runs[0].results;
        expect(found.map((x) => `${x.ruleId}: ${x.message.text}`)).toEqual([]);
      }
      // Not vacuous: a log without the tool's informationUri draws SARIF2005.
      const broken = JSON.parse(fs.readFileSync(out, 'utf8'));
      delete broken.runs[0].tool.driver.informationUri;
      fs.writeFileSync(out, JSON.stringify(broken));
      spawnSync(multitool!, ['validate', out, '--output', report, '--log', 'ForceOverwrite', ...MULTITOOL_ARGS]);
      expect((JSON.parse(fs.readFileSync(report, 'utf8')) as SarifLog).runs[0].results.map((x) => x.ruleId)).toContain('SARIF2005');
    },
    180_000,
  );
});
