import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The consumers' own validators, where they install offline. .ci/run installs both; a developer
 * without them runs every other check (the test names say which one is left out).
 */

/** Where .ci/run installs the SARIF Multitool (npm package @microsoft/sarif-multitool-linux). */
export const MULTITOOL_PREFIX = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'kube-intent-ci',
  'sarif-multitool',
);

export function sarifMultitool(): string | undefined {
  const candidates = [
    process.env.KUBE_INTENT_SARIF_MULTITOOL,
    path.join(MULTITOOL_PREFIX, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool'),
  ];
  return candidates.find((file): file is string => file !== undefined && file !== '' && isExecutable(file));
}

export function xmllint(): string | undefined {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'xmllint' : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
