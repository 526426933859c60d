import type { ManifestSet } from './manifest-set.js';
import type { K8sObject } from './object.js';
import { isSharedNamespace, referenceScope, type ReferenceScope, type ScopeIndex } from './scope.js';
import type { Workload } from './workload.js';
import { selectorMatches, type LabelSelector, type Labels } from '../k8s/labels.js';
import { resolvePort, servicePorts, type PortRef } from '../k8s/ports.js';
import {
  DNS_NAMESPACES,
  anyTri,
  maySelectDnsPods,
  namespaceSelectorMatches,
  pinnedNamespaceNames,
  rulePortsAllow,
  type Tri,
} from '../k8s/netpol/peers.js';
import {
  isolates,
  readNetworkPolicy,
  type Direction,
  type NetworkPolicySpec,
  type PolicyPeer,
  type PolicyRule,
} from '../k8s/netpol/policy.js';
import { push } from '../util/multimap.js';

/**
 * The isolation model of a manifest set: for each pod template, which NetworkPolicies select it,
 * whether it is isolated per direction, and what the union of the isolating policies' rules allows.
 * Which policies apply to which pods follows the reference scope (src/model/scope.ts); what a policy
 * means for the pods it selects is src/k8s/netpol/.
 */

export interface Policy {
  object: K8sObject;
  spec: NetworkPolicySpec;
}

export interface PolicyRuleRef {
  policy: Policy;
  rule: PolicyRule;
}

/** Why a Service port cannot be reached on one of its workloads. */
export interface BlockedWorkload {
  workload: Workload;
  targetPort: number;
  /** The policies that isolate the workload's pods for ingress. */
  isolatedBy: Policy[];
  /** 'no-rule': nothing allows the port; 'peers-nowhere': only peers that match no pod. */
  reason: 'no-rule' | 'peers-nowhere';
  /** The rules that allow the port (reason 'peers-nowhere'). */
  allowing: PolicyRuleRef[];
}

export interface ServicePortReach {
  index: number;
  port: PortRef;
  protocol: string;
  blocked: BlockedWorkload[];
}

export interface DnsEgress {
  isolatedBy: Policy[];
  udp: boolean;
  tcp: boolean;
}

/**
 * Policy kinds of other engines (Cilium, Calico, AdminNetworkPolicy) that allow or deny traffic on top of
 * NetworkPolicies: where one is in the set, "nothing allows X" cannot be concluded.
 */
const CLUSTER_WIDE_POLICY_KINDS = new Set([
  'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);
const NAMESPACED_POLICY_KINDS = new Set(['CiliumNetworkPolicy', 'FQDNNetworkPolicy']);

const cache = new WeakMap<ManifestSet, NetworkPolicyModel>();

/** One model per set, shared by every rule of a run. */
export function networkPolicyModel(set: ManifestSet): NetworkPolicyModel {
  let model = cache.get(set);
  if (!model) cache.set(set, (model = new NetworkPolicyModel(set)));
  return model;
}

export class NetworkPolicyModel {
  readonly policies: Policy[];
  private readonly namespaces = new Map<string, Labels>();
  private readonly otherEngineObjects: ScopeIndex<K8sObject>;
  private readonly scope: ReferenceScope;
  private readonly otherEngineClusterWide: ScopeIndex<K8sObject>;
  private selectingIndex: Map<Workload, Policy[]> | undefined;
  private readonly selectedCache = new Map<Policy, Workload[]>();
  private readonly serviceCache = new Map<K8sObject, ServicePortReach[]>();
  /** Keyed by the (shared) list of selecting policies. */
  private readonly ingressIsolating = new Map<Policy[], Policy[]>();
  private readonly egressIsolating = new Map<Policy[], Policy[]>();
  private readonly dnsCache = new Map<Policy[], DnsEgress | undefined>();
  private readonly nowhereCache = new Map<PolicyPeer, boolean>();

  constructor(set: ManifestSet) {
    this.policies = set
      .ofKind('NetworkPolicy')
      .filter(
        (object) =>
          isSharedNamespace(object.namespace) || object.name === null || set.get(object.kind, object.namespace, object.name) === object,
      )
      .map((object) => ({ object, spec: readNetworkPolicy(object.raw) }));
    for (const ns of set.ofKind('Namespace')) if (ns.name) this.namespaces.set(ns.name, ns.labels);
    const builtinPolicies = new Set(set.ofKind('NetworkPolicy'));
    const otherEngine = set.objects.filter(
      (object) => NAMESPACED_POLICY_KINDS.has(object.kind) || (object.kind === 'NetworkPolicy' && !builtinPolicies.has(object)),
    );
    this.scope = referenceScope(set);
    this.otherEngineObjects = this.scope.index(otherEngine, (o) => o);
    this.otherEngineClusterWide = this.scope.index(
      set.objects.filter((object) => CLUSTER_WIDE_POLICY_KINDS.has(object.kind)),
      (o) => ({ namespace: null, source: o.source }),
    );
  }

  /**
   * Whether policies of another engine may add to or override what NetworkPolicies say for this
   * namespace: namespaced ones applied to it, or cluster-wide ones shipped in its directory tree.
   */
  otherPoliciesApply(object: K8sObject): boolean {
    return (
      this.otherEngineObjects.of(object).length > 0 || this.otherEngineClusterWide.of({ namespace: null, source: object.source }).length > 0
    );
  }

  /** Policies applied with the workload (its namespace as applied) whose podSelector matches its pod labels. */
  selecting(workload: Workload): Policy[] {
    return (this.selectingIndex ??= this.indexSelecting()).get(workload) ?? [];
  }

  /**
   * Policies that select the same pods (every `podSelector: {}` policy of a namespace) go in one
   * group, and workloads selected by the same groups share one list: n such policies over n
   * workloads cost n, not n^2, and the answers built on the list (isolation, DNS egress) are shared too.
   */
  private indexSelecting(): Map<Workload, Policy[]> {
    const order = new Map(this.policies.map((policy, i) => [policy, i]));
    const groups = new Map<Workload[], Policy[]>();
    for (const policy of this.policies) push(groups, this.selected(policy), policy);
    const groupsOf = new Map<Workload, Policy[][]>();
    for (const [workloads, policies] of groups) for (const w of workloads) push(groupsOf, w, policies);
    const shared = new Map<string, Policy[]>();
    const groupIds = new Map([...groups.values()].map((policies, i) => [policies, i]));
    const index = new Map<Workload, Policy[]>();
    for (const [w, ofWorkload] of groupsOf) {
      const key = ofWorkload.map((g) => groupIds.get(g)).join(',');
      let list = shared.get(key);
      // In the order of this.policies, as if each policy had been tested in turn.
      if (!list)
        shared.set(key, (list = ofWorkload.length === 1 ? ofWorkload[0] : ofWorkload.flat().sort((a, b) => order.get(a)! - order.get(b)!)));
      index.set(w, list);
    }
    return index;
  }

  /** Workloads of the set whose pods the policy selects. */
  selected(policy: Policy): Workload[] {
    let list = this.selectedCache.get(policy);
    if (!list) this.selectedCache.set(policy, (list = this.scope.workloadsMatching(policy.object, policy.spec.podSelector)));
    return list;
  }

  /**
   * The workloads the set shows for a namespace, as far as they tell which pods exist there. None
   * for namespaces without a name of their own (any other manifest may be applied into the same
   * namespace, see isSharedNamespace) and when custom resources there (a Prometheus, a Postgres
   * cluster) may have operators create pods the set does not show.
   */
  knownWorkloads(policy: Policy, namespace: string | null): readonly Workload[] {
    const where = { namespace, source: policy.object.source };
    if (isSharedNamespace(namespace) || this.scope.podCreators(where).length > 0) return [];
    return this.scope.workloads(where);
  }

  /**
   * The policies that isolate the workload's pods in a direction; empty: not isolated, everything
   * allowed. hostNetwork pods count as not isolated: most plugins cannot tell their traffic from the
   * node's, so whether policies apply to them is cluster-dependent.
   */
  isolating(workload: Workload, direction: Direction): Policy[] {
    if (workload.podSpec.hostNetwork === true) return [];
    const key = direction === 'ingress' ? this.ingressIsolating : this.egressIsolating;
    const selecting = this.selecting(workload);
    let list = key.get(selecting);
    if (!list) key.set(selecting, (list = selecting.filter((p) => isolates(p.spec, direction))));
    return list;
  }

  /** The union of rules that apply to the workload in a direction (only policies listing that type contribute). */
  rules(workload: Workload, direction: Direction): PolicyRuleRef[] {
    return this.isolating(workload, direction).flatMap((policy) => policy.spec[direction].map((rule) => ({ policy, rule })));
  }

  /**
   * Whether some ingress rule of the policies isolating the workload may admit traffic to this
   * port of its pods (named policy ports resolve against the workload's containers).
   */
  ingressMayAdmit(workload: Workload, port: number, protocol: string): boolean {
    const containers = workload.containers.map((c) => c.raw);
    return this.rules(workload, 'ingress').some(({ rule }) => rulePortsAllow(rule, port, protocol, containers) !== 'no');
  }

  /** Whether a namespaceSelector matches a namespace, using the Namespace object's labels when the set has it. */
  namespaceMatches(selector: LabelSelector, namespace: string): Tri {
    return namespaceSelectorMatches(selector, namespace, this.namespaces.get(namespace));
  }

  /**
   * Whether an ingress peer provably matches no pod: it selects pods only in namespaces (named
   * exactly) where the set has workloads and none of them match. Anything else may exist outside the set.
   */
  peerMatchesNothing(peer: PolicyPeer, policy: Policy): boolean {
    let answer = this.nowhereCache.get(peer);
    if (answer === undefined) this.nowhereCache.set(peer, (answer = this.computePeerMatchesNothing(peer, policy)));
    return answer;
  }

  private computePeerMatchesNothing(peer: PolicyPeer, policy: Policy): boolean {
    if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return false;
    const podSelector = peer.podSelector ?? {};
    const namespaces = peer.namespaceSelector ? pinnedNamespaceNames(peer.namespaceSelector) : [policy.object.namespace];
    if (!namespaces) return false;
    return namespaces.every((ns) => {
      const known = this.knownWorkloads(policy, ns);
      return known.length > 0 && !known.some((w) => selectorMatches(podSelector, w.podLabels));
    });
  }

  /** For each port of a Service: the selected workloads whose ingress isolation keeps that port unreachable. */
  serviceReach(service: K8sObject): ServicePortReach[] {
    let reach = this.serviceCache.get(service);
    if (!reach) this.serviceCache.set(service, (reach = this.computeServiceReach(service)));
    return reach;
  }

  /** Egress isolation of a workload and whether the union of its egress rules lets DNS (port 53) reach the cluster DNS. */
  dnsEgress(workload: Workload): DnsEgress | undefined {
    const isolatedBy = this.isolating(workload, 'egress');
    if (isolatedBy.length === 0) return undefined;
    if (!this.dnsCache.has(isolatedBy)) this.dnsCache.set(isolatedBy, this.dnsAllowedBy(isolatedBy));
    return this.dnsCache.get(isolatedBy);
  }

  /**
   * For an egress-isolating policy that selects no workload of the set: what DNS egress the pods it
   * selects keep, whatever they are. Every egress-isolating policy applied to its namespace may select
   * the same pods, so their rules count too; undefined when the policy does not isolate egress.
   */
  dnsEgressOfSelectedPods(policy: Policy): DnsEgress | undefined {
    if (!isolates(policy.spec, 'egress')) return undefined;
    const namespacePolicies = new Set(this.scope.objectsOfKind('NetworkPolicy', policy.object));
    const isolatedBy = this.policies.filter((p) => p === policy || (namespacePolicies.has(p.object) && isolates(p.spec, 'egress')));
    return this.dnsAllowedBy(isolatedBy);
  }

  private dnsAllowedBy(isolatedBy: Policy[]): DnsEgress {
    const rules = isolatedBy.flatMap((policy) => policy.spec.egress.map((rule) => ({ policy, rule })));
    const allows = (protocol: string) =>
      rules.some(
        ({ policy, rule }) =>
          rulePortsAllow(rule, 53, protocol) !== 'no' && (!rule.peers || rule.peers.some((peer) => this.peerMayBeDns(peer, policy))),
      );
    return { isolatedBy, udp: allows('UDP'), tcp: allows('TCP') };
  }

  private peerMayBeDns(peer: PolicyPeer, policy: Policy): boolean {
    if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return true;
    if (peer.namespaceSelector) {
      const selector = peer.namespaceSelector;
      const dnsNamespace = anyTri(DNS_NAMESPACES.map((ns) => this.namespaceMatches(selector, ns)));
      return dnsNamespace !== 'no' && (!peer.podSelector || maySelectDnsPods(peer.podSelector));
    }
    const ns = policy.object.namespace;
    return (ns === null || DNS_NAMESPACES.includes(ns)) && maySelectDnsPods(peer.podSelector ?? {});
  }

  private computeServiceReach(service: K8sObject): ServicePortReach[] {
    const workloads = this.scope.workloadsSelectedByService(service);
    if (workloads.length === 0) return [];
    return servicePorts(service.get(['spec'])).map(({ index, target: port, protocol }) => ({
      index,
      port,
      protocol,
      blocked: workloads.flatMap((w) => this.blockedOn(w, port, protocol)),
    }));
  }

  private blockedOn(workload: Workload, ref: PortRef, protocol: string): BlockedWorkload[] {
    const isolatedBy = this.isolating(workload, 'ingress');
    if (isolatedBy.length === 0) return [];
    // Init containers never serve: only containers that run with the pod can be a Service's endpoint.
    const containers = workload.longRunningContainers.map((c) => c.raw);
    const targetPort = resolveTargetPort(containers, ref, protocol);
    if (targetPort === undefined) return [];
    const allowing = this.rules(workload, 'ingress').filter(({ rule }) => rulePortsAllow(rule, targetPort, protocol, containers) !== 'no');
    if (allowing.length === 0) return [{ workload, targetPort, isolatedBy, reason: 'no-rule', allowing }];
    const fromNowhere = allowing.every(
      ({ policy, rule }) => rule.peers && rule.peers.every((peer) => this.peerMatchesNothing(peer, policy)),
    );
    return fromNowhere ? [{ workload, targetPort, isolatedBy, reason: 'peers-nowhere', allowing }] : [];
  }
}

/** A Service targetPort on one pod: a number as is, a name through the pod's container ports (undefined: no endpoint there). */
function resolveTargetPort(containers: Array<Record<string, unknown>>, ref: PortRef, protocol: string): number | undefined {
  if ('number' in ref) return ref.number;
  for (const c of containers) {
    const n = resolvePort(c, ref, protocol);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** "Deployment shop/web, StatefulSet shop/db": each identity once, at most five, then a count. */
export function describeWorkloads(workloads: readonly Workload[]): string {
  return describeNames(workloads.map((w) => w.object.display));
}

/** Each name once, at most five, then a count. */
export function describeNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.length > 5 ? `${unique.slice(0, 5).join(', ')} and ${unique.length - 5} more` : unique.join(', ');
}

/** Related locations are pointers for the reader: the first few of each kind. */
export const RELATED_PER_KIND = 5;
