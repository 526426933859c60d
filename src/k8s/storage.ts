import type { Path } from '../types.js';
import { isRecord, record, type Raw } from '../util/raw.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** Still honoured by the DefaultStorageClass admission plugin. */
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** Legacy PVC annotation; when present it wins over spec.storageClassName. */
export const BETA_CLAIM_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
export const LOCAL_VOLUME_PROVISIONER = 'kubernetes.io/no-provisioner';

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

/** A StorageClass as the provisioner and the scheduler read it. */
export interface StorageClassInfo {
  name: string;
  provisioner: string | undefined;
  /** Effective mode: an absent field means Immediate. */
  volumeBindingMode: string;
  isDefault: boolean;
  /** The zones `allowedTopologies` confines volumes to; undefined when it does not restrict zones. */
  allowedZones: string[] | undefined;
  reclaimPolicy: string;
}

export function readStorageClass(raw: Raw): StorageClassInfo {
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return {
    name: String(metadata.name ?? ''),
    provisioner: typeof raw.provisioner === 'string' ? raw.provisioner : undefined,
    volumeBindingMode: typeof raw.volumeBindingMode === 'string' ? raw.volumeBindingMode : 'Immediate',
    isDefault: String(annotations[DEFAULT_CLASS_ANNOTATION]) === 'true' || String(annotations[BETA_DEFAULT_CLASS_ANNOTATION]) === 'true',
    allowedZones: allowedZones(raw.allowedTopologies),
    reclaimPolicy: typeof raw.reclaimPolicy === 'string' ? raw.reclaimPolicy : 'Delete',
  };
}

/**
 * Drivers of network storage that any node can mount whatever its zone (Ceph, GlusterFS, NFS,
 * replicated software-defined storage, cloud file shares): their volumes carry no zone affinity,
 * so binding them early cannot strand a pod. A CSI driver also matches with a prefix of its own
 * (Rook names its drivers `<operator namespace>.rbd.csi.ceph.com`); a family (`csi.ceph.com`)
 * matches every driver under it.
 */
const NETWORK_DRIVERS = [
  'kubernetes.io/rbd',
  'kubernetes.io/cephfs',
  'kubernetes.io/glusterfs',
  'kubernetes.io/quobyte',
  'kubernetes.io/scaleio',
  'kubernetes.io/storageos',
  'kubernetes.io/portworx-volume',
  'kubernetes.io/azure-file',
  'ceph.rook.io/block',
  'csi.ceph.com',
  'nfs.csi.k8s.io',
  'smb.csi.k8s.io',
  'k8s-sigs.io/nfs-subdir-external-provisioner',
  'efs.csi.aws.com',
  'file.csi.azure.com',
  'blob.csi.azure.com',
  'filestore.csi.storage.gke.io',
  'driver.longhorn.io',
  'pxd.portworx.com',
  'csi.juicefs.com',
];

/**
 * Drivers of block disks that live in one zone (or one node group of zones): a volume created
 * before the pod is scheduled pins the pod to that zone.
 */
const ZONAL_DRIVERS = [
  'kubernetes.io/aws-ebs',
  'ebs.csi.aws.com',
  'kubernetes.io/gce-pd',
  'pd.csi.storage.gke.io',
  'kubernetes.io/azure-disk',
  'disk.csi.azure.com',
  'kubernetes.io/cinder',
  'cinder.csi.openstack.org',
  'diskplugin.csi.alibabacloud.com',
  'vpc.block.csi.ibm.io',
  'blockvolume.csi.oraclecloud.com',
  'csi.hetzner.cloud',
  'csi.scaleway.com',
];

/** What a provisioner's volumes are bound to: nothing (network storage), a zone, a node, or unknown to kube-intent. */
export type ProvisionerTopology = 'network' | 'zonal' | 'local' | 'unknown';

/** Whether `provisioner` is `driver`, or a driver of that name or family with a prefix (`rook-ceph.rbd.csi.ceph.com`). */
function isDriver(provisioner: string, driver: string): boolean {
  return provisioner === driver || (!driver.includes('/') && provisioner.endsWith(`.${driver}`));
}

/** How the volumes of a provisioner are placed; a provisioner kube-intent does not know is `unknown`, never zonal. */
export function provisionerTopology(provisioner: string | undefined): ProvisionerTopology {
  if (provisioner === undefined) return 'unknown';
  if (provisioner === LOCAL_VOLUME_PROVISIONER) return 'local';
  if (NETWORK_DRIVERS.some((d) => isDriver(provisioner, d))) return 'network';
  if (ZONAL_DRIVERS.some((d) => isDriver(provisioner, d))) return 'zonal';
  return 'unknown';
}

export function isTopologyFreeProvisioner(provisioner: string | undefined): boolean {
  return provisionerTopology(provisioner) === 'network';
}

/** Node label keys that name a zone: the well-known ones and CSI drivers' `<driver>/zone` keys. */
export function isZoneKey(key: string): boolean {
  return key === 'topology.kubernetes.io/zone' || key === 'failure-domain.beta.kubernetes.io/zone' || /^topology\.[^/]+\/zone$/.test(key);
}

/**
 * Terms of allowedTopologies are ORed; a term restricts zones only through an `In`-style zone
 * expression. Any term without one leaves every zone open.
 */
function allowedZones(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const zones = new Set<string>();
  for (const term of raw) {
    const expressions = isRecord(term) && Array.isArray(term.matchLabelExpressions) ? term.matchLabelExpressions.filter(isRecord) : [];
    const zoneExpressions = expressions.filter((e) => typeof e.key === 'string' && isZoneKey(e.key) && Array.isArray(e.values));
    if (zoneExpressions.length === 0) return undefined;
    for (const e of zoneExpressions) for (const v of e.values as unknown[]) zones.add(String(v));
  }
  return [...zones].sort();
}

/** What a claim asks for: a named class, explicitly no class (""), or nothing (the default applies). */
export type ClassRequest = { kind: 'named'; name: string; path: Path } | { kind: 'none'; path: Path } | { kind: 'omitted' };

/** The PersistentVolume a PVC or claim template names in `spec.volumeName`, when it is pre-bound. */
export function claimVolumeName(claim: Raw): string | undefined {
  const volumeName = record(claim.spec)?.volumeName;
  return typeof volumeName === 'string' && volumeName !== '' ? volumeName : undefined;
}

/** Bound to a PersistentVolume chosen by name or by a selector, not provisioned for the claim. */
export function isStaticallyBound(claim: Raw): boolean {
  return claimVolumeName(claim) !== undefined || isRecord(record(claim.spec)?.selector);
}

/** The class request of a PVC or a claim template (an object with metadata and spec). */
export function claimClassRequest(claim: Raw): ClassRequest {
  const metadata = isRecord(claim.metadata) ? claim.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const spec = isRecord(claim.spec) ? claim.spec : {};
  if (typeof annotations[BETA_CLAIM_CLASS_ANNOTATION] === 'string') {
    return classRequest(annotations[BETA_CLAIM_CLASS_ANNOTATION] as string, ['metadata', 'annotations', BETA_CLAIM_CLASS_ANNOTATION]);
  }
  if (typeof spec.storageClassName === 'string') return classRequest(spec.storageClassName, ['spec', 'storageClassName']);
  return { kind: 'omitted' };
}

function classRequest(name: string, path: Path): ClassRequest {
  return name === '' ? { kind: 'none', path } : { kind: 'named', name, path };
}

export interface DefaultClassConfig {
  name: string;
  volumeBindingMode?: string;
}

export type ClassResolution<T> =
  | { status: 'no-class' }
  | {
      status: 'resolved';
      name: string;
      via: 'named' | 'set-default' | 'config-default';
      info?: StorageClassInfo;
      object?: T;
      volumeBindingMode: string;
    }
  | { status: 'unknown'; name?: string; reason: string };

/** The StorageClasses of a set, by name (the last declaration of a name is the one applied) and the defaults. */
export interface StorageClassIndex<T> {
  byName: Map<string, { info: StorageClassInfo; object: T }>;
  defaults: Array<{ info: StorageClassInfo; object: T }>;
}

export function indexStorageClasses<T>(classes: ReadonlyArray<{ info: StorageClassInfo; object: T }>): StorageClassIndex<T> {
  const byName = new Map<string, { info: StorageClassInfo; object: T }>();
  for (const c of classes) byName.set(c.info.name, c);
  return { byName, defaults: [...byName.values()].filter((c) => c.info.isDefault) };
}

/**
 * Which class a claim ends up with, judged from the classes in the set and the configured
 * default. Never guesses: a class neither declared nor configured is unknown, and so is the
 * default when several classes in the set claim it (the most recently created one wins, which
 * a manifest cannot tell).
 */
export function resolveClaimClass<T>(
  request: ClassRequest,
  classes: StorageClassIndex<T>,
  configDefault: DefaultClassConfig | undefined,
): ClassResolution<T> {
  if (request.kind === 'none') return { status: 'no-class' };
  const fromSet = (c: { info: StorageClassInfo; object: T }, via: 'named' | 'set-default' | 'config-default') =>
    ({ status: 'resolved', name: c.info.name, via, info: c.info, object: c.object, volumeBindingMode: c.info.volumeBindingMode }) as const;
  const fromConfig = (name: string, via: 'named' | 'config-default'): ClassResolution<T> =>
    configDefault?.volumeBindingMode
      ? { status: 'resolved', name, via, volumeBindingMode: configDefault.volumeBindingMode }
      : { status: 'unknown', name, reason: `the config names StorageClass "${name}" as the default but gives no volumeBindingMode` };

  if (request.kind === 'named') {
    const found = classes.byName.get(request.name);
    if (found) return fromSet(found, 'named');
    if (configDefault?.name === request.name) return fromConfig(request.name, 'named');
    return {
      status: 'unknown',
      name: request.name,
      reason: `StorageClass "${request.name}" is neither in the linted set nor the configured default`,
    };
  }
  const { defaults } = classes;
  if (defaults.length === 1) return fromSet(defaults[0], 'set-default');
  if (defaults.length > 1) {
    const names = defaults.map((c) => `"${c.info.name}"`).join(', ');
    return {
      status: 'unknown',
      reason: `several StorageClasses in the set are marked default (${names}); the most recently created one is used, which the manifests do not tell`,
    };
  }
  if (configDefault) {
    const named = classes.byName.get(configDefault.name);
    return named ? fromSet(named, 'config-default') : fromConfig(configDefault.name, 'config-default');
  }
  return {
    status: 'unknown',
    reason:
      'the claim names no StorageClass, and neither the set nor the config (cluster.defaultStorageClass) says which class is the default',
  };
}

/** Whether the configured cluster has a single zone (zone conflicts impossible). */
export function isSingleZoneCluster(zones: number | string[] | undefined): boolean {
  if (zones === undefined) return false;
  return typeof zones === 'number' ? zones === 1 : zones.length === 1;
}

/** A claim's access modes as declared. */
export function accessModes(claimSpec: unknown): string[] {
  const modes = isRecord(claimSpec) ? claimSpec.accessModes : undefined;
  return Array.isArray(modes) ? modes.filter((m): m is string => typeof m === 'string') : [];
}

/**
 * A volume bound with only ReadWriteOnce / ReadWriteOncePod modes attaches to one node (one pod
 * for RWOP); any ReadOnlyMany or ReadWriteMany mode lets the attach/detach controller attach it
 * to several nodes.
 */
export function isSingleAttach(modes: readonly string[]): boolean {
  return modes.length > 0 && modes.every((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod');
}

/** PersistentVolume sources the attach/detach controller never attaches: nothing holds them to one node. */
const UNATTACHED_SOURCES = ['nfs', 'cephfs', 'glusterfs', 'hostPath', 'quobyte'];

/**
 * Whether a PersistentVolume goes through the attach/detach controller, which alone raises the
 * Multi-Attach error for ReadWriteOnce: false for NFS-like sources and for CSI drivers whose
 * CSIDriver says `attachRequired: false`; undefined when the CSIDriver is not known.
 */
export function isAttachedVolume(pvSpec: unknown, csiDriverSpecs: ReadonlyMap<string, Raw>): boolean | undefined {
  if (!isRecord(pvSpec)) return undefined;
  if (UNATTACHED_SOURCES.some((source) => isRecord(pvSpec[source]))) return false;
  const csi = pvSpec.csi;
  if (!isRecord(csi) || typeof csi.driver !== 'string') return true;
  const driverSpec = csiDriverSpecs.get(csi.driver);
  if (!driverSpec) return undefined;
  return driverSpec.attachRequired !== false;
}

/** A pod volume backed by a PersistentVolumeClaim. */
export interface ClaimVolume {
  volumeName: string;
  claimName: string;
  /** Index in the pod spec's volumes. */
  index: number;
}

/**
 * The pod volumes of a workload that mount a standalone claim. In a StatefulSet a claim template
 * replaces the pod volume of the same name with the pod's own claim.
 */
export function workloadClaimVolumes(kind: string, objectSpec: unknown, podSpec: Raw): ClaimVolume[] {
  const volumes = podClaimVolumes(podSpec);
  if (kind !== 'StatefulSet') return volumes;
  const templates = new Set(statefulSetClaimTemplates(isRecord(objectSpec) ? objectSpec : {}).map((t) => t.name));
  return volumes.filter((v) => !templates.has(v.volumeName));
}

export function podClaimVolumes(podSpec: Raw): ClaimVolume[] {
  const out: ClaimVolume[] = [];
  volumesOf(podSpec).forEach((v, index) => {
    const pvc = v.persistentVolumeClaim;
    if (isRecord(pvc) && typeof pvc.claimName === 'string' && pvc.claimName !== '') {
      out.push({ volumeName: String(v.name ?? ''), claimName: pvc.claimName, index });
    }
  });
  return out;
}

/** A generic ephemeral volume: a PVC created with the pod (named `<pod>-<volume>`) and deleted with it. */
export interface EphemeralClaim {
  volumeName: string;
  index: number;
  /** The claim template (metadata + spec). */
  template: Raw;
}

export function podEphemeralClaims(podSpec: Raw): EphemeralClaim[] {
  const out: EphemeralClaim[] = [];
  volumesOf(podSpec).forEach((v, index) => {
    const ephemeral = v.ephemeral;
    if (isRecord(ephemeral) && isRecord(ephemeral.volumeClaimTemplate)) {
      out.push({ volumeName: String(v.name ?? ''), index, template: ephemeral.volumeClaimTemplate });
    }
  });
  return out;
}

/** A StatefulSet's volumeClaimTemplates entry: each pod gets the PVC `<template>-<statefulset>-<ordinal>`. */
export interface ClaimTemplate {
  name: string;
  index: number;
  /** The template (metadata + spec). */
  template: Raw;
}

export function statefulSetClaimTemplates(statefulSetSpec: Raw): ClaimTemplate[] {
  const templates = statefulSetSpec.volumeClaimTemplates;
  if (!Array.isArray(templates)) return [];
  const out: ClaimTemplate[] = [];
  templates.forEach((t, index) => {
    if (!isRecord(t)) return;
    const metadata = isRecord(t.metadata) ? t.metadata : {};
    out.push({ name: String(metadata.name ?? ''), index, template: t });
  });
  return out;
}

/** Whether a claim name is one a StatefulSet's claim template creates (`<template>-<statefulset>-<ordinal>`). */
export function isStatefulSetClaimName(claimName: string, templateName: string, statefulSetName: string): boolean {
  const prefix = `${templateName}-${statefulSetName}-`;
  return claimName.startsWith(prefix) && /^[0-9]+$/.test(claimName.slice(prefix.length));
}

export type VolumeSource = 'emptyDir' | 'hostPath' | 'persistentVolumeClaim' | 'ephemeral' | 'config' | 'other';

const CONFIG_SOURCES = ['configMap', 'secret', 'projected', 'downwardAPI', 'serviceAccountToken'];

/** What backs a pod volume, in the terms that decide whether its data outlives the pod. */
export function volumeSource(volume: Raw): VolumeSource {
  // API defaulting turns a volume without a source into an emptyDir.
  if (Object.keys(volume).every((k) => k === 'name')) return 'emptyDir';
  if ('persistentVolumeClaim' in volume) return 'persistentVolumeClaim';
  if ('ephemeral' in volume) return 'ephemeral';
  if ('emptyDir' in volume) return 'emptyDir';
  if ('hostPath' in volume) return 'hostPath';
  if (CONFIG_SOURCES.some((k) => k in volume)) return 'config';
  return 'other';
}

export function volumesOf(podSpec: Raw): Raw[] {
  return Array.isArray(podSpec.volumes) ? podSpec.volumes.map((v) => (isRecord(v) ? v : {})) : [];
}

/** One entry of a container's `volumeMounts`; a field of the wrong type reads as absent. */
export interface VolumeMount {
  name: string | undefined;
  mountPath: string | undefined;
  readOnly: boolean;
}

export function containerVolumeMounts(container: Raw): VolumeMount[] {
  if (!Array.isArray(container.volumeMounts)) return [];
  return container.volumeMounts.filter(isRecord).map((m) => ({
    name: typeof m.name === 'string' ? m.name : undefined,
    mountPath: typeof m.mountPath === 'string' ? m.mountPath : undefined,
    readOnly: m.readOnly === true,
  }));
}

/** A zone-level placement wish of a pod spec: spreading or (anti-)affinity on a zone key. */
export interface ZoneConstraint {
  kind: 'topology spread' | 'node selector' | 'node affinity' | 'pod affinity' | 'pod anti-affinity';
  /** Required (the scheduler refuses other placements) or preferred (scoring only). */
  hard: boolean;
  /** Path from the pod spec. */
  path: Path;
}

export function zoneConstraints(podSpec: Raw): ZoneConstraint[] {
  const out: ZoneConstraint[] = [];
  if (Array.isArray(podSpec.topologySpreadConstraints)) {
    podSpec.topologySpreadConstraints.forEach((c, i) => {
      if (isRecord(c) && typeof c.topologyKey === 'string' && isZoneKey(c.topologyKey)) {
        out.push({
          kind: 'topology spread',
          hard: c.whenUnsatisfiable !== 'ScheduleAnyway',
          path: ['topologySpreadConstraints', i, 'topologyKey'],
        });
      }
    });
  }
  if (isRecord(podSpec.nodeSelector)) {
    for (const key of Object.keys(podSpec.nodeSelector)) {
      if (isZoneKey(key)) out.push({ kind: 'node selector', hard: true, path: ['nodeSelector', key] });
    }
  }
  const affinity = isRecord(podSpec.affinity) ? podSpec.affinity : {};
  const nodeAffinity = isRecord(affinity.nodeAffinity) ? affinity.nodeAffinity : {};
  const required = isRecord(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)
    ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
    : {};
  eachRecord(required.nodeSelectorTerms, (term, i) => {
    if (nodeTermHasZoneKey(term))
      out.push({
        kind: 'node affinity',
        hard: true,
        path: ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', i],
      });
  });
  eachRecord(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution, (item, i) => {
    if (isRecord(item.preference) && nodeTermHasZoneKey(item.preference)) {
      out.push({
        kind: 'node affinity',
        hard: false,
        path: ['affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i],
      });
    }
  });
  for (const [field, kind] of [
    ['podAffinity', 'pod affinity'],
    ['podAntiAffinity', 'pod anti-affinity'],
  ] as const) {
    const section = isRecord(affinity[field]) ? affinity[field] : {};
    eachRecord(section.requiredDuringSchedulingIgnoredDuringExecution, (term, i) => {
      if (typeof term.topologyKey === 'string' && isZoneKey(term.topologyKey)) {
        out.push({ kind, hard: true, path: ['affinity', field, 'requiredDuringSchedulingIgnoredDuringExecution', i, 'topologyKey'] });
      }
    });
    eachRecord(section.preferredDuringSchedulingIgnoredDuringExecution, (item, i) => {
      const term = isRecord(item.podAffinityTerm) ? item.podAffinityTerm : {};
      if (typeof term.topologyKey === 'string' && isZoneKey(term.topologyKey)) {
        out.push({
          kind,
          hard: false,
          path: ['affinity', field, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm', 'topologyKey'],
        });
      }
    });
  }
  return out;
}

function nodeTermHasZoneKey(term: Raw): boolean {
  const expressions = Array.isArray(term.matchExpressions) ? term.matchExpressions.filter(isRecord) : [];
  return expressions.some((e) => typeof e.key === 'string' && isZoneKey(e.key));
}

function eachRecord(list: unknown, fn: (item: Raw, index: number) => void): void {
  if (Array.isArray(list)) list.forEach((item, i) => isRecord(item) && fn(item, i));
}
