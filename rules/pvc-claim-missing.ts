import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';
import { isStatefulSetClaimName, workloadClaimVolumes, podEphemeralClaims, statefulSetClaimTemplates } from '../src/k8s/storage.js';
import { closest } from '../src/util/edit-distance.js';

export default defineRule({
  id: 'pvc-claim-unknown',
  aliases: ['pvc-claim-missing'],
  severity: 'error',
  category: 'storage',
  summary: 'A pod volume references a PersistentVolumeClaim that the set does not declare, while it declares others in that namespace',
  docs: {
    catches:
      'A pod volume references a PVC that is not in the set while other PVCs of that namespace are; suggests the nearest name. ' +
      "Claims created by StatefulSet `volumeClaimTemplates` (`<template>-<statefulset>-<ordinal>`) and by a Pod's generic ephemeral volumes (`<pod>-<volume>`) are not reported.",
    declared:
      'volumes[].persistentVolumeClaim.claimName naming a claim that is not in the set, although the set declares other claims of the namespace',
    interpreted:
      'a pod whose claim does not exist is not scheduled: it stays Pending (persistentvolumeclaim "<name>" not found) until a claim of that name appears in its namespace; since the set declares the namespace claims, the name is likely a typo',
    fix: 'reference one of the declared claims, or add the missing PersistentVolumeClaim to the set',
  },
  check(ctx) {
    const generated = new WeakMap<readonly Workload[], ClaimNameTest[]>();
    for (const workload of ctx.workloads()) {
      const around = ctx.around(workload.object);
      // Judged only against the claims applied with the workload.
      const claims = around.objects('PersistentVolumeClaim');
      if (claims.length === 0) continue;
      const neighbours = around.workloads();
      let tests = generated.get(neighbours);
      if (!tests) generated.set(neighbours, (tests = generatedClaims(neighbours)));
      for (const volume of workloadClaimVolumes(workload.kind, workload.object.spec, workload.podSpec)) {
        if (around.mayReachNamed('PersistentVolumeClaim', volume.claimName) || tests.some((isGenerated) => isGenerated(volume.claimName)))
          continue;
        const names = [...new Set(claims.flatMap((pvc) => (pvc.name === null ? [] : [pvc.name])))];
        const suggestion = closest(volume.claimName, names);
        ctx.report({
          object: workload.object,
          path: workload.specPath('volumes', volume.index, 'persistentVolumeClaim', 'claimName'),
          message: `Volume "${volume.volumeName}" references PersistentVolumeClaim "${volume.claimName}", which is not in the set${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          declared: `claimName: ${volume.claimName}; the set declares ${describeClaims(names)} in this namespace, none of that name`,
          interpreted: `unless a claim "${volume.claimName}" exists in the namespace, the pods are not scheduled: they stay Pending (persistentvolumeclaim "${volume.claimName}" not found)`,
          fix: suggestion
            ? `set claimName: ${suggestion}, or add PersistentVolumeClaim "${volume.claimName}" to the set`
            : `add PersistentVolumeClaim "${volume.claimName}" to the set, or reference one of the declared claims`,
          related: suggestion
            ? [
                {
                  object: around.named('PersistentVolumeClaim', suggestion) as K8sObject,
                  path: ['metadata', 'name'],
                  message: 'a claim with a similar name',
                },
              ]
            : undefined,
        });
      }
    }
  },
});

function describeClaims(names: string[]): string {
  const shown = names
    .sort()
    .slice(0, 5)
    .map((n) => `"${n}"`);
  if (names.length === 1) return `the claim ${shown[0]}`;
  return `the claims ${shown.join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
}

type ClaimNameTest = (name: string) => boolean;

/**
 * Claims Kubernetes creates itself for these workloads (one namespace as applied):
 * `<template>-<statefulset>-<ordinal>` for StatefulSet claim templates and `<pod>-<volume>` for a
 * Pod's generic ephemeral volumes.
 */
function generatedClaims(workloads: readonly Workload[]): ClaimNameTest[] {
  const out: ClaimNameTest[] = [];
  for (const workload of workloads) {
    const name = workload.name ?? '';
    if (workload.kind === 'StatefulSet') {
      for (const t of statefulSetClaimTemplates(workload.object.spec)) out.push((claim) => isStatefulSetClaimName(claim, t.name, name));
    }
    if (workload.kind === 'Pod') {
      for (const e of podEphemeralClaims(workload.podSpec)) out.push((claim) => claim === `${name}-${e.volumeName}`);
    }
  }
  return out;
}
