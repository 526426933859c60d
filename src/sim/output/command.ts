import fs from 'node:fs';
import type { LoadedConfig } from '../../engine/config.js';
import type { RuleDefinition } from '../../engine/rule.js';
import { failsThreshold, lintPathsConcurrently } from '../../engine/run.js';
import type { UsageAssumption } from '../../k8s/eviction.js';
import type { ManifestSet } from '../../model/manifest-set.js';
import type { Severity, SeverityOrOff } from '../../types.js';
import { UsageError } from '../../usage-error.js';
import { asRecord } from '../../util/raw.js';
import { clusterPaths, formatClusterProblem, loadCluster, nodeZoneOf, type LoadedCluster } from '../input/index.js';
import { SIMULATE_FORMATS } from './format.js';
import type { SimulationReport } from './report.js';
import { simulationFor } from './setup.js';
import type { WhatIfRequest } from './what-if.js';

/** The `simulate` command and lint's `--cluster`, loaded only when a cluster is named. */

/** The cluster `--cluster` or the config's cluster.profile names; undefined when neither does. Bad files are usage errors. */
export function clusterFor(cliPaths: readonly string[], loaded: LoadedConfig, cwd: string, maxFileSize: number): LoadedCluster | undefined {
  const paths = clusterPaths(cliPaths, loaded, cwd);
  if (paths.length === 0) return undefined;
  const cluster = loadCluster(paths, { maxFileSize });
  for (const p of cluster.problems.filter((x) => x.severity === 'warning'))
    process.stderr.write(`kube-intent: warning: ${formatClusterProblem(p)}\n`);
  const errors = cluster.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new UsageError(errors.map(formatClusterProblem).join('\nkube-intent: '));
  return cluster;
}

/** For `lint`: the simulation the cluster rules read, or undefined without a cluster. */
export function lintSimulation(
  cliPaths: readonly string[],
  loaded: LoadedConfig,
  cwd: string,
  maxFileSize: number,
): ((set: ManifestSet) => SimulationReport) | undefined {
  const cluster = clusterFor(cliPaths, loaded, cwd, maxFileSize);
  return cluster && simulationFor(cluster, { usage: 'request', whatIfs: [] });
}

export interface SimulateFlags {
  cluster?: string[];
  format: string;
  output?: string;
  failOn?: Severity | 'none';
  loseNode?: string[];
  loseZone?: string[];
  drain?: string[];
  usage: UsageAssumption;
  color: boolean;
  maxFileSize: number;
}

export interface SimulateSettings {
  loaded: LoadedConfig;
  rules: readonly RuleDefinition[];
  overrides?: Record<string, SeverityOrOff>;
  wantsColor: boolean;
  width: number;
}

export async function runSimulate(paths: string[], flags: SimulateFlags, settings: SimulateSettings): Promise<number> {
  const load = SIMULATE_FORMATS[flags.format];
  if (!load) throw new UsageError(`unknown format "${flags.format}"; use one of ${Object.keys(SIMULATE_FORMATS).join(', ')}`);
  if (paths.includes('-') && (flags.cluster ?? []).includes('-'))
    throw new UsageError('stdin (-) can hold the manifests or the cluster, not both');
  const cluster = clusterFor(flags.cluster ?? [], settings.loaded, process.cwd(), flags.maxFileSize);
  if (!cluster)
    throw new UsageError(
      'simulate needs a cluster: --cluster FILE (kubectl get nodes -o yaml, or a ClusterProfile), or cluster.profile in the config',
    );
  const whatIfs = whatIfRequests(flags, cluster);

  const simulateSet = simulationFor(cluster, { usage: flags.usage, whatIfs });
  let report: SimulationReport | undefined;
  const result = await lintPathsConcurrently({
    paths,
    config: settings.loaded.config,
    rules: settings.rules,
    overrides: settings.overrides,
    maxFileSize: flags.maxFileSize,
    simulate: (set) => (report ??= simulateSet(set)),
  });
  if (!result.linted) {
    const problems = result.findings.filter((f) => f.ruleId === 'file-unreadable');
    for (const f of problems) process.stderr.write(`kube-intent: ${f.location.file}: ${f.message}\n`);
    if (problems.length === 0) process.stderr.write(`kube-intent: no manifests found in ${paths.join(', ')}\n`);
    return 2;
  }
  // The rules may all be off: the report is still what this command prints.
  report ??= simulateSet(result.set!);

  const formatter = (await load()).default;
  const toFile = flags.output !== undefined;
  const text = formatter(report, result.findings, { color: flags.color && !toFile && settings.wantsColor, width: settings.width });
  if (toFile) {
    try {
      fs.writeFileSync(flags.output!, text);
    } catch (err) {
      throw new UsageError(`cannot write ${flags.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else process.stdout.write(text);

  const failOn = flags.failOn ?? settings.loaded.config.failOn ?? 'error';
  const pending = report.result.placements.some((p) => p.pending);
  return (failOn !== 'none' && pending) || failsThreshold(result.findings, failOn) ? 1 : 0;
}

/** The what-ifs in a fixed order (nodes, zones, drains), each target checked against the cluster. */
function whatIfRequests(flags: SimulateFlags, cluster: LoadedCluster): WhatIfRequest[] {
  const nodes = cluster.nodes.map((n) => String(asRecord(n.metadata).name ?? ''));
  const zones = [...new Set(cluster.nodes.map(nodeZoneOf).filter((z): z is string => z !== null))].sort();
  const check = (flag: string, target: string, known: string[], what: string, word: string) => {
    if (target === word || known.includes(target)) return;
    throw new UsageError(
      `--${flag} ${target}: the cluster has no ${what} "${target}" (use ${word} or one of: ${known.join(', ') || 'none'})`,
    );
  };
  const out: WhatIfRequest[] = [];
  for (const target of flags.loseNode ?? []) {
    check('lose-node', target, nodes, 'node', 'worst');
    out.push({ kind: 'lose-node', target });
  }
  for (const target of flags.loseZone ?? []) {
    check('lose-zone', target, zones, 'zone', 'each');
    out.push({ kind: 'lose-zone', target });
  }
  for (const target of flags.drain ?? []) {
    check('drain', target, nodes, 'node', 'each');
    out.push({ kind: 'drain', target });
  }
  return out;
}
