import fs from 'node:fs';
import path from 'node:path';
import { version } from '../version.js';
import { CONFIG_FILE, ConfigError } from './config.js';

/** The config schema as published with this version, for editor completion (yaml-language-server). */
export const SCHEMA_URL = `https://cdn.jsdelivr.net/npm/kube-intent@${version}/src/engine/config.schema.json`;

/** A starter config: every setting shown, the defaults active, the rest commented out with what it does. */
export function starterConfig(): string {
  return `# yaml-language-server: $schema=${SCHEMA_URL}
# kube-intent configuration: \`kube-intent rules\` lists every rule, \`kube-intent explain <rule-id>\` explains one,
# \`kube-intent lint --print-config\` shows what a run uses (this file with the command-line flags on top).

# Lowest severity that makes \`kube-intent lint\` exit 1: error | warning | info | none.
failOn: error

# Also exit 1 when there are more warnings than this (set it to today's count and lower it over time).
# maxWarnings: 20

# Per-rule severity: off | info | warning | error (opt-in rules are off until given a severity).
rules: {}
#   cpu-limit-missing: info
#   liveness-probe-missing: off
#   readiness-probe-missing: { severity: error }

# What is never loaded (paths, globs relative to the working directory) or never reported
# (objects: still linted as context; name and namespace accept globs).
# ignore:
#   paths: ["charts/**/tests/**"]
#   objects:
#     - { kind: Job, namespace: ci }

# Your own rule modules (ES modules that default-export defineRule(...) or an array of them).
# plugins: ["./kube-intent-rules.js"]

# What the manifests do not say about the cluster they are meant for.
# cluster:
#   defaultStorageClass: { name: standard, volumeBindingMode: WaitForFirstConsumer }
#   zones: 3            # or the zone names: [eu-west-1a, eu-west-1b, eu-west-1c]
#   strict: false       # true: say, as info, what cross-object rules cannot resolve
`;
}

/** Writes the starter config into `dir`; refuses to overwrite one unless forced. Returns what to print. */
export function writeStarterConfig(dir: string, force: boolean): string {
  const file = path.join(dir, CONFIG_FILE);
  if (!force && fs.existsSync(file)) throw new ConfigError(`${CONFIG_FILE} already exists; \`kube-intent init --force\` overwrites it`);
  try {
    fs.writeFileSync(file, starterConfig());
  } catch (err) {
    throw new ConfigError(`cannot write ${CONFIG_FILE}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return `wrote ${CONFIG_FILE}\n`;
}
