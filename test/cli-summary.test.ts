import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers.js';
import { runCli } from './run-cli.js';

/** lint --summary: counts per rule and per folder, then the errors in full, then the summary line. */
const POD = (name: string, image: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: tools }
spec:
  containers:
    - name: ${name}
      image: ${image}
      livenessProbe: { exec: { command: [/bin/true] } }
`;

describe('lint --summary', () => {
  const dir = tempTree({
    'a/one.yaml': POD('one', 'example/one:latest'),
    'a/two.yaml': POD('two', 'example/two:1.0.0'),
    'b/bad.yaml': `apiVersion: v1
kind: Pod
metadata: { name: bad, namespace: tools }
spec:
  containers:
    - name: bad
      image: example/bad:1.0.0
      resources: { requests: { cpu: "2" }, limits: { cpu: "1" } }
      livenessProbe: { exec: { command: [/bin/true] } }
`,
  });
  const run = runCli(['lint', 'a', 'b', '--summary'], { cwd: dir });

  it('counts findings per rule and per folder, most first', () => {
    const lines = run.stdout.split('\n');
    const byRule = lines.slice(lines.indexOf('Findings by rule') + 1, lines.indexOf('Findings by folder') - 1);
    expect(byRule[0]).toMatch(/^ {2}resources-missing +2 {2}\(2 warnings\)$/);
    expect(byRule).toContainEqual(expect.stringMatching(/^ {2}request-exceeds-limit +1 {2}\(1 error\)$/));
    const byFolder = lines.slice(lines.indexOf('Findings by folder') + 1, lines.indexOf('Errors') - 1);
    expect(byFolder[0]).toMatch(/^ {2}a +\d+ {2}\(\d+ warnings\)$/);
    expect(byFolder[1]).toMatch(/^ {2}b +\d+ {2}\(1 error, \d+ warnings?\)$/);
  });

  it('then shows the errors in full and no warning, and counts everything in the summary line', () => {
    const errors = run.stdout.slice(run.stdout.indexOf('\nErrors\n'));
    expect(errors).toContain(path.join('b', 'bad.yaml'));
    expect(errors).toMatch(/error +request-exceeds-limit/);
    expect(errors).not.toMatch(/ warning /);
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(/^✖ \d+ problems \(1 error, \d+ warnings, \d+ infos?\)/);
    expect(run.code).toBe(1);
  });

  it('is a view of the stylish report: with another format only, it is a usage error', () => {
    const json = runCli(['lint', 'a', '--summary', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/--summary shapes the stylish report/);
  });
});
