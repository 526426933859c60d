import path from 'node:path';
import type * as V8 from 'node:v8';
import { discover, discoverConcurrently, type DiscoverOptions, type Discovered } from '../load/discover.js';
import { compileGlob } from '../load/glob.js';
import { parseSource } from '../load/parse.js';
import { Surroundings } from '../model/around.js';
import { ManifestSet } from '../model/manifest-set.js';
import { networkPolicyModel } from '../model/network-policies.js';
import { referenceScope } from '../model/scope.js';
import type { K8sObject } from '../model/object.js';
import type { Container } from '../model/workload.js';
import { SEVERITY_RANK, formatPath, type Finding, type Severity, type SeverityOrOff } from '../types.js';
import { configuredSeverity, type Config } from './config.js';
import { ruleNames, type ReportInput, type RuleContext, type RuleDefinition } from './rule.js';
import { findSuppression } from './suppress.js';
import type { SimulationReport } from '../sim/output/report.js';
import { pointAtTemplates } from './helm-templates.js';
import { foldReplaced } from './replaced.js';
import { shownJson, truncate } from '../util/text.js';

export interface Summary {
  files: number;
  objects: number;
  errors: number;
  warnings: number;
  infos: number;
  /** When kustomizations were met: how many were rendered, how many files were linted plain, how many patch files skipped. */
  kustomize?: { rendered: number; plain: number; patches: number };
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
  readStdin?: () => string | Buffer;
  /** The name standard input is shown and resolved under (--stdin-filename). */
  stdinFilename?: string;
}

/** Big enough for a file that parses within memory (100,000 objects are ~55 MiB); a bound for binaries and runaway input. */
export const DEFAULT_MAX_FILE_SIZE = 128 * 1024 * 1024;

/** The longest message, declared, interpreted or fix text of a finding. */
const MAX_FINDING_TEXT = 1000;

/** paths -> documents -> manifest set -> rules -> findings. */
export function lintPaths(options: LintInputOptions): LintResult {
  return lintDiscovered(discover(canonicalOrder(options.paths), discoverOptions(options)), options);
}

/** lintPaths with the kustomizations met rendered side by side: the same result, sooner. */
export async function lintPathsConcurrently(options: LintInputOptions): Promise<LintResult> {
  return lintDiscovered(await discoverConcurrently(canonicalOrder(options.paths), discoverOptions(options)), options);
}

function discoverOptions(options: LintInputOptions): DiscoverOptions {
  return {
    maxFileSize: options.maxFileSize,
    ignore: (options.config.ignore?.paths ?? []).map((p) => compileGlob(p.replace(/^\.\//, ''))),
    readStdin: options.readStdin,
    stdinFilename: options.stdinFilename,
  };
}

function lintDiscovered(discovered: Discovered, options: LintInputOptions): LintResult {
  const set = new ManifestSet();
  set.problems.push(...discovered.problems);
  for (const source of discovered.sources) {
    const { documents, problems } = parseSource(source);
    set.addFile(source, documents, problems);
  }
  const result = lintSet(set, options);
  // Only kustomize patches given (a pre-commit hook on a patch file): nothing to lint, nothing wrong.
  result.linted = discovered.sources.length > 0 || discovered.skippedPatches > 0;
  if (discovered.rendered > 0 || discovered.skippedPatches > 0)
    result.summary.kustomize = { rendered: discovered.rendered, plain: discovered.plain, patches: discovered.skippedPatches };
  return result;
}

/**
 * The inputs sorted by where they are, so that which of two declarations of one object wins (the
 * later one, as with `kubectl apply -f a -f b`) never depends on the order they were typed in.
 */
function canonicalOrder(paths: string[]): string[] {
  const keyed = paths.map((p) => ({ p, key: p === '-' ? '' : path.resolve(p) }));
  return keyed.sort((a, b) => cmp(a.key, b.key) || cmp(a.p, b.p)).map((k) => k.p);
}

/** The rule whose check is running, so a promise it leaves behind can be traced back to it. */
let checking: RuleDefinition | undefined;

/**
 * lintPaths for the CLI: a rule (a plugin) may leave a promise behind that rejects after its check
 * returned. Such a rejection becomes a rule-error of that rule in the report instead of a stack
 * trace after it. Promises are traced to the rule whose check created them, or created the promise
 * they follow from; the event loop turns once so pending rejections surface. node:v8 (its promise
 * hooks) loads only here: built-in rules leave no promises, and a run without plugins never pays for it.
 */
export async function lintPathsContained(options: LintInputOptions): Promise<LintResult> {
  // Not import(): inside the launcher's vm.Script a dynamic import has no module loader behind it.
  const { promiseHooks } = process.getBuiltinModule('node:v8') as typeof V8;
  const owners = new WeakMap<Promise<unknown>, RuleDefinition>();
  const strays: Array<{ rule: RuleDefinition | undefined; reason: unknown }> = [];
  const onRejection = (reason: unknown, promise: Promise<unknown>) => strays.push({ rule: owners.get(promise), reason });
  const stopTracing = promiseHooks.onInit((promise, parent) => {
    const rule = checking ?? (parent ? owners.get(parent) : undefined);
    if (rule) owners.set(promise, rule);
  });
  process.on('unhandledRejection', onRejection);
  try {
    const result = await lintPathsConcurrently(options);
    await new Promise((resolve) => setImmediate(resolve));
    if (strays.length === 0 || !result.set) return result;
    const { set } = result;
    const findings = [...result.findings, ...strays.map(({ rule, reason }) => ruleErrorFinding(rule, reason, undefined, set, false, true))];
    const unique = dedupe(findings).sort(compareFindings);
    return {
      ...result,
      findings: unique,
      summary: { ...summarize(set, unique), ...(result.summary.kustomize ? { kustomize: result.summary.kustomize } : {}) },
    };
  } finally {
    stopTracing();
    process.off('unhandledRejection', onRejection);
  }
}

/** Runs the enabled rules over a manifest set. */
export function lintSet(set: ManifestSet, settings: LintSettings): LintResult {
  const findings: Finding[] = [];
  const cluster = settings.config.cluster ?? {};
  const ignoredObjects = compileObjectIgnores(settings.config);
  let simulated: SimulationReport | undefined;
  const simulation = () => (settings.simulate ? (simulated ??= settings.simulate(set)) : undefined);
  const lists = contextLists(set);
  const sources = new Map(set.files.map((f) => [f.path, f]));

  for (const rule of settings.rules) {
    const severity = resolveSeverity(rule, settings);
    if (severity === 'off') continue;
    const report = (input: ReportInput) => {
      const finding = toFinding(rule, severity, settings, input);
      if ('object' in input && ignoredObjects(input.object)) return;
      const object = 'object' in input ? input.object : undefined;
      const suppressed =
        settings.inlineConfig !== false &&
        findSuppression(ruleNames(rule), object, finding.location, object?.locationSource ?? sources.get(finding.location.file));
      if (suppressed) finding.suppressed = suppressed;
      // After suppression, which reads comments where the object was rendered.
      if ('object' in input) pointAtTemplates(finding, input);
      findings.push(finding);
    };
    checking = rule;
    try {
      findings.push(...runIsolated(rule, lists, cluster, simulation, set, report));
    } finally {
      checking = undefined;
    }
  }
  for (const workload of set.workloads) workload.forgetFacts();
  const folded = foldReplaced(findings, settings.rules, (rule) => {
    const configured = configuredFor(rule, settings);
    return configured !== undefined && configured !== 'off';
  });
  const unique = dedupe(folded).sort(compareFindings);
  return { findings: unique, summary: summarize(set, unique), linted: true, set };
}

/** What a rule context hands out, built once per run and shared by every rule. */
interface ContextLists {
  set: ManifestSet;
  containers: () => readonly Container[];
  around: (object: K8sObject) => Surroundings;
}

function contextLists(set: ManifestSet): ContextLists {
  let containers: Container[] | undefined;
  const scope = referenceScope(set);
  const around = new Map<K8sObject, Surroundings>();
  return {
    set,
    containers: () => (containers ??= set.workloads.flatMap((w) => w.containers)),
    around: (object) => {
      let found = around.get(object);
      if (!found) around.set(object, (found = new Surroundings(object, scope, set)));
      return found;
    },
  };
}

/**
 * Runs a rule so that one object it throws on costs one rule-error on that object, nothing else:
 * after a throw the rule runs again with the objects it threw on left out of ctx.workloads(),
 * ctx.containers() and ctx.objects(), watching which element it read last (the object it was
 * checking). Reports of a run that threw are dropped; the next run makes them again. Costs nothing
 * unless a rule throws.
 */
function runIsolated(
  rule: RuleDefinition,
  lists: ContextLists,
  cluster: RuleContext['cluster'],
  simulation: RuleContext['simulation'],
  set: ManifestSet,
  report: (input: ReportInput) => void,
): Finding[] {
  const errors: Finding[] = [];
  const skipped = new Set<K8sObject>();
  for (let traced = false; ; traced = true) {
    const reports: ReportInput[] = [];
    let last: K8sObject | undefined;
    const ctx = ruleContext(lists, cluster, simulation, skipped, traced ? (o) => (last = o) : undefined, (input) => reports.push(input));
    try {
      rule.check(ctx);
      reports.forEach(report);
      return errors;
    } catch (err) {
      if (!traced) continue;
      if (last && !skipped.has(last)) {
        errors.push(ruleErrorFinding(rule, err, last, set));
        skipped.add(last);
        continue;
      }
      // Not thrown while checking an object of the lists: what it reported before stands, the rest is lost.
      const reported = [...reports].reverse().find((r): r is ReportInput & { object: K8sObject } => 'object' in r);
      reports.forEach(report);
      errors.push(ruleErrorFinding(rule, err, reported?.object, set, false));
      return errors;
    }
  }
}

function ruleContext(
  lists: ContextLists,
  cluster: RuleContext['cluster'],
  simulation: RuleContext['simulation'],
  skipped: ReadonlySet<K8sObject>,
  reading: ((object: K8sObject) => void) | undefined,
  report: (input: ReportInput) => void,
): RuleContext {
  const { set } = lists;
  const view = <T extends object>(items: readonly T[], objectOf: (item: T) => K8sObject): readonly T[] => {
    const kept = skipped.size > 0 ? items.filter((item) => !skipped.has(objectOf(item))) : items;
    return reading ? traced(kept, objectOf, reading) : kept;
  };
  return {
    cluster,
    workloads: () => view(set.workloads, (w) => w.object),
    containers: () => view(lists.containers(), (c) => c.workload.object),
    objects: (kind) => view(kind === undefined ? set.objects : set.ofKind(kind), (o) => o),
    around: lists.around,
    networkPolicies: () => networkPolicyModel(set),
    inputProblems: () => set.problems,
    foreignDocuments: () => set.foreignDocuments,
    simulation,
    report,
  };
}

/** The list, telling `reading` about the object of each element the rule reads. */
function traced<T extends object>(items: readonly T[], objectOf: (item: T) => K8sObject, reading: (o: K8sObject) => void): readonly T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key === 'string' && value !== undefined && /^\d+$/.test(key)) reading(objectOf(value as T));
      return value;
    },
  });
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
  // Manifest text rides in messages: bounded here, whatever a rule (or a plugin) put in them.
  const base = {
    ruleId: rule.id,
    severity: finalSeverity,
    message: truncate(String(input.message), MAX_FINDING_TEXT),
    declared: truncate(String(input.declared ?? rule.docs.declared), MAX_FINDING_TEXT),
    interpreted: truncate(String(input.interpreted ?? rule.docs.interpreted), MAX_FINDING_TEXT),
    fix: truncate(String(input.fix ?? rule.docs.fix), MAX_FINDING_TEXT),
  };
  if ('object' in input) {
    const path = input.path ?? [];
    const setting = input.object.patchSetting(path);
    // A value kustomize set without a patch file that writes it: the line shown reads something else.
    if (setting && !setting.patch)
      base.declared = truncate(
        `${base.declared} (the rendered value ${shownJson(setting.value)} comes from a patch or transformer of the kustomization; the line shown holds the value before it)`,
        MAX_FINDING_TEXT,
      );
    return {
      ...base,
      object: input.object.ref,
      location: input.object.locate(path),
      path: path.length ? formatPath(path) : null,
      related: (input.related ?? []).map((r) => ({
        object: r.object.ref,
        location: r.object.locate(r.path ?? []),
        ...(r.message ? { message: truncate(String(r.message), MAX_FINDING_TEXT) } : {}),
      })),
    };
  }
  return { ...base, object: null, location: input.location, path: null, related: [] };
}

function ruleErrorFinding(
  rule: RuleDefinition | undefined,
  err: unknown,
  object: K8sObject | undefined,
  set: ManifestSet,
  checking = true,
  later = false,
): Finding {
  const reason = describeThrown(err);
  const name = rule ? `Rule "${rule.id}"` : 'A rule';
  const location = object
    ? object.locate([])
    : set.files[0]
      ? set.files[0].location(0, 0)
      : { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    ruleId: 'rule-error',
    severity: 'error',
    message: later
      ? `${name} left a promise that was rejected after its check returned: ${reason}`
      : `${name} failed${object ? ` ${checking ? 'on' : 'after reporting on'} ${object.display}` : ''}: ${reason}`,
    declared: rule ? `the rule ${rule.id} ran on this input` : 'the rules ran on this input',
    interpreted: later
      ? 'the rule started asynchronous work the engine does not wait for, and it failed: its findings may be incomplete'
      : object && checking
        ? `the rule threw an exception while checking ${object.display}: its findings for this object are missing; the other objects were still checked`
        : 'the rule threw an exception, so its findings for this input are incomplete',
    fix: 'report the problem to the rule author with the manifest that triggers it',
    object: object?.ref ?? null,
    location,
    path: null,
    related: [],
  };
}

/** What a rule threw, as one line; whatever it threw (an object whose toString throws, a revoked Proxy). */
function describeThrown(err: unknown): string {
  try {
    const text = err instanceof Error ? `${err.message}` : typeof err === 'string' ? err : `${String(err)}`;
    return truncate(text.split('\n')[0], MAX_FINDING_TEXT);
  } catch {
    try {
      return `a value that cannot be shown as text (${Object.prototype.toString.call(err)})`;
    } catch {
      return 'a value that cannot be shown as text';
    }
  }
}

function compileObjectIgnores(config: Config): (o: K8sObject) => boolean {
  const entries = (config.ignore?.objects ?? []).map((e) => ({
    kind: e.kind,
    namespace: e.namespace === undefined ? undefined : compileGlob(e.namespace),
    name: e.name === undefined ? undefined : compileGlob(e.name),
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
