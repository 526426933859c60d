import { defineRule, type RelatedInput, type RuleContext } from '../src/engine/rule.js';
import { describeSelector } from '../src/k8s/labels.js';
import { push } from '../src/util/multimap.js';
import type { Workload } from '../src/model/workload.js';
import { RELATED_PER_KIND, describeNames, describeWorkloads, type DnsEgress, type Policy } from '../src/model/network-policies.js';

const NODE_LOCAL_CAVEAT =
  'unless the cluster answers DNS from a node-local cache that the network plugin treats as node traffic (cluster-dependent)';

export default defineRule({
  id: 'netpol-egress-blocks-dns',
  severity: 'error',
  category: 'network',
  summary: 'Egress-isolated pods have no rule allowing DNS (port 53) to the cluster DNS',
  docs: {
    catches:
      'Egress-isolated pods with no rule allowing port 53 to the cluster DNS (info when only UDP 53 is allowed: truncated answers retried over TCP fail)',
    declared:
      'a NetworkPolicy with Egress in its policyTypes selecting pods, and no egress rule (of any policy selecting them) allowing UDP and TCP port 53 to the cluster DNS',
    interpreted: `egress-isolated pods may only send what the union of egress rules allows; with a network plugin that enforces NetworkPolicy, lookups to kube-dns are dropped, so every name lookup times out and connections by host name fail even to destinations the rules allow, ${NODE_LOCAL_CAVEAT}. Lookups go over UDP 53 and fall back to TCP 53 for truncated (large) answers`,
    fix: 'add an egress rule allowing UDP and TCP port 53 to the DNS pods: `to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]`',
    details:
      'A rule counts as allowing DNS when its ports admit 53 (or name a port, resolved on the DNS pods) and a peer may include the DNS pods: no `to`, an ipBlock, or a namespaceSelector that may match kube-system (or openshift-dns) with no podSelector or one that may select the DNS pods. UDP allowed without TCP is reported as info (truncated answers fail); TCP without UDP is an error. One finding per policy: a workload is attributed to its first isolating policy without egress rules (the deny-all), else its first isolating policy.',
  },
  check(ctx) {
    // Without a NetworkPolicy nothing is isolated for egress.
    if (ctx.objects('NetworkPolicy').length === 0) return;
    const model = ctx.networkPolicies();
    const byPolicy = new Map<Policy, Array<{ workload: Workload; dns: DnsEgress }>>();
    for (const workload of ctx.workloads()) {
      if (model.otherPoliciesApply(workload.object)) continue;
      const dns = model.dnsEgress(workload);
      if (!dns || (dns.udp && dns.tcp)) continue;
      const primary = dns.isolatedBy.find((p) => p.spec.egress.length === 0) ?? dns.isolatedBy[0];
      push(byPolicy, primary, { workload, dns });
    }
    for (const [policy, affected] of byPolicy) {
      for (const [lookups, entries] of groupByOutcome(affected)) {
        const others = [...new Set(entries.flatMap((e) => e.dns.isolatedBy))].filter((p) => p !== policy);
        const workloads = entries.slice(0, RELATED_PER_KIND).map((e) => ({
          object: e.workload.object,
          path: e.workload.podMetadataPath,
          message: 'egress-isolated pods',
        }));
        reportLookups(ctx, policy, others, lookups, describeWorkloads(entries.map((e) => e.workload)), workloads);
      }
    }
    // A policy none of whose pods the set shows still blocks lookups for whatever it selects (a hook may pass it alone).
    for (const policy of model.policies) {
      if (byPolicy.has(policy) || model.selected(policy).length > 0 || model.otherPoliciesApply(policy.object)) continue;
      // Where the set shows every pod of the namespace and none is selected, there is nothing to block.
      if (model.knownWorkloads(policy, policy.object.namespace).length > 0) continue;
      const dns = model.dnsEgressOfSelectedPods(policy);
      if (!dns || (dns.udp && dns.tcp)) continue;
      const others = dns.isolatedBy.filter((p) => p !== policy);
      reportLookups(ctx, policy, others, outcomeOf(dns), `the pods it selects (${describeSelector(policy.spec.podSelector)})`, []);
    }
  },
});

function reportLookups(
  ctx: RuleContext,
  policy: Policy,
  others: Policy[],
  lookups: Outcome,
  pods: string,
  workloads: RelatedInput[],
): void {
  const policies = describeNames([policy, ...others].map((p) => p.object.name ?? '(unnamed)'));
  const related = [
    ...others.slice(0, RELATED_PER_KIND).map((p) => ({
      object: p.object,
      path: ['spec', 'egress'],
      message: `NetworkPolicy ${p.object.name} also isolates these pods for egress`,
    })),
    ...workloads,
  ];
  const base = { object: policy.object, path: ['spec', policy.spec.explicitPolicyTypes ? 'policyTypes' : 'egress'], related };
  if (lookups === 'none') {
    ctx.report({
      ...base,
      message: `NetworkPolicy ${policy.object.name} isolates ${pods} for egress and no rule allows DNS (port 53) to the cluster DNS`,
      declared: `egress of ${pods} is isolated by ${policies}; no egress rule of these policies allows UDP or TCP 53 to kube-dns`,
      interpreted: `With a network plugin that enforces NetworkPolicy (without one, policies have no effect), every name lookup of these pods times out, so connections by host name fail even to destinations the egress rules allow, ${NODE_LOCAL_CAVEAT}`,
    });
  } else if (lookups === 'tcp-only') {
    ctx.report({
      ...base,
      message: `NetworkPolicy ${policy.object.name} isolates ${pods} for egress and allows DNS only over TCP 53, not UDP 53`,
      declared: `egress of ${pods} is isolated by ${policies}; the egress rules allow TCP 53 to the DNS but not UDP 53`,
      interpreted: `resolvers send lookups over UDP 53 first, so name lookups time out (except for clients configured to use TCP), ${NODE_LOCAL_CAVEAT}`,
      fix: 'add protocol: UDP, port: 53 next to the TCP entry of the DNS egress rule',
    });
  } else {
    ctx.report({
      ...base,
      severity: 'info',
      message: `NetworkPolicy ${policy.object.name} isolates ${pods} for egress and allows DNS only over UDP 53, not TCP 53`,
      declared: `egress of ${pods} is isolated by ${policies}; the egress rules allow UDP 53 to the DNS but not TCP 53`,
      interpreted:
        'ordinary lookups work; answers too large for UDP come back truncated and the resolver retries over TCP 53, which is dropped, so those lookups fail',
      fix: 'add protocol: TCP, port: 53 next to the UDP entry of the DNS egress rule',
    });
  }
}

type Outcome = 'none' | 'tcp-only' | 'udp-only';

function outcomeOf(dns: DnsEgress): Outcome {
  return dns.udp ? 'udp-only' : dns.tcp ? 'tcp-only' : 'none';
}

function groupByOutcome(entries: Array<{ workload: Workload; dns: DnsEgress }>): Map<Outcome, typeof entries> {
  const groups = new Map<Outcome, typeof entries>();
  for (const entry of entries) push(groups, outcomeOf(entry.dns), entry);
  return groups;
}
