import { selectorMatches } from '../../k8s/labels.js';
import { desiredHealthy } from '../../k8s/pdb.js';
import { isTopologyFreeProvisioner, podClaimVolumes, readStorageClass } from '../../k8s/storage.js';
import { asRecord, isRecord, type Raw } from '../../util/raw.js';
import type { ApiObject, Placement, PodOrigin, PodToPlace, SimulationInput, SimulationResult } from '../types.js';
import { SYSTEM_OVERHEAD_LABEL } from '../input/index.js';
import { podKey, workloadKey } from './keys.js';
import type { DisruptionBudgetRef, Simulate } from './report.js';

export type WhatIfKind = 'lose-node' | 'lose-zone' | 'drain';

/** `--lose-node NAME|worst`, `--lose-zone ZONE|each`, `--drain NODE|each`. */
export interface WhatIfRequest {
  kind: WhatIfKind;
  target: string;
}

/** A what-if names a node or zone the cluster does not have: a usage error. */
export class WhatIfTargetError extends Error {}

export interface PendingAfter {
  pod: string;
  origin?: PodOrigin;
  message: string;
}

export interface SpreadBreak {
  workload: PodOrigin;
  topologyKey: string;
  maxSkew: number;
  pods: string[];
}

export interface StrandedVolume {
  pod: string;
  origin?: PodOrigin;
  claim: string;
  zone: string;
}

export interface DrainRefusal {
  namespace: string;
  name: string;
  origin?: PodOrigin;
  /** Pods the budget selects on the drained node(s). */
  onNode: number;
  healthy: number;
  desiredHealthy: number;
  /** Of those pods, how many no node takes back. */
  stayPending: number;
}

export interface WhatIfOutcome {
  kind: WhatIfKind;
  /** The node or zone taken away. */
  target: string;
  /** How `worst` chose the target, in words; absent when the user named it. */
  chosen?: string;
  /** Nodes removed (lose-node, lose-zone) or cordoned and drained (drain). */
  nodes: string[];
  /** Pods that had to move, with the node they were on and the node they got ("ns/name"). */
  moved: Array<{ pod: string; from: string; to: string | null }>;
  /** Pods of a lost node that nothing re-creates elsewhere: bare pods (a DaemonSet's pods go with their node, unlisted). */
  gone: string[];
  pending: PendingAfter[];
  /** Workloads that had a running pod before and have none after. */
  workloadsWithoutReplicas: PodOrigin[];
  spreadUnsatisfiable: SpreadBreak[];
  volumesStranded: StrandedVolume[];
  /** Drains only: budgets that refuse an eviction the drain needs. */
  pdbRefusals: DrainRefusal[];
  /** Drains only: pods kubectl drain refuses to delete without --force (no controller re-creates them). */
  unmanaged: string[];
  result: SimulationResult;
}

export interface WhatIfContext {
  input: SimulationInput;
  base: SimulationResult;
  simulate: Simulate;
  pdbs: DisruptionBudgetRef[];
  /** Outcomes already computed in this run, by kind and target: `worst` and the lint rules reuse them. */
  memo?: Map<string, WhatIfOutcome>;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const CONTROLLER_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'Job', 'ReplicationController']);

/** Runs every requested what-if, `each` expanded, `worst` resolved; in the order asked. */
export function runWhatIfs(requests: readonly WhatIfRequest[], ctx: WhatIfContext): WhatIfOutcome[] {
  const nodes = ctx.base.nodes.map((n) => n.name);
  const zones = [...new Set(ctx.base.nodes.map((n) => n.zone).filter((z): z is string => z !== null))].sort();
  const out: WhatIfOutcome[] = [];
  for (const request of requests) {
    if (request.kind === 'lose-node' && request.target === 'worst') {
      const worst = worstNode(ctx);
      if (worst) out.push(worst);
      continue;
    }
    const known = request.kind === 'lose-zone' ? zones : nodes;
    const targets = request.target === 'each' && request.kind !== 'lose-node' ? known : [request.target];
    for (const target of targets) {
      if (!known.includes(target)) {
        const what = request.kind === 'lose-zone' ? 'zone' : 'node';
        throw new WhatIfTargetError(
          `--${request.kind} ${target}: the cluster has no ${what} "${target}"${known.length ? ` (it has ${known.join(', ')})` : ''}`,
        );
      }
      out.push(whatIf(request.kind, target, ctx));
    }
  }
  return out;
}

/**
 * The worst single node: the one whose loss leaves the most pods Pending; ties go to the one that leaves the most
 * workloads without a replica, then the one with the most pods to move, then the first by name.
 */
export function worstNode(ctx: WhatIfContext): WhatIfOutcome | undefined {
  let worst: WhatIfOutcome | undefined;
  const names = ctx.base.nodes.map((n) => n.name).sort();
  for (const name of names) {
    const outcome = whatIf('lose-node', name, ctx);
    if (!worst || badness(outcome, worst) > 0) worst = outcome;
  }
  if (!worst) return undefined;
  const chosen = `worst of ${names.length} node${names.length === 1 ? '' : 's'}: most pods left Pending, then most workloads left without a replica, then most pods to move, then name`;
  return { ...worst, chosen };
}

function badness(a: WhatIfOutcome, b: WhatIfOutcome): number {
  return (
    a.pending.length - b.pending.length ||
    a.workloadsWithoutReplicas.length - b.workloadsWithoutReplicas.length ||
    a.moved.length - b.moved.length
  );
}

/** Takes the node or zone away (or cordons it, for a drain), keeps every other pod where it is and re-places the rest. */
export function whatIf(kind: WhatIfKind, target: string, ctx: WhatIfContext): WhatIfOutcome {
  const key = `${kind}\u0000${target}`;
  const known = ctx.memo?.get(key);
  if (known) return known;
  const outcome = computeWhatIf(kind, target, ctx);
  ctx.memo?.set(key, outcome);
  return outcome;
}

function computeWhatIf(kind: WhatIfKind, target: string, ctx: WhatIfContext): WhatIfOutcome {
  const { input, base } = ctx;
  const affected = new Set(kind === 'lose-zone' ? base.nodes.filter((n) => n.zone === target).map((n) => n.name) : [target]);
  const zoneOf = new Map(base.nodes.map((n) => [n.name, n.zone]));
  const declared = new Map<string, PodToPlace>();
  for (const p of input.pods) if (!p.perNode) declared.set(podKey(asRecord(p.pod.metadata)), p);

  const running: ApiObject[] = [];
  const toPlace: PodToPlace[] = [];
  const movedFrom = new Map<string, string>();
  const gone: string[] = [];
  const unmanaged: string[] = [];
  const pinnedVolumes: Array<{ pod: string; namespace: string; claim: string; zone: string }> = [];

  const leave = (key: string, node: string, pod: ApiObject, place: PodToPlace | undefined, spec: Raw) => {
    if (!place) {
      gone.push(key);
      if (kind === 'drain') unmanaged.push(key);
      return;
    }
    toPlace.push(place);
    movedFrom.set(key, node);
    const zone = zoneOf.get(node);
    const namespace = String(asRecord(pod.metadata).namespace ?? 'default');
    if (zone) for (const v of podClaimVolumes(spec)) pinnedVolumes.push({ pod: key, namespace, claim: v.claimName, zone });
  };

  // Pods the base run preempted are gone before the node or zone is: nothing puts them back.
  const preempted = base.evicted;
  for (const pod of input.runningPods ?? []) {
    const spec = asRecord(pod.spec);
    const node = String(spec.nodeName ?? '');
    const phase = asRecord(pod.status).phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    if (podKey(asRecord(pod.metadata)) in preempted) continue;
    const owner = controllerKind(pod);
    if (!affected.has(node) || (kind === 'drain' && isNodeBound(pod))) {
      running.push(pod);
      continue;
    }
    if (isNodeBound(pod)) continue;
    const recreated = owner !== undefined && CONTROLLER_KINDS.has(owner);
    leave(podKey(asRecord(pod.metadata)), node, pod, recreated ? { pod: unbind(pod) } : undefined, spec);
  }
  for (const p of base.placements) {
    if (p.node === null || p.preemptedBy) continue;
    const key = `${p.namespace}/${p.name}`;
    const place = declared.get(key);
    const daemon = !place;
    if (!affected.has(p.node) || (kind === 'drain' && daemon)) {
      running.push(boundCopy(p));
      continue;
    }
    if (daemon) continue;
    if (place.origin?.kind === 'Pod') leave(key, p.node, p.pod, undefined, asRecord(p.pod.spec));
    else leave(key, p.node, p.pod, place, asRecord(p.pod.spec));
  }

  const nodes =
    kind === 'drain'
      ? input.nodes.map((n) => (affected.has(nodeName(n)) ? { ...n, spec: { ...asRecord(n.spec), unschedulable: true } } : n))
      : input.nodes.filter((n) => !affected.has(nodeName(n)));
  const volumes = pinVolumes(input, pinnedVolumes);
  const result = ctx.simulate({
    ...input,
    nodes,
    pods: toPlace,
    runningPods: running,
    persistentVolumes: volumes.persistentVolumes,
    persistentVolumeClaims: volumes.persistentVolumeClaims,
  });

  const moved = result.placements
    .filter((p) => movedFrom.has(`${p.namespace}/${p.name}`))
    .map((p) => ({ pod: `${p.namespace}/${p.name}`, from: movedFrom.get(`${p.namespace}/${p.name}`)!, to: runsOn(p) }));
  const pendingPlacements = result.placements.filter((p) => p.pending);
  const pending = pendingPlacements.map((p) => ({
    pod: `${p.namespace}/${p.name}`,
    ...(p.origin ? { origin: p.origin } : {}),
    message: p.pending!.message,
  }));
  const pendingKeys = new Set(pending.map((p) => p.pod));

  return {
    kind,
    target,
    nodes: [...affected].sort(),
    moved,
    gone: gone.sort(),
    pending,
    workloadsWithoutReplicas: workloadsWithoutReplicas(base, result, affected),
    spreadUnsatisfiable: spreadBreaks(pendingPlacements),
    volumesStranded: pinnedVolumes
      .filter((v) => pendingKeys.has(v.pod) && volumes.pinned.has(`${v.namespace}/${v.claim}`))
      .map((v) => {
        const origin = declared.get(v.pod)?.origin;
        return { pod: v.pod, ...(origin ? { origin } : {}), claim: v.claim, zone: v.zone };
      }),
    pdbRefusals: kind === 'drain' ? drainRefusals(ctx, affected, pendingKeys) : [],
    unmanaged: unmanaged.sort(),
    result,
  };
}

/**
 * Claims the moved pods mount are already bound to a volume in the zone the pod ran in (the provisioner made it
 * there, or there the scheduler chose for WaitForFirstConsumer): pin each unbound claim of zonal storage to a
 * PersistentVolume in that zone, so the replacement pod must follow it. Network storage classes are left alone.
 */
function pinVolumes(input: SimulationInput, volumes: Array<{ namespace: string; claim: string; zone: string }>) {
  const claims = [...(input.persistentVolumeClaims ?? [])];
  const persistentVolumes = [...(input.persistentVolumes ?? [])];
  const pinned = new Set<string>();
  const classes = (input.storageClasses ?? []).map((c) => readStorageClass(c));
  for (const v of volumes) {
    const index = claims.findIndex((c) => podKey(asRecord(c.metadata)) === `${v.namespace}/${v.claim}`);
    if (index < 0) continue;
    const claim = claims[index];
    const spec = asRecord(claim.spec);
    if (typeof spec.volumeName === 'string' && spec.volumeName !== '') {
      const pv = persistentVolumes.find((p) => asRecord(p.metadata).name === spec.volumeName);
      if (pv && isRecord(asRecord(pv.spec).nodeAffinity)) pinned.add(`${v.namespace}/${v.claim}`);
      continue;
    }
    const className = typeof spec.storageClassName === 'string' ? spec.storageClassName : classes.find((c) => c.isDefault)?.name;
    const storageClass = classes.find((c) => c.name === className);
    if (isTopologyFreeProvisioner(storageClass?.provisioner)) continue;
    const pvName = `pv-${v.namespace}-${v.claim}`;
    persistentVolumes.push({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName },
      spec: {
        capacity: asRecord(asRecord(spec.resources).requests).storage
          ? { storage: asRecord(asRecord(spec.resources).requests).storage }
          : {},
        accessModes: spec.accessModes ?? ['ReadWriteOnce'],
        ...(className ? { storageClassName: className } : {}),
        claimRef: { namespace: v.namespace, name: v.claim },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_LABEL, operator: 'In', values: [v.zone] }] }] } },
      },
      status: { phase: 'Bound' },
    });
    claims[index] = { ...claim, spec: { ...spec, volumeName: pvName }, status: { phase: 'Bound' } };
    pinned.add(`${v.namespace}/${v.claim}`);
  }
  return { persistentVolumes, persistentVolumeClaims: claims, pinned };
}

function workloadsWithoutReplicas(base: SimulationResult, after: SimulationResult, affected: Set<string>): PodOrigin[] {
  const workloads = new Map<string, { origin: PodOrigin; bound: number }>();
  for (const p of base.placements) {
    const node = runsOn(p);
    if (!p.origin || p.origin.kind === 'DaemonSet' || node === null) continue;
    const key = workloadKey(p.origin);
    const entry = workloads.get(key) ?? { origin: p.origin, bound: 0 };
    if (!affected.has(node)) entry.bound++;
    workloads.set(key, entry);
  }
  for (const p of after.placements) {
    const entry = p.origin && runsOn(p) !== null ? workloads.get(workloadKey(p.origin)) : undefined;
    if (entry) entry.bound++;
  }
  return [...workloads.entries()]
    .filter(([, e]) => e.bound === 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, e]) => ({ kind: e.origin.kind, namespace: e.origin.namespace, name: e.origin.name }));
}

const SPREAD_REASON = "didn't match pod topology spread constraints";

function spreadBreaks(pending: Placement[]): SpreadBreak[] {
  const out = new Map<string, SpreadBreak>();
  for (const p of pending) {
    if (!p.origin || !p.pending?.message.includes(SPREAD_REASON)) continue;
    const constraints = asRecord(p.pod.spec).topologySpreadConstraints;
    for (const c of Array.isArray(constraints) ? constraints.map(asRecord) : []) {
      if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
      const topologyKey = String(c.topologyKey ?? '');
      const key = `${workloadKey(p.origin)}\u0000${topologyKey}`;
      const entry = out.get(key) ?? {
        workload: { kind: p.origin.kind, namespace: p.origin.namespace, name: p.origin.name },
        topologyKey,
        maxSkew: Number(c.maxSkew ?? 1),
        pods: [],
      };
      entry.pods.push(`${p.namespace}/${p.name}`);
      out.set(key, entry);
    }
  }
  return [...out.values()];
}

/**
 * kubectl drain evicts the node's pods one by one through the eviction API and retries while a budget refuses.
 * A budget allows an eviction while more pods are healthy than it demands; a replacement that schedules restores
 * the count, one that stays Pending uses up one disruption for good. So the drain completes only when the budget
 * allows at least one disruption and at least as many as the replacements that stay Pending.
 */
function drainRefusals(ctx: WhatIfContext, drained: Set<string>, pending: Set<string>): DrainRefusal[] {
  const pods = ctx.base.placements.map((p) => ({
    key: `${p.namespace}/${p.name}`,
    namespace: p.namespace,
    labels: asRecord(asRecord(p.pod.metadata).labels) as Record<string, string>,
    node: runsOn(p),
  }));
  for (const pod of ctx.input.runningPods ?? []) {
    const metadata = asRecord(pod.metadata);
    if (podKey(metadata) in ctx.base.evicted) continue;
    pods.push({
      key: podKey(metadata),
      namespace: String(metadata.namespace ?? 'default'),
      labels: asRecord(metadata.labels) as Record<string, string>,
      node: String(asRecord(pod.spec).nodeName ?? ''),
    });
  }
  const out: DrainRefusal[] = [];
  for (const pdb of ctx.pdbs) {
    const selected = pods.filter((p) => p.namespace === pdb.namespace && selectorMatches(pdb.selector, p.labels));
    const onNode = selected.filter((p) => p.node !== null && drained.has(p.node));
    if (onNode.length === 0) continue;
    const healthy = selected.filter((p) => p.node !== null).length;
    const desired = desiredHealthy(pdb.budget, selected.length);
    const stayPending = onNode.filter((p) => pending.has(p.key)).length;
    const allowed = healthy - desired;
    if (allowed >= Math.max(1, stayPending)) continue;
    out.push({
      namespace: pdb.namespace,
      name: pdb.name,
      ...(pdb.origin ? { origin: pdb.origin } : {}),
      onNode: onNode.length,
      healthy,
      desiredHealthy: desired,
      stayPending,
    });
  }
  return out;
}

/** Where the pod runs at the end of its run: a preempted pod keeps `node` (where it had been) but runs nowhere. */
function runsOn(p: Placement): string | null {
  return p.preemptedBy ? null : p.node;
}

function controllerKind(pod: ApiObject): string | undefined {
  const refs = asRecord(pod.metadata).ownerReferences;
  const controller = (Array.isArray(refs) ? refs.map(asRecord) : []).find((r) => r.controller === true) ?? undefined;
  return typeof controller?.kind === 'string' ? controller.kind : undefined;
}

/**
 * Pods that belong to their node: a DaemonSet's, mirror pods, and the stand-ins of a profile's per-node system
 * overhead. A drain leaves them; a lost node takes them along, and nothing re-creates them elsewhere.
 */
export function isNodeBound(pod: ApiObject): boolean {
  const metadata = asRecord(pod.metadata);
  return (
    controllerKind(pod) === 'DaemonSet' ||
    asRecord(metadata.annotations)['kubernetes.io/config.mirror'] !== undefined ||
    asRecord(metadata.labels)[SYSTEM_OVERHEAD_LABEL] !== undefined
  );
}

function nodeName(node: ApiObject): string {
  return String(asRecord(node.metadata).name ?? '');
}

// One bound copy per placement, so that every what-if of a run hands the engine the same object (it caches by it).
const boundCopies = new WeakMap<Placement, ApiObject>();

function boundCopy(p: Placement): ApiObject {
  let pod = boundCopies.get(p);
  if (!pod) {
    pod = { ...p.pod, spec: { ...asRecord(p.pod.spec), nodeName: p.node } };
    boundCopies.set(p, pod);
  }
  return pod;
}

function unbind(pod: ApiObject): ApiObject {
  const spec = { ...asRecord(pod.spec) };
  delete spec.nodeName;
  const { status: _status, ...rest } = pod;
  return { ...rest, spec };
}
