import { selectorMatches, type LabelSelector, type Labels } from '../labels.js';
import { resolvePort } from '../ports.js';
import type { PolicyPort, PolicyRule } from './policy.js';
import { type Raw } from '../../util/raw.js';

/** What a NetworkPolicy peer or port can match, when the set only shows part of the cluster. */

/** Three-valued answers: 'maybe' when the set does not say (stay silent on it). */
export type Tri = 'yes' | 'no' | 'maybe';

/** Set by the API server on every namespace (SetDefaults_Namespace). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The labels a namespace carries: the ones declared plus the automatic name label. */
export function namespaceLabels(name: string, declared: Labels): Labels {
  return { ...declared, [NAMESPACE_NAME_LABEL]: name };
}

/**
 * Whether a namespaceSelector matches a namespace. `declared` undefined: no Namespace object in
 * the set, so only its name label is known and any other requirement is 'maybe'.
 */
export function namespaceSelectorMatches(selector: LabelSelector, name: string, declared: Labels | undefined): Tri {
  if (declared) return selectorMatches(selector, namespaceLabels(name, declared)) ? 'yes' : 'no';
  const known = { [NAMESPACE_NAME_LABEL]: name };
  let unknown = false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (key !== NAMESPACE_NAME_LABEL) unknown = true;
    else if (value !== name) return 'no';
  }
  for (const req of selector.matchExpressions ?? []) {
    if (req.key !== NAMESPACE_NAME_LABEL) unknown = true;
    else if (!selectorMatches({ matchExpressions: [req] }, known)) return 'no';
  }
  return unknown ? 'maybe' : 'yes';
}

/**
 * The namespace names a namespaceSelector is limited to through `kubernetes.io/metadata.name`
 * (matchLabels or an `In` expression); undefined when it can match namespaces of any name.
 */
export function pinnedNamespaceNames(selector: LabelSelector): string[] | undefined {
  let names: string[] | undefined;
  const narrow = (allowed: string[]) => {
    names = names ? names.filter((n) => allowed.includes(n)) : [...new Set(allowed)];
  };
  const byLabel = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (byLabel !== undefined) narrow([byLabel]);
  for (const req of selector.matchExpressions ?? []) {
    if (req.key === NAMESPACE_NAME_LABEL && req.operator === 'In') narrow(req.values ?? []);
  }
  return names?.sort();
}

/**
 * Whether one policy port admits `port`/`protocol` on a destination pod. Named ports resolve
 * against the destination's containers; without them (a destination outside the set) a name is 'maybe'.
 */
export function policyPortAllows(entry: PolicyPort, port: number, protocol: string, destination?: readonly Raw[]): Tri {
  if (entry.protocol !== protocol) return 'no';
  if (!entry.port) return 'yes';
  if ('number' in entry.port) {
    const last = entry.endPort ?? entry.port.number;
    return port >= entry.port.number && port <= last ? 'yes' : 'no';
  }
  if (!destination) return 'maybe';
  const ref = entry.port;
  return destination.some((c) => resolvePort(c, ref, protocol) === port) ? 'yes' : 'no';
}

/** Whether a rule's port list admits `port`/`protocol` (no list: every port). */
export function rulePortsAllow(rule: PolicyRule, port: number, protocol: string, destination?: readonly Raw[]): Tri {
  if (!rule.ports) return 'yes';
  return anyTri(rule.ports.map((p) => policyPortAllows(p, port, protocol, destination)));
}

/** Pod labels the cluster DNS runs with in common distributions (kubeadm, CoreDNS chart, NodeLocal DNSCache, OpenShift). */
const DNS_POD_LABELS: Labels[] = [
  { 'k8s-app': 'kube-dns' },
  { 'k8s-app': 'coredns' },
  { 'app.kubernetes.io/name': 'coredns' },
  { 'k8s-app': 'node-local-dns' },
  { 'dns.operator.openshift.io/daemonset-dns': 'default' },
];
/** Namespaces the cluster DNS runs in (kube-system almost everywhere; OpenShift: openshift-dns). */
export const DNS_NAMESPACES = ['kube-system', 'openshift-dns'];

/**
 * Whether a pod selector may select the cluster DNS pods: it matches a well-known DNS label set,
 * or mentions "dns" in a value (a custom DNS deployment); otherwise it is taken to select something else.
 */
export function maySelectDnsPods(selector: LabelSelector): boolean {
  if (DNS_POD_LABELS.some((labels) => selectorMatches(selector, labels))) return true;
  const values = [...Object.values(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).flatMap((e) => e.values ?? [])];
  return values.some((v) => /dns/i.test(v));
}

export function anyTri(values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('maybe') ? 'maybe' : 'no';
}
