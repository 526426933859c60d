// What pvc-topology-immediate-binding says, apart from when it says it (rules/pvc-topology-immediate-binding.ts).
import type { K8sObject } from '../src/model/object.js';
import { LOCAL_VOLUME_PROVISIONER, type ClassRequest, type ProvisionerTopology, type ZoneConstraint } from '../src/k8s/storage.js';

export const docs = {
  catches: [
    'A claim (StatefulSet `volumeClaimTemplates`, a mounted PVC, or a generic ephemeral volume) whose StorageClass binds `Immediate` (explicitly or because `volumeBindingMode` is absent): the volume is created before the scheduler picks a node, so in a multi-zone cluster the pod can stay Pending with a volume node affinity conflict.',
    'An error when the provisioner of the class makes zonal disks (EBS, GCE PD, Azure Disk, Cinder and similar) and the pod template also asks for zone spreading (`topologySpreadConstraints` on `topology.kubernetes.io/zone` or the legacy `failure-domain.beta.kubernetes.io/zone`) or zone (anti-)affinity.',
    'The class is resolved as the API server does:',
    '`storageClassName`; if omitted, the one class marked `storageclass.kubernetes.io/is-default-class: "true"` in the set, else `cluster.defaultStorageClass`.',
    '`storageClassName: ""` means *no class* (never the default) and is not checked; an unresolvable class (or several defaults in the set) is silent, or an info with `cluster.strict: true`.',
    'Silent for `allowedTopologies` limited to one zone and for `cluster.zones: 1`, except local volumes (`kubernetes.io/no-provisioner`), which bind to a node.',
    'Claims pre-bound to a PV (`volumeName`, `selector`) and classes of network storage every node can mount (Ceph RBD/CephFS, also under the `<namespace>.rbd.csi.ceph.com` names Rook gives them, GlusterFS, NFS, EFS, Azure Files, GKE Filestore, Longhorn, Portworx, ScaleIO, StorageOS, Quobyte) are skipped.',
    'A provisioner kube-intent does not know is taken neither as zonal nor as network storage: the finding says the volume *may* land in the wrong zone, and stays a warning.',
  ].join(' '),
  declared: 'a claim whose StorageClass has volumeBindingMode Immediate (or no volumeBindingMode, which means Immediate)',
  interpreted:
    'the volume is provisioned and bound when the claim is created, before the scheduler picks a node; with zonal storage in a multi-zone cluster it can land in a zone where the pod cannot run, and the pod stays Pending with a volume node affinity conflict; zone spreading is not guaranteed: each pod must follow the zone its volume was created in, which is chosen without regard to the pod',
  fix: 'use a StorageClass with volumeBindingMode: WaitForFirstConsumer (the volume is then created where the scheduler places the pod), or restrict the class allowedTopologies to a single zone',
  details: [
    'The class is resolved like the API server does: storageClassName, else the class marked storageclass.kubernetes.io/is-default-class: "true" in the linted set, else cluster.defaultStorageClass from the config.',
    'A claim with storageClassName "" uses no class and is not checked.',
    'When the class cannot be resolved the rule is silent, or reports an info when cluster.strict is true.',
    'With cluster.zones set to 1 (or one zone name) zonal conflicts cannot happen; local volumes (kubernetes.io/no-provisioner) are still reported because they bind to a node.',
    'Classes of network storage that every node can mount (Ceph RBD/CephFS, GlusterFS, NFS, EFS, Azure Files and similar; CSI drivers also under a prefixed name such as the rook-ceph.rbd.csi.ceph.com of Rook) are not reported.',
    'For a provisioner kube-intent does not know the finding says the volume may land in the wrong zone.',
    'The finding is an error for zonal disks when the pod template also asks for zone spreading (topologySpreadConstraints) or zone (anti-)affinity (nodeSelector, node affinity, pod affinity or anti-affinity on a zone key).',
  ].join(' '),
};

export interface Texts {
  message: string;
  declared: string;
  interpreted: string;
  fix: string;
}

/** The class of a claim could not be resolved (reported only with cluster.strict). */
export function unresolvedText(label: string, request: ClassRequest, reason: string): Texts {
  return {
    message: `Cannot check how ${label} binds its volume: ${reason}`,
    declared: request.kind === 'named' ? `storageClassName "${request.name}"` : 'no storageClassName (the cluster default class applies)',
    interpreted:
      'the volume binding mode of the class decides whether the volume is created before or after the pod is scheduled; kube-intent cannot see the class',
    fix: 'lint the StorageClass together with the workload, or describe the default class in cluster.defaultStorageClass',
  };
}

export interface ImmediateBinding {
  label: string;
  className: string;
  via?: string;
  /** Whether the class writes volumeBindingMode (absent means Immediate). */
  modeWritten: boolean;
  provisioner: string | undefined;
  /** local: a kubernetes.io/no-provisioner class, the volume binds to a node, not a zone; unknown: zonal or not, kube-intent cannot tell. */
  topology: ProvisionerTopology;
  constraints: ZoneConstraint[];
}

/** The claim's class binds Immediately. */
export function immediateText(b: ImmediateBinding): Texts {
  const how =
    b.via === 'set-default' ? ' (the default class in the set)' : b.via === 'config-default' ? ' (the configured default class)' : '';
  const asked = b.constraints.length ? describeConstraints(b.constraints) : undefined;
  const mode = b.modeWritten ? 'Immediate' : 'absent (which means Immediate)';
  return {
    message: `${capitalize(b.label)} uses StorageClass "${b.className}"${how}, which binds volumes Immediately${asked ? `, while the pods ask for ${asked}` : ''}`,
    declared: `StorageClass "${b.className}"${how} with volumeBindingMode ${mode}${b.provisioner ? ` and provisioner ${b.provisioner}` : ''}${asked ? `; the pod template asks for ${asked}` : ''}`,
    interpreted:
      b.topology === 'local'
        ? localInterpretation
        : b.topology === 'unknown'
          ? unknownInterpretation(b.provisioner, b.constraints)
          : zonalInterpretation(b.constraints),
    fix:
      b.topology === 'local'
        ? 'use a StorageClass with volumeBindingMode: WaitForFirstConsumer for local volumes, so the claim binds to a volume on the node the scheduler picks'
        : 'use a StorageClass with volumeBindingMode: WaitForFirstConsumer (the volume is then created in the zone the scheduler picks for the pod), or restrict the class allowedTopologies to a single zone',
  };
}

export function classRelated(className: string): string {
  return `StorageClass "${className}" binds Immediately`;
}

export function claimRelated(pvc: K8sObject, className: string): string {
  return `the claim ${pvc.name} uses StorageClass "${className}"`;
}

function describeConstraints(constraints: ZoneConstraint[]): string {
  return [...new Set(constraints.map(describeConstraint))].join(' and ');
}

function describeConstraint(c: ZoneConstraint): string {
  if (c.kind === 'topology spread') return `zone spreading (${c.hard ? 'DoNotSchedule' : 'ScheduleAnyway'})`;
  if (c.kind === 'node selector') return 'a zone nodeSelector';
  return `${c.hard ? 'required' : 'preferred'} zone ${c.kind}`;
}

/** The VolumeBinding reason, worded by release. */
const AFFINITY_CONFLICT = `"node(s) had volume node affinity conflict" (since 1.33: "node(s) didn't match PersistentVolume's node affinity")`;

const zonalConflict = `the volume is provisioned and bound as soon as the claim is created, before the scheduler picks a node; with zonal storage (most block disks) in a multi-zone cluster it can land in a zone where the pod cannot run, and the pod then stays Pending with ${AFFINITY_CONFLICT}`;

function unknownInterpretation(provisioner: string | undefined, constraints: ZoneConstraint[]): string {
  const whose = provisioner ? `provisioner ${provisioner}` : 'the provisioner of this class';
  const spread = constraints.length
    ? `; ${describeConstraints(constraints)} may then not be met, as each pod must follow the zone of its volume`
    : '';
  return `the volume is provisioned and bound as soon as the claim is created, before the scheduler picks a node; kube-intent does not know whether ${whose} creates zonal volumes: if it does (most block disks are zonal), in a multi-zone cluster the volume may land in a zone where the pod cannot run, and the pod then stays Pending with ${AFFINITY_CONFLICT}; network storage that every node mounts is not affected${spread}`;
}

function zonalInterpretation(constraints: ZoneConstraint[]): string {
  const hard = constraints.filter((c) => c.hard);
  const soft = constraints.filter((c) => !c.hard);
  const parts = [zonalConflict];
  if (hard.length)
    parts.push(
      `${describeConstraints(hard)} restricts the zones the pod may run in, but the volume zone is chosen without regard to it, so the two can conflict and leave the pod Pending`,
    );
  if (soft.length)
    parts.push(
      `${describeConstraints(soft)} ${new Set(soft.map(describeConstraint)).size > 1 ? 'are' : 'is'} not guaranteed: each pod must follow the zone its volume was created in, which is chosen without regard to the pod`,
    );
  return parts.join('; ');
}

const localInterpretation = `local volumes (${LOCAL_VOLUME_PROVISIONER}) are bound to a PersistentVolume on some node as soon as the claim is created, before the scheduler picks a node; the pod is then tied to that node and stays Pending when it cannot run there (for example ${AFFINITY_CONFLICT})`;

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
