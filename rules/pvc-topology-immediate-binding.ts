import { defineRule, type RelatedInput, type RuleContext } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';
import type { Path } from '../src/types.js';
import { claimRelated, classRelated, docs, immediateText, unresolvedText } from './pvc-topology-immediate-binding.messages.js';

import {
  claimClassRequest,
  indexStorageClasses,
  isSingleZoneCluster,
  isStaticallyBound,
  provisionerTopology,
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
  docs,
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
              ...unresolvedText(claim.label, claim.request, resolution.reason),
              related: claim.pvc ? [{ object: claim.pvc, path: classPath(claim.request) }] : undefined,
            });
          }
          continue;
        }
        if (resolution.volumeBindingMode !== 'Immediate') continue;
        const provisioner = resolution.info?.provisioner;
        const topology = provisionerTopology(provisioner);
        if (topology === 'network') continue;
        const local = topology === 'local';
        if (!local && (singleZone || resolution.info?.allowedZones?.length === 1)) continue;

        constraints ??= zoneConstraints(workload.podSpec);
        const classObject = resolution.object;
        const modeWritten = classObject ? classObject.get(['volumeBindingMode']) !== undefined : true;
        const related: RelatedInput[] = [];
        if (classObject)
          related.push({
            object: classObject,
            path: ['volumeBindingMode'],
            message: classRelated(resolution.name),
          });
        if (claim.pvc)
          related.push({
            object: claim.pvc,
            path: classPath(claim.request),
            message: claimRelated(claim.pvc, resolution.name),
          });

        ctx.report({
          object: workload.object,
          path: claim.path,
          // A provisioner kube-intent does not know may make network volumes: never an error.
          severity: constraints.length > 0 && topology !== 'unknown' ? 'error' : undefined,
          ...immediateText({
            label: claim.label,
            className: resolution.name,
            via: resolution.via,
            modeWritten,
            provisioner,
            topology,
            constraints,
          }),
          related,
        });
      }
    }
  },
});

function claimsOf(workload: Workload, ctx: RuleContext): WorkloadClaim[] {
  const claims: WorkloadClaim[] = [];
  if (workload.kind === 'StatefulSet') {
    for (const t of statefulSetClaimTemplates(workload.object.spec)) {
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
  for (const v of workloadClaimVolumes(workload.kind, workload.object.spec, workload.podSpec)) {
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
function classPath(request: ClassRequest): Path {
  return request.kind === 'omitted' ? ['spec', 'storageClassName'] : request.path;
}
