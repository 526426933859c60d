import type { Path, Severity, SourceLocation } from '../types.js';
import type { Surroundings } from '../model/around.js';
import type { InputProblem } from '../load/problems.js';
import type { ForeignDocument } from '../model/manifest-set.js';
import type { NetworkPolicyModel } from '../model/network-policies.js';
import type { K8sObject } from '../model/object.js';
import type { Container, Workload } from '../model/workload.js';
import type { ClusterConfig } from './config.js';
import type { SimulationReport } from '../sim/output/report.js';

/** The long form of a rule: what people write, what Kubernetes makes of it, what to write instead. */
export interface RuleDocs {
  declared: string;
  interpreted: string;
  fix: string;
  /**
   * What the rule catches and what it leaves alone, in a few sentences: the README's rules table,
   * docs/rules.md and `explain` show it (the summary stands in when absent).
   */
  catches?: string;
  /** Optional extra paragraphs for `explain`. */
  details?: string;
}

/**
 * What a rule is about, one fixed set for built-in, plugin and declarative rules (`kube-intent
 * rules`, SARIF tags and the README's rule tables use it). docs/writing-rules.md says what each holds.
 */
export const RULE_CATEGORIES = [
  'input',
  'resources',
  'probes',
  'rollout',
  'images',
  'lifecycle',
  'storage',
  'network',
  'wiring',
  'scheduling',
  'custom',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

export interface RuleDefinition {
  /** kebab-case, unique; a public contract once released. */
  id: string;
  /**
   * Former ids (renamed to follow the naming vocabulary): they still select the rule in the config,
   * --rule, suppressions and explain; findings always carry `id`.
   */
  aliases?: readonly string[];
  severity: Severity;
  category: RuleCategory;
  /** One line for the rules table. */
  summary: string;
  docs: RuleDocs;
  /** An absolute http(s) URL of the rule's documentation (SARIF helpUri, explain); built-in rules get their docs/rules.md section. */
  docsUrl?: string;
  /**
   * Rule ids whose findings, on the same object at or under this rule's finding's path, one finding
   * of this rule stands in for (resources-missing for the per-resource findings of one container).
   * Those findings are dropped unless suppressed; this rule's finding is kept only where at least
   * one of them was made, takes the highest severity among them unless its own is configured, and
   * is suppressed when all of them are. With this rule off, they are reported as usual.
   */
  replaces?: readonly string[];
  /** Rules that are opt-in: off unless the config or --rule turns them on. */
  enabledByDefault?: boolean;
  check(ctx: RuleContext): void;
}

/** The other end of a cross-object finding. */
export interface RelatedInput {
  object: K8sObject;
  path?: Path;
  message?: string;
}

export interface ReportOnObject {
  object: K8sObject;
  /** Path of the offending field from the object root; the nearest existing parent is shown when absent. */
  path?: Path;
  message: string;
  /** Override the rule docs' generic text with specifics of this case. */
  declared?: string;
  interpreted?: string;
  fix?: string;
  /** A case-specific severity (e.g. error instead of warning); a configured severity still wins. */
  severity?: Severity;
  related?: RelatedInput[];
}

export interface ReportAtLocation {
  location: SourceLocation;
  message: string;
  declared?: string;
  interpreted?: string;
  fix?: string;
  severity?: Severity;
}

export type ReportInput = ReportOnObject | ReportAtLocation;

/**
 * What a rule sees. Related objects are reached only through `around(object)`, which knows how the
 * input is applied (namespaces, directory trees, kustomizations): objects of an unrelated folder
 * never change the answer about this one.
 */
export interface RuleContext {
  /** What the config says about the cluster the manifests are meant for. */
  readonly cluster: ClusterConfig;
  /** Every pod-bearing object (Pod, Deployment, ..., CronJob). */
  workloads(): readonly Workload[];
  /** Every container (init, sidecar and app) of every workload. */
  containers(): readonly Container[];
  /** Objects of a kind (built-in kinds: of the built-in API group only); every object without a kind. */
  objects(kind?: string): readonly K8sObject[];
  /** The object and what applies to it: selected pods, Services, budgets, autoscalers, claims, LimitRanges, ... */
  around(object: K8sObject): Surroundings;
  /** Which NetworkPolicies select which pods, and what the union of their rules allows. */
  networkPolicies(): NetworkPolicyModel;
  /** What the loader could not read (YAML errors, unreadable files), for the parse-level rules. */
  inputProblems(): readonly InputProblem[];
  /** Documents that parsed but are not Kubernetes objects. */
  foreignDocuments(): readonly ForeignDocument[];
  /**
   * The pods placed on the cluster `lint --cluster` or the config's cluster.profile names, as `simulate` places
   * them; undefined without a cluster. Simulated once per run, on first use.
   */
  simulation(): SimulationReport | undefined;
  report(finding: ReportInput): void;
}

/** The id and the former ids a rule answers to. */
export function ruleNames(rule: Pick<RuleDefinition, 'id' | 'aliases'>): readonly string[] {
  return rule.aliases?.length ? [rule.id, ...rule.aliases] : [rule.id];
}

/** Declares a rule. Built-in and user rules use the same shape. */
export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}
