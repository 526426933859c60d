import { discover } from '../load/discover.js';
import { globToRegExp } from '../load/glob.js';
import { parseSource } from '../load/parse.js';
import { ManifestSet } from '../model/manifest-set.js';
import type { K8sObject } from '../model/object.js';
import type { Container } from '../model/workload.js';
import { SEVERITY_RANK, formatPath, type Finding, type Severity, type SeverityOrOff } from '../types.js';
import { configuredSeverity, type Config } from './config.js';
import { ruleNames, type ReportInput, type RuleContext, type RuleDefinition } from './rule.js';
import { findSuppression } from './suppress.js';
import type { SimulationReport } from '../sim/output/report.js';
import { pointAtTemplates } from './helm-templates.js';

export interface Summary {
  files: number;
  objects: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintResult {
  /** Sorted; includes suppressed findings (marked), which formatters may show or drop. */
  findings: Finding[];
  summary: Summary;
  /** False when no input could be read at all. */
  linted: boolean;
  /** The linted set, for formats that list every file and object (JUnit). */
  set?: ManifestSet;
}

export interface LintSettings {
  config: Config;
  rules: readonly RuleDefinition[];
  /** From --rule id=severity|off; wins over the config. */
  overrides?: Record<string, SeverityOrOff>;
  /** Places the set's pods on the cluster given to lint (--cluster, cluster.profile); absent without one. */
  simulate?: (set: ManifestSet) => SimulationReport;
  /** false (--no-inline-config): suppression comments and annotations in the manifests are not applied. */
  inlineConfig?: boolean;
}

export interface LintInputOptions extends LintSettings {
  paths: string[];
  maxFileSize: number;
  readStdin?: () => string;
  /** The name standard input is shown and resolved under (--stdin-filename). */
  stdinFilename?: string;
}

/** Big enough for a file that parses within memory (100,000 objects are ~55 MiB); a bound for binaries and runaway input. */
export const DEFAULT_MAX_FILE_SIZE = 128 * 1024 * 1024;

/** paths -> documents -> manifest set -> rules -> findings. */
export function lintPaths(options: LintInputOptions): LintResult {
  const ignore = (options.config.ignore?.paths ?? []).map((p) => globToRegExp(p.replace(/^\.\//, '')));
  const discovered = discover(options.paths, {
    maxFileSize: options.maxFileSize,
    ignore,
    readStdin: options.readStdin,
    stdinFilename: options.stdinFilename,
  });
  const set = new ManifestSet();
  set.problems.push(...discovered.problems);
  for (const source of discovered.sources) {
    const { documents, problems } = parseSource(source);
    set.addFile(source, documents, problems);
  }
  const result = lintSet(set, options);
  // Only kustomize patches given (a pre-commit hook on a patch file): nothing to lint, nothing wrong.
  result.linted = discovered.sources.length > 0 || discovered.skippedPatches > 0;
  return result;
}

/** Runs the enabled rules over a manifest set. */
export function lintSet(set: ManifestSet, settings: LintSettings): LintResult {
  const findings: Finding[] = [];
  let containers: Container[] | undefined;
  const cluster = settings.config.cluster ?? {};
  const ignoredObjects = compileObjectIgnores(settings.config);
  let simulated: SimulationReport | undefined;
  const simulation = () => (settings.simulate ? (simulated ??= settings.simulate(set)) : undefined);

  for (const rule of settings.rules) {
    const severity = resolveSeverity(rule, settings);
    if (severity === 'off') continue;
    const report = (input: ReportInput) => {
      const finding = toFinding(rule, severity, settings, input);
      if ('object' in input && ignoredObjects(input.object)) return;
      const suppressed =
        settings.inlineConfig !== false &&
        findSuppression(ruleNames(rule), 'object' in input ? input.object : undefined, finding.location, set);
      if (suppressed) finding.suppressed = suppressed;
      // After suppression, which reads comments where the object was rendered.
      if ('object' in input) pointAtTemplates(finding, input);
      findings.push(finding);
    };
    let current: K8sObject | undefined;
    const ctx: RuleContext = {
      set,
      cluster,
      workloads: () => set.workloads,
      containers: () => (containers ??= set.workloads.flatMap((w) => w.containers)),
      objects: (kind) => set.ofKind(kind),
      simulation,
      report: (input) => {
        if ('object' in input) current = input.object;
        report(input);
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      const culprit = objectWhereItThrows(rule, set, cluster, simulation);
      findings.push(ruleErrorFinding(rule, err, culprit ?? current, set, culprit !== undefined));
    }
  }
  const unique = dedupe(findings).sort(compareFindings);
  return { findings: unique, summary: summarize(set, unique), linted: true, set };
}

export function resolveSeverity(rule: RuleDefinition, settings: LintSettings): SeverityOrOff {
  return configuredFor(rule, settings) ?? (rule.enabledByDefault === false ? 'off' : rule.severity);
}

/** --rule wins over the config; under either, the current id wins over a former one (an alias). */
function configuredFor(rule: RuleDefinition, settings: LintSettings): SeverityOrOff | undefined {
  const names = ruleNames(rule);
  for (const name of names) {
    const override = settings.overrides?.[name];
    if (override) return override;
  }
  for (const name of names) {
    const configured = configuredSeverity(settings.config, name);
    if (configured) return configured;
  }
  return undefined;
}

function toFinding(rule: RuleDefinition, severity: Severity, settings: LintSettings, input: ReportInput): Finding {
  const configured = configuredFor(rule, settings);
  const finalSeverity = configured && configured !== 'off' ? configured : (input.severity ?? severity);
  const base = {
    ruleId: rule.id,
    severity: finalSeverity,
    message: input.message,
    declared: input.declared ?? rule.docs.declared,
    interpreted: input.interpreted ?? rule.docs.interpreted,
    fix: input.fix ?? rule.docs.fix,
  };
  if ('object' in input) {
    const path = input.path ?? [];
    return {
      ...base,
      object: input.object.ref,
      location: input.object.locate(path),
      path: path.length ? formatPath(path) : null,
      related: (input.related ?? []).map((r) => ({
        object: r.object.ref,
        location: r.object.locate(r.path ?? []),
        ...(r.message ? { message: r.message } : {}),
      })),
    };
  }
  return { ...base, object: null, location: input.location, path: null, related: [] };
}

/**
 * Runs a rule that threw once more, with no reports kept, watching which element of
 * ctx.workloads(), ctx.containers() or ctx.objects() it read last: the object it was checking.
 * Costs nothing unless a rule throws.
 */
function objectWhereItThrows(
  rule: RuleDefinition,
  set: ManifestSet,
  cluster: RuleContext['cluster'],
  simulation: RuleContext['simulation'],
): K8sObject | undefined {
  let last: K8sObject | undefined;
  const traced = <T extends object>(items: readonly T[], objectOf: (item: T) => K8sObject): readonly T[] =>
    new Proxy(items, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof key === 'string' && value !== undefined && /^\d+$/.test(key)) last = objectOf(value as T);
        return value;
      },
    });
  const ctx: RuleContext = {
    set,
    cluster,
    workloads: () => traced(set.workloads, (w) => w.object),
    containers: () =>
      traced(
        set.workloads.flatMap((w) => w.containers),
        (c) => c.workload.object,
      ),
    objects: (kind) => traced(set.ofKind(kind), (o) => o),
    simulation,
    report: () => {},
  };
  try {
    rule.check(ctx);
    return undefined;
  } catch {
    return last;
  }
}

function ruleErrorFinding(rule: RuleDefinition, err: unknown, object: K8sObject | undefined, set: ManifestSet, checking = false): Finding {
  const reason = err instanceof Error ? err.message : String(err);
  const location = object
    ? object.locate([])
    : set.files[0]
      ? set.files[0].location(0, 0)
      : { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    ruleId: 'rule-error',
    severity: 'error',
    message: `Rule "${rule.id}" failed${object ? ` ${checking ? 'on' : 'after reporting on'} ${object.display}` : ''}: ${reason}`,
    declared: `the rule ${rule.id} ran on this input`,
    interpreted: 'the rule threw an exception, so its findings for this input are incomplete',
    fix: 'report the problem to the rule author with the manifest that triggers it',
    object: object?.ref ?? null,
    location,
    path: null,
    related: [],
  };
}

function compileObjectIgnores(config: Config): (o: K8sObject) => boolean {
  const entries = (config.ignore?.objects ?? []).map((e) => ({
    kind: e.kind,
    namespace: e.namespace === undefined ? undefined : globToRegExp(e.namespace),
    name: e.name === undefined ? undefined : globToRegExp(e.name),
  }));
  if (entries.length === 0) return () => false;
  return (o) =>
    entries.some(
      (e) =>
        (e.kind === undefined || e.kind === o.kind) &&
        (e.namespace === undefined || e.namespace.test(o.namespace ?? '')) &&
        (e.name === undefined || e.name.test(o.name ?? '')),
    );
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\u0000${f.location.file}\u0000${f.location.line}\u0000${f.location.column}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarize(set: ManifestSet, findings: Finding[]): Summary {
  const summary: Summary = { files: set.files.length, objects: set.objects.length, errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.suppressed) continue;
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}

/** Whether any unsuppressed finding is at or above the threshold. */
export function failsThreshold(findings: Finding[], failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  const min = SEVERITY_RANK[failOn];
  return findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= min);
}
