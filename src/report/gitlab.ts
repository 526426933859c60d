import type { Severity } from '../types.js';
import { distinctFingerprints } from './fingerprint.js';
import type { Formatter } from './format.js';
import { pathInRepository, relativePath, repositoryRoot } from './paths.js';

/** Code Quality's scale: info, minor, major, critical, blocker. */
const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * GitLab Code Quality (a subset of Code Climate's format): one issue per unsuppressed finding,
 * its path relative to the repository root as GitLab resolves it, and a fingerprint that stays the
 * same when unrelated edits move lines, so merge requests show new and fixed findings.
 */
const gitlab: Formatter = (result, options) => {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? repositoryRoot(cwd);
  const findings = result.findings.filter((f) => !f.suppressed);
  const fileOf = (f: (typeof findings)[number]) => pathInRepository(f.location.file, cwd, root) ?? relativePath(f.location.file, cwd);
  const fingerprints = distinctFingerprints(findings, fileOf);
  const issues = findings.map((f, i) => {
    const file = fileOf(f);
    return {
      type: 'issue',
      check_name: f.ruleId,
      description: `${f.message} (${f.ruleId})`,
      content: { body: `**Declared:** ${f.declared}\n\n**Interpreted:** ${f.interpreted}\n\n**Fix:** ${f.fix}` },
      categories: ['Bug Risk'],
      severity: SEVERITY[f.severity],
      fingerprint: fingerprints[i],
      location: { path: file, lines: { begin: f.location.line, end: f.location.endLine } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};

export default gitlab;
