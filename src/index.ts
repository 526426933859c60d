// The public API: what plugins and programs import from 'kube-intent'.
export { defineRule, RULE_CATEGORIES } from './engine/rule.js';
export type {
  RuleDefinition,
  RuleCategory,
  RuleContext,
  RuleDocs,
  ReportInput,
  ReportOnObject,
  ReportAtLocation,
  RelatedInput,
} from './engine/rule.js';
export type { Finding, Severity, SeverityOrOff, SourceLocation, ObjectRef, RelatedLocation, Path } from './types.js';
export type { ClusterConfig, Config } from './engine/config.js';
export type { ManifestSet, ForeignDocument } from './model/manifest-set.js';
export type { Surroundings } from './model/around.js';
export type { NetworkPolicyModel, Policy } from './model/network-policies.js';
export type { K8sObject } from './model/object.js';
export type { Workload, Container, ContainerRole } from './model/workload.js';
export { parseQuantity, compareQuantities, type Quantity } from './k8s/quantity.js';
export { selectorMatches, equalitySelectorMatches, readSelector, type LabelSelector } from './k8s/labels.js';
export { effectiveRequest, podEffectiveRequest, qosClass } from './k8s/resources.js';
