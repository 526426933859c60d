import { defineRule, type RelatedInput, type RuleContext } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';
import type { Path } from '../src/types.js';
import { isRecord, type Raw } from '../src/util/raw.js';

import {
  LOCAL_VOLUME_PROVISIONER,
  claimClassRequest,
  indexStorageClasses,
  isTopologyFreeProvisioner,
  isSingleZoneCluster,
  workloadClaimVolumes,
  podEphemeralClaims,
  readStorageClass,
  resolveClaimClass,
  statefulSetClaimTemplates,
  zoneConstraints,
  type ClassRequest,
  type ZoneConstraint,
} from '../src/k8s/storage.js';

/** One claim a workload's pods use, wherever it is declared. */
interface WorkloadClaim {
  label: string;
  request: ClassRequest;
  /** Where the claim's class is (or would be) written, on the workload. */
  path: Path;
  /** A standalone PVC the workload mounts. */
  pvc?: K8sObject;
}

export default defineRule({
  id: 'pvc-topology-immediate-binding',
  severity: 'warning',
  category: 'storage',
  summary: "A workload's claim uses a StorageClass that binds volumes Immediately, before the pod is scheduled",
  docs: {
    catches:
      'A claim (StatefulSet `volumeClaimTemplates`, a mounted PVC, or a generic ephemeral volume) whose StorageClass binds `Immediate` (explicitly or because `volumeBindingMode` is absent): the volume is created before the scheduler picks a node, so in a multi-zone cluster the pod can stay Pending with `volume node affinity conflict`. ' +
      'An error when the pod template also asks for zone spreading (`topologySpreadConstraints` on `topology.kubernetes.io/zone` or the legacy `failure-domain.beta.kubernetes.io/zone`) or zone (anti-)affinity. ' +
      'The class is resolved as the API server does: ' +
      '`storageClassName`; if omitted, the one class marked `storageclass.kubernetes.io/is-default-class: "true"` in the set, else `cluster.defaultStorageClass`. ' +
      '`storageClassName: ""` means *no class* (never the default) and is not checked; an unresolvable class (or several defaults in the set) is silent, or an info with `cluster.strict: true`. ' +
      'Silent for `allowedTopologies` limited to one zone and for `cluster.zones: 1`, except local volumes (`kubernetes.io/no-provisioner`), which bind to a node. ' +
      'Claims pre-bound to a PV (`volumeName`, `selector`) and classes of network storage every node can mount (Ceph RBD/CephFS, GlusterFS, NFS CSI, EFS, Azure Files, GKE Filestore, Portworx, ScaleIO, StorageOS, Quobyte) are skipped.',
    declared: 'a claim whose StorageClass has volumeBindingMode Immediate (or no volumeBindingMode, which means Immediate)',
    interpreted:
      'the volume is provisioned and bound when the claim is created, before the scheduler picks a node; with zonal storage in a multi-zone cluster it can land in a zone where the pod cannot run, and the pod stays Pending with "node(s) had volume node affinity conflict"; zone spreading is not guaranteed: each pod must follow the zone its volume was created in, which is chosen without regard to the pod',
    fix: 'use a StorageClass with volumeBindingMode: WaitForFirstConsumer (the volume is then created where the scheduler places the pod), or restrict the class allowedTopologies to a single zone',
    details:
      'The class is resolved like the API server does: storageClassName, else the class marked storageclass.kubernetes.io/is-default-class: "true" in the linted set, else cluster.defaultStorageClass from the config. A claim with storageClassName "" uses no class and is not checked. When the class cannot be resolved the rule is silent, or reports an info when cluster.strict is true. With cluster.zones set to 1 (or one zone name) zonal conflicts cannot happen; local volumes (kubernetes.io/no-provisioner) are still reported because they bind to a node. Classes of network storage that every node can mount (Ceph RBD/CephFS, GlusterFS, NFS, EFS, Azure Files and similar) are not reported. The finding is an error when the pod template also asks for zone spreading (topologySpreadConstraints) or zone (anti-)affinity (nodeSelector, node affinity, pod affinity or anti-affinity on a zone key).',
  },
  check(ctx) {
    const all = ctx.objects('StorageClass').map((object) => ({ info: readStorageClass(object.raw), object }));
    // A class name declared once in the whole input is unambiguous; namesakes in unrelated folders are not.
    const unambiguous = indexStorageClasses(all.filter((c) => all.filter((o) => o.info.name === c.info.name).length === 1));
    const singleZone = isSingleZoneCluster(ctx.cluster.zones);

    for (const workload of ctx.workloads()) {
      let constraints: ZoneConstraint[] | undefined;
      const near = ctx
        .around(workload.object)
        .shippedWith('StorageClass')
        .map((object) => ({ info: readStorageClass(object.raw), object }));
      const nearIndex = near.length > 0 ? indexStorageClasses(near) : undefined;
      for (const claim of claimsOf(workload, ctx)) {
        // The classes shipped with the workload's app first; else a class the whole input names only once.
        let resolution = resolveClaimClass(claim.request, nearIndex ?? unambiguous, ctx.cluster.defaultStorageClass);
        if (resolution.status === 'unknown' && nearIndex)
          resolution = resolveClaimClass(claim.request, unambiguous, ctx.cluster.defaultStorageClass);
        if (resolution.status === 'no-class') continue;
        if (resolution.status === 'unknown') {
          if (ctx.cluster.strict) {
            ctx.report({
              object: workload.object,
              path: claim.path,
              severity: 'info',
              message: `Cannot check how ${claim.label} binds its volume: ${resolution.reason}`,
              declared:
                claim.request.kind === 'named'
                  ? `storageClassName "${claim.request.name}"`
                  : 'no storageClassName (the cluster default class applies)',
              interpreted:
                'the volume binding mode of the class decides whether the volume is created before or after the pod is scheduled; kube-intent cannot see the class',
              fix: 'lint the StorageClass together with the workload, or describe the default class in cluster.defaultStorageClass',
              related: claim.pvc ? [{ object: claim.pvc, path: classPath(claim.request) }] : undefined,
            });
          }
          continue;
        }
        if (resolution.volumeBindingMode !== 'Immediate') continue;
        const local = resolution.info?.provisioner === LOCAL_VOLUME_PROVISIONER;
        if (
          !local &&
          (singleZone || resolution.info?.allowedZones?.length === 1 || isTopologyFreeProvisioner(resolution.info?.provisioner))
        )
          continue;

        constraints ??= zoneConstraints(workload.podSpec);
        const classObject = resolution.object;
        const modeWritten = classObject ? classObject.raw.volumeBindingMode !== undefined : true;
        const how =
          resolution.via === 'set-default'
            ? ' (the default class in the set)'
            : resolution.via === 'config-default'
              ? ' (the configured default class)'
              : '';
        const related: RelatedInput[] = [];
        if (classObject)
          related.push({
            object: classObject,
            path: ['volumeBindingMode'],
            message: `StorageClass "${resolution.name}" binds Immediately`,
          });
        if (claim.pvc)
          related.push({
            object: claim.pvc,
            path: classPath(claim.request),
            message: `the claim ${claim.pvc.name} uses StorageClass "${resolution.name}"`,
          });

        ctx.report({
          object: workload.object,
          path: claim.path,
          severity: constraints.length > 0 ? 'error' : undefined,
          message: `${capitalize(claim.label)} uses StorageClass "${resolution.name}"${how}, which binds volumes Immediately${constraints.length ? `, while the pods ask for ${describeConstraints(constraints)}` : ''}`,
          declared: `StorageClass "${resolution.name}"${how} with volumeBindingMode ${modeWritten ? 'Immediate' : 'absent (which means Immediate)'}${local ? ` and provisioner ${LOCAL_VOLUME_PROVISIONER}` : ''}${constraints.length ? `; the pod template asks for ${describeConstraints(constraints)}` : ''}`,
          interpreted: local ? localInterpretation() : zonalInterpretation(constraints),
          fix: local
            ? 'use a StorageClass with volumeBindingMode: WaitForFirstConsumer for local volumes, so the claim binds to a volume on the node the scheduler picks'
            : 'use a StorageClass with volumeBindingMode: WaitForFirstConsumer (the volume is then created in the zone the scheduler picks for the pod), or restrict the class allowedTopologies to a single zone',
          related,
        });
      }
    }
  },
});

function claimsOf(workload: Workload, ctx: RuleContext): WorkloadClaim[] {
  const claims: WorkloadClaim[] = [];
  if (workload.kind === 'StatefulSet') {
    const spec = workload.object.get(['spec']);
    for (const t of statefulSetClaimTemplates(isRecord(spec) ? spec : {})) {
      const request = claimClassRequest(t.template);
      claims.push({ label: `claim template "${t.name}"`, request, path: ['spec', 'volumeClaimTemplates', t.index, ...classPath(request)] });
    }
  }
  for (const e of podEphemeralClaims(workload.podSpec)) {
    const request = claimClassRequest(e.template);
    claims.push({
      label: `ephemeral volume "${e.volumeName}"`,
      request,
      path: workload.specPath('volumes', e.index, 'ephemeral', 'volumeClaimTemplate', ...classPath(request)),
    });
  }
  for (const v of workloadClaimVolumes(workload.kind, workload.object.get(['spec']), workload.podSpec)) {
    const pvc = ctx.around(workload.object).named('PersistentVolumeClaim', v.claimName);
    if (!pvc || pvc.group !== '' || isStaticallyBound(pvc.raw)) continue;
    claims.push({
      label: `volume "${v.volumeName}" (claim ${v.claimName})`,
      request: claimClassRequest(pvc.raw),
      path: workload.specPath('volumes', v.index, 'persistentVolumeClaim', 'claimName'),
      pvc,
    });
  }
  return claims;
}

/** A claim naming its PV, or selecting PVs by label, is never dynamically provisioned. */
function isStaticallyBound(pvc: Raw): boolean {
  const spec = isRecord(pvc.spec) ? pvc.spec : {};
  return (typeof spec.volumeName === 'string' && spec.volumeName !== '') || isRecord(spec.selector);
}

function classPath(request: ClassRequest): Path {
  return request.kind === 'omitted' ? ['spec', 'storageClassName'] : request.path;
}

function describeConstraints(constraints: ZoneConstraint[]): string {
  return [...new Set(constraints.map(describeConstraint))].join(' and ');
}

function describeConstraint(c: ZoneConstraint): string {
  if (c.kind === 'topology spread') return `zone spreading (${c.hard ? 'DoNotSchedule' : 'ScheduleAnyway'})`;
  if (c.kind === 'node selector') return 'a zone nodeSelector';
  return `${c.hard ? 'required' : 'preferred'} zone ${c.kind}`;
}

function zonalInterpretation(constraints: ZoneConstraint[]): string {
  const base =
    'the volume is provisioned and bound as soon as the claim is created, before the scheduler picks a node; with zonal storage (most block disks) in a multi-zone cluster it can land in a zone where the pod cannot run, and the pod then stays Pending with "node(s) had volume node affinity conflict"';
  const hard = constraints.filter((c) => c.hard);
  const soft = constraints.filter((c) => !c.hard);
  const parts = [base];
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

function localInterpretation(): string {
  return `local volumes (${LOCAL_VOLUME_PROVISIONER}) are bound to a PersistentVolume on some node as soon as the claim is created, before the scheduler picks a node; the pod is then tied to that node and stays Pending when it cannot run there (for example "node(s) had volume node affinity conflict")`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
