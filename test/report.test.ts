import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import type { LintResult } from '../src/engine/run.js';
import json, { findingJson, jsonChunks } from '../src/report/json.js';
import stylish from '../src/report/stylish.js';
import { DEPLOYMENT_WITHOUT_CPU, lint, tempTree } from './helpers.js';

function sample(): LintResult {
  const suppressed = DEPLOYMENT_WITHOUT_CPU.replace('name: web', 'name: quiet').replace(
    '        - name: web',
    '        # kube-intent-ignore cpu-request-missing\n        - name: web',
  );
  const dir = tempTree({
    'a.yaml': DEPLOYMENT_WITHOUT_CPU,
    'b.yaml': suppressed,
    'c.yaml': 'apiVersion: v1\nkind: x\nmetadata: {name: [\n',
  });
  return lint([dir]);
}

describe('json format', () => {
  it('matches the public contract', () => {
    const out = JSON.parse(json(sample(), { color: false, rules: builtinRules, width: 100 }));
    expect(Object.keys(out)).toEqual(['version', 'findings', 'summary']);
    expect(out.version).toBe(1);
    expect(Object.keys(out.summary)).toEqual(['files', 'objects', 'errors', 'warnings', 'infos']);
    expect(out.summary).toMatchObject({ files: 3, objects: 2, errors: 1, warnings: 1, infos: 0 });
    const finding = out.findings.find((f: { ruleId: string }) => f.ruleId === 'cpu-request-missing');
    expect(Object.keys(finding)).toEqual([
      'ruleId',
      'severity',
      'message',
      'declared',
      'interpreted',
      'fix',
      'object',
      'location',
      'path',
      'related',
    ]);
    expect(finding.object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: null, name: 'web' });
    expect(finding.location).toMatchObject({ line: 13, column: 11, endLine: 13 });
    expect(finding.path).toBe('spec.template.spec.containers[0].resources.requests');
    const syntax = out.findings.find((f: { ruleId: string }) => f.ruleId === 'yaml-syntax');
    expect(syntax.object).toBeNull();
    expect(syntax.path).toBeNull();
  });

  it('leaves suppressed findings out of findings and counts', () => {
    const out = JSON.parse(json(sample(), { color: false, rules: builtinRules, width: 100 }));
    expect(out.findings.filter((f: { object: { name: string } | null }) => f.object?.name === 'quiet')).toHaveLength(0);
  });
});

describe('json format in pieces', () => {
  /** What the report was before it was written in pieces: one JSON.stringify of the whole. */
  const whole = (result: LintResult) =>
    `${JSON.stringify({ version: 1, findings: result.findings.filter((f) => !f.suppressed).map(findingJson), summary: result.summary }, null, 2)}\n`;

  it('writes the bytes of one JSON.stringify, with 0, 1 and more findings than fit in a piece', () => {
    const base = sample();
    const shown = base.findings.filter((f) => !f.suppressed);
    // 1,203 findings cross two piece boundaries; a related entry and the kustomize summary nest deeper.
    const many = Array.from({ length: 1203 }, (_, i) => ({
      ...shown[i % shown.length],
      message: `finding ${i} "quoted"\nsecond line`,
      related: i % 2 ? [{ object: shown[0].object!, location: shown[0].location, message: 'partner' }] : [],
    }));
    const results: LintResult[] = [
      { ...base, findings: [] },
      { ...base, findings: shown.slice(0, 1) },
      { ...base, findings: [...base.findings, ...many], summary: { ...base.summary, kustomize: { rendered: 1, plain: 2, patches: 3 } } },
    ];
    for (const result of results) {
      const pieces = [...jsonChunks(result)];
      expect(pieces.join('')).toBe(whole(result));
      expect(json(result, { color: false, rules: builtinRules, width: 100 })).toBe(whole(result));
    }
    // The big report really comes in pieces, none holding every finding.
    const pieces = [...jsonChunks(results[2])];
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole(results[2]).length / 2);
  });
});

describe('stylish format', () => {
  it('groups by file and shows position, severity, rule, message and the three lines', () => {
    const out = stylish(sample(), { color: false, rules: builtinRules, width: 100 });
    expect(out).toMatch(
      /a\.yaml\n  13:11\s+warning\s+cpu-request-missing\s+Container "web" of Deployment web has no CPU request\n\s+declared:\s+.+\n\s+interpreted:\s+.+/,
    );
    expect(out).toContain('fix:');
    expect(out).toMatch(/✖ 2 problems \(1 error, 1 warning, 0 infos\) in 2 objects in 3 files, 1 suppressed\n$/);
    expect(out).not.toContain('\u001b[');
  });

  it('wraps long text to the width', () => {
    const out = stylish(sample(), { color: false, rules: builtinRules, width: 60 });
    for (const line of out.split('\n').filter((l) => l.startsWith('          '))) expect(line.length).toBeLessThanOrEqual(60 + 20);
  });

  it('says so when there is nothing to report', () => {
    const out = stylish(
      { findings: [], summary: { files: 1, objects: 1, errors: 0, warnings: 0, infos: 0 }, linted: true },
      { color: false, rules: builtinRules, width: 100 },
    );
    expect(out).toBe('✔ no problems (1 object in 1 file)\n');
  });
});
