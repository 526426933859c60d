import { isRecord, type Raw } from '../../util/raw.js';
import type { ApiObject } from '../types.js';
import { compileSelector, labelsOf, nodeTermsMatch, readNodeTerms, type Labels, type NodeTerm, type Selector } from './match.js';
import type { NodeInfo } from './cluster.js';
import { units, type PodInfo } from './pod.js';

/**
 * Claims, volumes and classes as VolumeRestrictions, VolumeBinding and VolumeZone read them, and
 * the binding they do: the PV controller for Immediate claims before scheduling, the scheduler's
 * binder (a matching static PV, else dynamic provisioning on the chosen node) for WaitForFirstConsumer.
 */

interface Claim {
  namespace: string;
  name: string;
  className: string;
  volumeName: string;
  accessModes: string[];
  storage: number;
  selector: Selector | null;
  volumeMode: string;
  lost: boolean;
  deleting: boolean;
  selectedNode: string;
}

interface Volume {
  name: string;
  className: string;
  capacity: number;
  accessModes: string[];
  volumeMode: string;
  claimRef: string | null;
  terms: NodeTerm[] | null;
  labels: Labels;
  available: boolean;
  deleting: boolean;
}

interface StorageClass {
  provisioner: string;
  bindingMode: string | null;
  allowedTopologies: Array<Array<{ key: string; values: string[] }>>;
}

const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const TOPOLOGY_LABELS = [
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
];

/** The result of the volume PreFilters for one pod, read by the Filters. */
export interface VolumeState {
  bound: Claim[];
  delayed: Claim[];
  zones: Array<{ key: string; values: Set<string> }>;
  rwopConflict: boolean;
}

export type VolumePreFilter = { rejected: string } | { state: VolumeState | null };

function meta(o: Raw): Raw {
  return isRecord(o.metadata) ? o.metadata : {};
}

export class Volumes {
  private readonly claims = new Map<string, Claim>();
  private readonly volumes = new Map<string, Volume>();
  private readonly classes = new Map<string, StorageClass>();
  /** Claims ("ns/name") the PV controller provisioned without knowing the zone (Immediate binding). */
  private readonly zoneUnknown = new Set<string>();
  private readonly defaultClass: string | null;

  constructor(pvs: ApiObject[], pvcs: ApiObject[], classes: ApiObject[]) {
    let defaultClass: string | null = null;
    for (const sc of classes) {
      const name = String(meta(sc).name ?? '');
      const topologies = Array.isArray(sc.allowedTopologies) ? sc.allowedTopologies.filter(isRecord) : [];
      this.classes.set(name, {
        provisioner: String(sc.provisioner ?? ''),
        bindingMode: typeof sc.volumeBindingMode === 'string' ? sc.volumeBindingMode : 'Immediate',
        allowedTopologies: topologies.map((t) =>
          (Array.isArray(t.matchLabelExpressions) ? t.matchLabelExpressions.filter(isRecord) : []).map((e) => ({
            key: String(e.key ?? ''),
            values: Array.isArray(e.values) ? e.values.map(String) : [],
          })),
        ),
      });
      const ann = labelsOf(meta(sc).annotations);
      if (
        defaultClass === null &&
        (ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
          ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true')
      )
        defaultClass = name;
    }
    this.defaultClass = defaultClass;
    for (const pv of pvs) this.addVolume(pv);
    for (const pvc of pvcs) this.addClaim(pvc);
    for (const claim of this.claims.values()) this.bindImmediate(claim);
  }

  private addVolume(pv: Raw): void {
    const spec = isRecord(pv.spec) ? pv.spec : {};
    const ref = isRecord(spec.claimRef) ? spec.claimRef : null;
    const affinity = isRecord(spec.nodeAffinity) && isRecord(spec.nodeAffinity.required) ? spec.nodeAffinity.required : null;
    const status = isRecord(pv.status) ? pv.status : {};
    const name = String(meta(pv).name ?? '');
    this.volumes.set(name, {
      name,
      className: String(spec.storageClassName ?? labelsOf(meta(pv).annotations)['volume.beta.kubernetes.io/storage-class'] ?? ''),
      capacity: units(isRecord(spec.capacity) ? spec.capacity.storage : undefined),
      accessModes: Array.isArray(spec.accessModes) ? spec.accessModes.map(String) : [],
      volumeMode: String(spec.volumeMode ?? 'Filesystem'),
      claimRef: ref ? `${String(ref.namespace ?? '')}/${String(ref.name ?? '')}` : null,
      terms: affinity ? readNodeTerms(affinity.nodeSelectorTerms) : null,
      labels: labelsOf(meta(pv).labels),
      // The PV controller moves a new volume to Available at once; kubectl-less files often omit the status.
      available: !ref && (status.phase === undefined || status.phase === 'Available'),
      deleting: meta(pv).deletionTimestamp !== undefined,
    });
  }

  /** Adds a claim; one without storageClassName gets the default class, as the DefaultStorageClass admission plugin does. */
  addClaim(pvc: Raw): void {
    const m = meta(pvc);
    const spec = isRecord(pvc.spec) ? pvc.spec : {};
    const status = isRecord(pvc.status) ? pvc.status : {};
    const annotations = labelsOf(m.annotations);
    const className =
      typeof spec.storageClassName === 'string'
        ? spec.storageClassName
        : (annotations['volume.beta.kubernetes.io/storage-class'] ?? this.defaultClass ?? '');
    const namespace = String(m.namespace ?? 'default');
    const name = String(m.name ?? '');
    this.claims.set(`${namespace}/${name}`, {
      namespace,
      name,
      className,
      volumeName: typeof spec.volumeName === 'string' ? spec.volumeName : '',
      accessModes: Array.isArray(spec.accessModes) ? spec.accessModes.map(String) : [],
      storage: units(isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests.storage : undefined),
      selector: isRecord(spec.selector) ? compileSelector(spec.selector) : null,
      volumeMode: String(spec.volumeMode ?? 'Filesystem'),
      lost: status.phase === 'Lost',
      deleting: m.deletionTimestamp !== undefined,
      selectedNode: annotations['volume.kubernetes.io/selected-node'] ?? '',
    });
  }

  /** The claim the ephemeral volume controller creates for a generic ephemeral volume, unless it exists. */
  addEphemeralClaims(pod: ApiObject): void {
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const podName = String(meta(pod).name ?? '');
    const namespace = String(meta(pod).namespace ?? 'default');
    for (const v of Array.isArray(spec.volumes) ? spec.volumes.filter(isRecord) : []) {
      if (!isRecord(v.ephemeral) || !isRecord(v.ephemeral.volumeClaimTemplate)) continue;
      const name = `${podName}-${String(v.name ?? '')}`;
      if (this.claims.has(`${namespace}/${name}`)) continue;
      const template = v.ephemeral.volumeClaimTemplate;
      this.addClaim({ metadata: { name, namespace }, spec: isRecord(template.spec) ? template.spec : {} });
    }
  }

  private isDelayed(claim: Claim): boolean {
    if (!claim.className) return false;
    return this.classes.get(claim.className)?.bindingMode === 'WaitForFirstConsumer';
  }

  /** The PV controller: an unbound Immediate claim gets a matching available volume, else a provisioned one. */
  private bindImmediate(claim: Claim): void {
    if (claim.volumeName) {
      // A claim naming a free volume is pre-bound: the PV controller completes the binding.
      const named = this.volumes.get(claim.volumeName);
      if (named && named.claimRef === null) this.bindVolume(claim, named);
      return;
    }
    if (this.isDelayed(claim)) return;
    const match = this.findMatchingVolume(claim, null, new Set());
    if (match) {
      this.bindVolume(claim, match);
      return;
    }
    const sc = this.classes.get(claim.className);
    if (!sc || !sc.provisioner || sc.provisioner === NO_PROVISIONER) return;
    // The provisioner picks the zone; only a class allowing a single zone says which one.
    const zone =
      sc.allowedTopologies.length === 1 && sc.allowedTopologies[0].length === 1 && sc.allowedTopologies[0][0].values.length === 1
        ? sc.allowedTopologies[0][0]
        : null;
    this.provision(claim, zone ? [{ expressions: [{ key: zone.key, op: 'In', values: zone.values }], fields: [] }] : null);
    if (!zone) this.zoneUnknown.add(`${claim.namespace}/${claim.name}`);
  }

  /** Whether the pod mounts a claim provisioned at once (Immediate) in a zone only the provisioner knows. */
  zoneUnknownFor(p: PodInfo): boolean {
    return this.zoneUnknown.size > 0 && p.claims.some((c) => this.zoneUnknown.has(`${p.namespace}/${c.name}`));
  }

  private bindVolume(claim: Claim, volume: Volume): void {
    volume.claimRef = `${claim.namespace}/${claim.name}`;
    volume.available = false;
    claim.volumeName = volume.name;
  }

  private provision(claim: Claim, terms: NodeTerm[] | null): void {
    const volume: Volume = {
      name: `pvc-${claim.namespace}-${claim.name}`,
      className: claim.className,
      capacity: claim.storage,
      accessModes: claim.accessModes,
      volumeMode: claim.volumeMode,
      claimRef: `${claim.namespace}/${claim.name}`,
      terms,
      labels: {},
      available: false,
      deleting: false,
    };
    this.volumes.set(volume.name, volume);
    claim.volumeName = volume.name;
  }

  /** pv_helpers.go FindMatchingVolume: the volume pre-bound to the claim, else the smallest available match. */
  private findMatchingVolume(claim: Claim, node: NodeInfo | null, excluded: Set<string>): Volume | null {
    let smallest: Volume | null = null;
    const key = `${claim.namespace}/${claim.name}`;
    for (const v of this.volumes.values()) {
      if (excluded.has(v.name)) continue;
      if (v.claimRef !== null && v.claimRef !== key) continue;
      if (v.capacity < claim.storage) continue;
      if (v.volumeMode !== claim.volumeMode) continue;
      if (v.deleting) continue;
      const affinityOk = !node || !v.terms || nodeTermsMatch(v.terms, '', node.labels);
      if (v.claimRef === key) return affinityOk ? v : null;
      if (!v.available) continue;
      if (claim.selector && !claim.selector.matches(v.labels)) continue;
      if (v.className !== claim.className) continue;
      if (!affinityOk) continue;
      if (!claim.accessModes.every((m) => v.accessModes.includes(m))) continue;
      if (!smallest || smallest.capacity > v.capacity) smallest = v;
    }
    return smallest;
  }

  /** VolumeRestrictions, VolumeBinding and VolumeZone PreFilter, in that order. */
  preFilter(p: PodInfo, claimUsers: Map<string, number>): VolumePreFilter {
    if (p.claims.length === 0) return { state: null };
    for (const c of p.claims) {
      if (!c.ephemeral && !this.claims.has(`${p.namespace}/${c.name}`)) return { rejected: `persistentvolumeclaim "${c.name}" not found` };
    }
    let rwopConflict = false;
    const state: VolumeState = { bound: [], delayed: [], zones: [], rwopConflict: false };
    const immediate: Claim[] = [];
    for (const c of p.claims) {
      const claim = this.claims.get(`${p.namespace}/${c.name}`);
      if (!claim) return { rejected: `waiting for ephemeral volume controller to create the persistentvolumeclaim "${c.name}"` };
      if (claim.accessModes.includes('ReadWriteOncePod') && (claimUsers.get(`${p.namespace}/${c.name}`) ?? 0) > 0) rwopConflict = true;
      if (claim.lost)
        return { rejected: `persistentvolumeclaim "${claim.name}" bound to non-existent persistentvolume "${claim.volumeName}"` };
      if (claim.deleting) return { rejected: `persistentvolumeclaim "${claim.name}" is being deleted` };
      if (claim.volumeName && this.volumes.get(claim.volumeName)?.claimRef === `${claim.namespace}/${claim.name}`) state.bound.push(claim);
      else if (claim.volumeName && !this.volumes.has(claim.volumeName)) state.bound.push(claim);
      else if (this.isDelayed(claim) && !claim.volumeName) state.delayed.push(claim);
      else immediate.push(claim);
    }
    if (immediate.length) return { rejected: 'pod has unbound immediate PersistentVolumeClaims' };
    for (const claim of state.bound) {
      const v = this.volumes.get(claim.volumeName);
      if (!v) continue;
      for (const key of TOPOLOGY_LABELS) {
        if (key in v.labels) state.zones.push({ key, values: new Set(v.labels[key].split('__')) });
      }
    }
    state.rwopConflict = rwopConflict;
    return { state };
  }

  /** VolumeBinding Filter reasons for one node (FindPodVolumes), in the binder's order. */
  bindingReasons(state: VolumeState, node: NodeInfo, nodeConflict: string): string[] | null {
    let boundOk = true;
    let pvsFound = true;
    for (const claim of state.bound) {
      const v = this.volumes.get(claim.volumeName);
      if (!v) pvsFound = false;
      else if (v.terms && !nodeTermsMatch(v.terms, '', node.labels)) boundOk = false;
    }
    let unboundOk = true;
    if (state.delayed.length) unboundOk = this.planDelayed(state.delayed, node) !== null;
    if (boundOk && unboundOk && pvsFound) return null;
    const reasons: string[] = [];
    if (!boundOk) reasons.push(nodeConflict);
    if (!unboundOk) reasons.push("node(s) didn't find available persistent volumes to bind");
    if (!pvsFound) reasons.push('node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)');
    return reasons;
  }

  /** Static volumes for the claims that have one on this node, provisioning for the others; null when neither works. */
  private planDelayed(claims: Claim[], node: NodeInfo): Array<{ claim: Claim; volume: Volume | null }> | null {
    const plan: Array<{ claim: Claim; volume: Volume | null }> = [];
    const chosen = new Set<string>();
    for (const claim of [...claims].sort((a, b) => a.storage - b.storage)) {
      if (claim.selectedNode && claim.selectedNode !== node.name) return null;
      const v = claim.selectedNode ? null : this.findMatchingVolume(claim, node, chosen);
      if (v) {
        chosen.add(v.name);
        plan.push({ claim, volume: v });
        continue;
      }
      const sc = this.classes.get(claim.className);
      if (!sc || !sc.provisioner || sc.provisioner === NO_PROVISIONER) return null;
      if (
        sc.allowedTopologies.length &&
        !sc.allowedTopologies.some((term) => term.every((e) => e.key in node.labels && e.values.includes(node.labels[e.key])))
      )
        return null;
      plan.push({ claim, volume: null });
    }
    return plan;
  }

  /** VolumeZone Filter: a bound volume's zone/region labels against the node's (skipped for nodes without any). */
  zoneConflict(state: VolumeState, node: NodeInfo): boolean {
    if (state.zones.length === 0) return false;
    if (!TOPOLOGY_LABELS.some((k) => k in node.labels)) return false;
    return state.zones.some((z) => !(z.key in node.labels) || !z.values.has(node.labels[z.key]));
  }

  /** Reserve + PreBind on the chosen node: bind static volumes, provision the rest in the node's zone. */
  bindFor(state: VolumeState | null, node: NodeInfo): void {
    if (!state || state.delayed.length === 0) return;
    const plan = this.planDelayed(state.delayed, node) ?? [];
    for (const { claim, volume } of plan) {
      if (volume) this.bindVolume(claim, volume);
      else {
        const zone = node.labels['topology.kubernetes.io/zone'];
        this.provision(
          claim,
          zone !== undefined ? [{ expressions: [{ key: 'topology.kubernetes.io/zone', op: 'In', values: [zone] }], fields: [] }] : null,
        );
      }
    }
  }
}
