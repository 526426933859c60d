import { asRecord } from '../../util/raw.js';
import type { Placement } from '../types.js';
import { formatAmount } from './units.js';

/** kube-intent's reading of a FailedScheduling message: what the pod declared, what the scheduler made of it, what to change. */
export interface PendingExplanation {
  declared: string;
  interpreted: string;
  fix: string;
}

interface ReasonCount {
  count: number;
  reason: string;
}

/** The "count reason" items of the filter part of a FailedScheduling message (before the PostFilter text). */
export function messageReasons(message: string): ReasonCount[] {
  const m = /^0\/\d+ nodes are available: (.*?)\.(?: |$)/.exec(message);
  if (!m) return [];
  return m[1]
    .split(/, (?=\d+ )/)
    .map((item) => /^(\d+) (.*)$/.exec(item))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => ({ count: Number(x[1]), reason: x[2] }));
}

interface ReasonText {
  match: (reason: string) => boolean;
  declared: (p: Placement) => string | undefined;
  interpreted: (count: number, reason: string) => string;
  fix: string;
}

const REASONS: ReasonText[] = [
  {
    match: (r) => r.startsWith('Insufficient '),
    declared: (p) => {
      const parts = Object.entries(p.requests)
        .filter(([r, v]) => v > 0 && r !== 'pods')
        .map(([r, v]) => `${r} ${formatAmount(r, v)}`);
      return parts.length ? `requests ${parts.join(', ')}` : undefined;
    },
    interpreted: (n, r) =>
      `${n} node(s) lack the free ${r.slice('Insufficient '.length)} the pod requests (allocatable minus the requests of the pods already there)`,
    fix: 'lower the request to what the container needs, or add nodes (or a node pool) whose allocatable holds it',
  },
  {
    match: (r) => r.startsWith('node(s) had untolerated taint'),
    declared: (p) => {
      const t = asRecord(p.pod.spec).tolerations;
      const keys = (Array.isArray(t) ? t.map(asRecord) : [])
        .map((x) => String(x.key ?? '*'))
        .filter((k) => !k.startsWith('node.kubernetes.io/'));
      return keys.length ? `tolerations for ${keys.join(', ')}` : 'no toleration for the nodes\u2019 taints';
    },
    interpreted: (n) =>
      `${n} node(s) carry a NoSchedule or NoExecute taint the pod does not tolerate, so the scheduler never considers them`,
    fix: 'add a toleration for the taint when the pod belongs on those nodes; otherwise make sure an untainted pool can hold it',
  },
  {
    match: (r) => r === "node(s) didn't match Pod's node affinity/selector",
    declared: (p) => {
      const selector = asRecord(asRecord(p.pod.spec).nodeSelector);
      const pairs = Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`);
      const required = asRecord(asRecord(asRecord(p.pod.spec).affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution;
      return (
        [pairs.length ? `nodeSelector ${pairs.join(', ')}` : '', required ? 'a required node affinity' : '']
          .filter(Boolean)
          .join(' and ') || undefined
      );
    },
    interpreted: (n) => `${n} node(s) lack the labels the nodeSelector or required node affinity asks for`,
    fix: 'use labels the nodes really carry (kubectl get nodes --show-labels), or label a pool for this workload',
  },
  {
    match: (r) => r === 'Too many pods',
    declared: () => undefined,
    interpreted: (n) => `${n} node(s) already run as many pods as their allocatable pods (maxPods) allows`,
    fix: 'add nodes, or raise maxPods where the network plugin has the addresses for it',
  },
  {
    match: (r) => r.startsWith("node(s) didn't match pod topology spread constraints"),
    declared: (p) => {
      const c = asRecord(p.pod.spec).topologySpreadConstraints;
      const hard = (Array.isArray(c) ? c.map(asRecord) : []).filter((x) => x.whenUnsatisfiable === 'DoNotSchedule');
      return hard.length
        ? `topologySpreadConstraints ${hard.map((x) => `${String(x.topologyKey)} maxSkew ${String(x.maxSkew)} DoNotSchedule`).join(', ')}`
        : undefined;
    },
    interpreted: (n, r) =>
      r.endsWith('(missing required label)')
        ? `${n} node(s) lack the constraint's topologyKey label, so they are no domain at all`
        : `${n} node(s) would push the pod count of their domain more than maxSkew above the emptiest domain`,
    fix: 'use whenUnsatisfiable: ScheduleAnyway, a larger maxSkew, or add capacity in the domains with fewest pods',
  },
  {
    match: (r) => r.includes('anti-affinity rules'),
    declared: () => 'a required pod anti-affinity (its own or an existing pod\u2019s)',
    interpreted: (n) =>
      `${n} node(s) are in a topology domain that already runs a pod the anti-affinity excludes; with more replicas than domains the rest stay Pending`,
    fix: 'use preferredDuringSchedulingIgnoredDuringExecution, or a topologySpreadConstraint, or add domains',
  },
  {
    match: (r) => r === "node(s) didn't match pod affinity rules",
    declared: () => 'a required pod affinity',
    interpreted: (n) => `${n} node(s) are in no domain that runs a pod the affinity requires`,
    fix: 'check the affinity selector against the pods it should follow, or make it preferred',
  },
  {
    match: (r) =>
      r.includes("PersistentVolume's node affinity") ||
      r.includes('volume node affinity conflict') ||
      r.includes('no available volume zone'),
    declared: () => 'a persistent volume bound in one zone',
    interpreted: (n) => `${n} node(s) are outside the zone of the pod's volume, and a zonal disk cannot follow the pod`,
    fix: 'use a StorageClass with volumeBindingMode: WaitForFirstConsumer and keep room in every zone the volumes live in',
  },
  {
    match: (r) => r === 'node(s) were unschedulable',
    declared: () => undefined,
    interpreted: (n) => `${n} node(s) are cordoned (spec.unschedulable)`,
    fix: 'uncordon the nodes or add capacity elsewhere',
  },
  {
    match: (r) => r.startsWith("node(s) didn't have free ports"),
    declared: () => 'a hostPort',
    interpreted: (n) => `${n} node(s) already run a pod on the same hostPort`,
    fix: 'drop hostPort (use a Service), or run at most one such pod per node',
  },
];

/** declared / interpreted / fix for a pod that stays Pending, from its scheduler message. */
export function explainPending(p: Placement): PendingExplanation {
  const message = p.pending?.message ?? '';
  const reasons = messageReasons(message);
  const declared: string[] = [];
  const interpreted: string[] = [];
  const fixes: string[] = [];
  for (const { count, reason } of reasons) {
    const text = REASONS.find((r) => r.match(reason));
    if (!text) continue;
    const d = text.declared(p);
    if (d && !declared.includes(d)) declared.push(d);
    interpreted.push(text.interpreted(count, reason));
    if (!fixes.includes(text.fix)) fixes.push(text.fix);
  }
  if (declared.length === 0) declared.push(REASONS[0].declared(p) ?? 'no resource requests');
  const preFilter = reasons.length === 0 && /^0\/\d+ nodes are available: /.test(message);
  if (preFilter)
    interpreted.push(`the scheduler rejects the pod before looking at any node: ${message.replace(/^0\/\d+ nodes are available: /, '')}`);
  if (/\. not found$/.test(message))
    interpreted.push(
      'the trailing "not found" is an artifact of the DynamicResources plugin after an early rejection, not a missing object',
    );
  if (message.includes('No preemption victims found'))
    interpreted.push('preemption cannot help: no lower-priority pod runs where evicting it would make room');
  const certainty = p.pending?.certain
    ? 'This is certain: the pod fits no node even on the empty cluster, whatever the placement order.'
    : 'It fits on the empty cluster, so which pods stay Pending depends on what was placed first (queue order and the scheduler\u2019s random tie-breaks).';
  if (fixes.length === 0) fixes.push('read the scheduler message: each count says how many nodes rejected the pod for that reason');
  return {
    declared: declared.join('; '),
    interpreted: `${interpreted.join('; ')}. ${certainty}`.replace(/^\. /, ''),
    fix: fixes.join('; '),
  };
}
