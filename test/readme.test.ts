import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Output samples in the README that claim to come from `kube-intent lint examples` must be real. */
const ROOT = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function lintExamples(): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/kube-intent'), 'lint', 'examples'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  expect(r.status).toBe(1);
  return r.stdout;
}

/** Code blocks that show findings of the example app (they start with an examples/ file header). */
const samples = [...readme.matchAll(/^```\n(examples\/shop\/[\s\S]*?)^```$/gm)].map((m) => m[1]);

describe('README', () => {
  it('starts with the two set-up commands for a fresh clone', () => {
    const first = /^```sh\n([\s\S]*?)^```$/m.exec(readme)?.[1] ?? '';
    expect(first).toContain('npm ci && npx kube-intent lint examples');
    expect(first).toContain('npm ci && npm test');
  });

  it('shows example-app output exactly as the tool prints it', () => {
    expect(samples.length).toBeGreaterThanOrEqual(2);
    const output = lintExamples();
    for (const sample of samples) {
      // Samples are excerpts: each file header and each whole finding (position line to the next) must be real.
      const findings = sample.split(/\n(?=examples\/|  \d+:\d+ )/).map((part) => part.trimEnd());
      for (const part of findings) expect(output).toContain(part);
    }
  });
});
