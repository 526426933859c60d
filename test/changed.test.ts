import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepFindings, onlyChanged } from '../src/engine/changed.js';
import type { LintResult } from '../src/engine/run.js';
import type { Finding } from '../src/types.js';
import { tempTree } from './helpers.js';

function finding(file: string, severity: Finding['severity'], relatedFile?: string): Finding {
  const location = (f: string) => ({ file: f, line: 1, column: 1, endLine: 1, endColumn: 2 });
  return {
    ruleId: 'r',
    severity,
    message: file,
    declared: '',
    interpreted: '',
    fix: '',
    object: null,
    location: location(file),
    path: null,
    related: relatedFile ? [{ object: null, location: location(relatedFile) }] : [],
  };
}

describe('onlyChanged', () => {
  it('keeps findings in changed files and cross-object findings that point into one; recounts', () => {
    const dir = tempTree({ 'changed.yaml': '', 'same.yaml': '' });
    const result: LintResult = {
      findings: [
        finding('changed.yaml', 'error'),
        finding('same.yaml', 'warning'),
        finding('same.yaml', 'warning', 'changed.yaml'),
        finding('same.yaml', 'info', 'same.yaml'),
      ],
      summary: { files: 2, objects: 2, errors: 1, warnings: 2, infos: 1 },
      linted: true,
    };
    const kept = onlyChanged(
      result,
      { base: 'x', baseName: 'main', files: new Set([fs.realpathSync(path.join(dir, 'changed.yaml'))]) },
      dir,
    );
    expect(kept.findings.map((f) => [f.location.file, f.related.length])).toEqual([
      ['changed.yaml', 0],
      ['same.yaml', 1],
    ]);
    expect(kept.summary).toEqual({ files: 2, objects: 2, errors: 1, warnings: 1, infos: 0 });
  });

  it('keepFindings does not count suppressed findings', () => {
    const suppressed = { ...finding('a.yaml', 'warning'), suppressed: { kind: 'comment' as const } };
    const r = keepFindings(
      {
        findings: [suppressed, finding('a.yaml', 'warning')],
        summary: { files: 1, objects: 1, errors: 0, warnings: 1, infos: 0 },
        linted: true,
      },
      () => true,
    );
    expect(r.summary.warnings).toBe(1);
    expect(r.findings).toHaveLength(2);
  });
});
