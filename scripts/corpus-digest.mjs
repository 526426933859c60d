// The corpus golden: one line per finding of `kube-intent lint corpus --format json` (run from the
// corpus's parent folder), each with a hash of the finding's full JSON, so a change anywhere in a
// finding (position, message, related location, suppression) shows as a changed line, and two
// branches that change different findings still merge line by line.
//
//   node scripts/corpus-digest.mjs check <report.json>   exit 1 and list the differences
//   node scripts/corpus-digest.mjs write <report.json>   rewrite test/goldens/corpus.golden
//
// `npm run update-goldens` rewrites it together with the fixture goldens.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS_GOLDEN = fileURLToPath(new URL('../test/goldens/corpus.golden', import.meta.url));

const HEADER = '# kube-intent lint corpus --format json, run from the folder holding the corpus; regenerate with `npm run update-goldens`';

/** The golden's lines for a JSON report's text. */
export function corpusDigest(reportText) {
  const report = JSON.parse(reportText);
  const lines = [HEADER, `version ${report.version}`, `summary ${JSON.stringify(report.summary)}`];
  for (const finding of report.findings) {
    const hash = createHash('sha256').update(JSON.stringify(finding)).digest('hex').slice(0, 16);
    const at = finding.location ? `${finding.location.file}:${finding.location.line}:${finding.location.column}` : '-';
    lines.push(`${hash} ${finding.ruleId} ${at}`);
  }
  return lines;
}

/** Differences between a digest and the stored golden, as short lines for a failure message. */
export function compareWithGolden(lines) {
  const golden = fs.existsSync(CORPUS_GOLDEN) ? fs.readFileSync(CORPUS_GOLDEN, 'utf8').split('\n').slice(0, -1) : [];
  if (golden.join('\n') === lines.join('\n')) return [];
  const inGolden = new Set(golden);
  const inCurrent = new Set(lines);
  const missing = golden.filter((l) => !inCurrent.has(l));
  const extra = lines.filter((l) => !inGolden.has(l));
  const out = [
    `corpus output differs from test/goldens/corpus.golden: ${missing.length} golden lines gone, ${extra.length} new lines`,
    ...missing.slice(0, 15).map((l) => `- ${l}`),
    ...extra.slice(0, 15).map((l) => `+ ${l}`),
  ];
  if (missing.length === 0 && extra.length === 0) out.push('same lines in another order');
  out.push('intended? run `npm run update-goldens` and commit the goldens with the change');
  return out;
}

export function writeGolden(lines) {
  fs.writeFileSync(CORPUS_GOLDEN, `${lines.join('\n')}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, reportFile] = process.argv.slice(2);
  const lines = corpusDigest(fs.readFileSync(reportFile, 'utf8'));
  if (mode === 'write') writeGolden(lines);
  else if (mode === 'check') {
    const differences = compareWithGolden(lines);
    for (const l of differences) console.log(l);
    process.exitCode = differences.length === 0 ? 0 : 1;
  } else {
    console.error('usage: node scripts/corpus-digest.mjs check|write <report.json>');
    process.exitCode = 2;
  }
}
