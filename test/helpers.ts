import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinRules } from '../rules/index.js';
import { parseSource } from '../src/load/parse.js';
import { SourceFile } from '../src/load/source.js';
import { ManifestSet } from '../src/model/manifest-set.js';
import { lintPaths, type LintResult } from '../src/engine/run.js';
import type { Config } from '../src/engine/config.js';

/** A temp folder with the given files (path -> content); returns its path. */
export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

/**
 * The rules engine tests run: the input rules and cpu-request-missing, so that DEPLOYMENT_WITHOUT_CPU
 * stays a one-finding sample however many other rules exist. Rules are tested by their fixtures.
 */
export const ENGINE_TEST_RULES = builtinRules.filter((r) => r.category === 'input' || r.id === 'cpu-request-missing');

export function lint(paths: string[], config: Config = {}, extra: Partial<Parameters<typeof lintPaths>[0]> = {}): LintResult {
  return lintPaths({ paths, config, rules: ENGINE_TEST_RULES, maxFileSize: 16 * 1024 * 1024, ...extra });
}

export function ruleIds(result: LintResult): string[] {
  return result.findings.map((f) => f.ruleId);
}

export const DEPLOYMENT_WITHOUT_CPU = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: example/web:1.0.0
          livenessProbe:
            exec: { command: ["/bin/healthcheck"] }
`;

/**
 * DEPLOYMENT_WITHOUT_CPU with memory sized: its only finding under every built-in rule is
 * cpu-request-missing, for tests that run the binary (all rules) and count findings.
 */
export const DEPLOYMENT_ONLY_CPU_MISSING = `${DEPLOYMENT_WITHOUT_CPU}          resources: { requests: { memory: 64Mi }, limits: { memory: 64Mi } }
`;

/** A manifest set built from in-memory files (name -> YAML), as the loader would build it. */
export function setOfFiles(files: Record<string, string>): ManifestSet {
  const set = new ManifestSet();
  for (const [name, text] of Object.entries(files)) {
    const source = new SourceFile(name, text);
    const { documents, problems } = parseSource(source);
    set.addFile(source, documents, problems);
  }
  return set;
}

/** A manifest set of one in-memory file. */
export function setOf(text: string): ManifestSet {
  return setOfFiles({ 'm.yaml': text });
}
