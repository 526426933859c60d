import { defineRule } from '../src/engine/rule.js';
import { namespaceKey } from '../src/model/manifest-set.js';
import type { K8sObject } from '../src/model/object.js';
import { referenceScope } from '../src/model/scope.js';
import type { Workload } from '../src/model/workload.js';
import { isStatefulSetClaimName, workloadClaimVolumes, podEphemeralClaims, statefulSetClaimTemplates } from '../src/k8s/storage.js';
import { closest } from '../src/util/edit-distance.js';
import { isRecord, type Raw } from '../src/util/raw.js';

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
    const namespacesByClaim = new Map<string, Set<string>>();
    for (const pvc of ctx.objects('PersistentVolumeClaim')) {
      if (pvc.name === null) continue;
      if (!namespacesByClaim.has(pvc.name)) namespacesByClaim.set(pvc.name, new Set());
      namespacesByClaim.get(pvc.name)?.add(namespaceKey(pvc.namespace));
    }
    if (namespacesByClaim.size === 0) return;

    const scope = referenceScope(ctx.set);
    const generated = generatedClaims(ctx.workloads());
    for (const workload of ctx.workloads()) {
      const ns = namespaceKey(workload.namespace);
      // Judged only against the claims applied with the workload; a claim of that name anywhere in the namespace silences it.
      const claims = new Map<string, K8sObject>();
      for (const pvc of scope.objectsOfKind('PersistentVolumeClaim', workload.object)) if (pvc.name !== null) claims.set(pvc.name, pvc);
      if (claims.size === 0) continue;
      for (const volume of workloadClaimVolumes(workload.kind, workload.object.get(['spec']), workload.podSpec)) {
        if (
          mayBeDeclared(volume.claimName, ns, namespacesByClaim) ||
          generated.get(ns)?.some((isGenerated) => isGenerated(volume.claimName))
        )
          continue;
        const suggestion = closest(volume.claimName, claims.keys());
        ctx.report({
          object: workload.object,
          path: workload.specPath('volumes', volume.index, 'persistentVolumeClaim', 'claimName'),
          message: `Volume "${volume.volumeName}" references PersistentVolumeClaim "${volume.claimName}", which is not in the set${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          declared: `claimName: ${volume.claimName}; the set declares ${describeClaims([...claims.keys()])} in this namespace, none of that name`,
          interpreted: `unless a claim "${volume.claimName}" exists in the namespace, the pods are not scheduled: they stay Pending (persistentvolumeclaim "${volume.claimName}" not found)`,
          fix: suggestion
            ? `set claimName: ${suggestion}, or add PersistentVolumeClaim "${volume.claimName}" to the set`
            : `add PersistentVolumeClaim "${volume.claimName}" to the set, or reference one of the declared claims`,
          related: suggestion
            ? [{ object: claims.get(suggestion) as K8sObject, path: ['metadata', 'name'], message: 'a claim with a similar name' }]
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

/**
 * Whether the set declares a claim of that name the pod may mount: in its namespace, or on either
 * side without a namespace (applied to whatever namespace kubectl or the tool chooses).
 */
function mayBeDeclared(name: string, namespace: string, namespacesByClaim: Map<string, Set<string>>): boolean {
  const namespaces = namespacesByClaim.get(name);
  if (!namespaces) return false;
  return namespace === '' || namespaces.has(namespace) || namespaces.has('');
}

/**
 * Claims Kubernetes creates itself, per namespace: `<template>-<statefulset>-<ordinal>` for
 * StatefulSet claim templates and `<pod>-<volume>` for a Pod's generic ephemeral volumes.
 */
function generatedClaims(workloads: readonly Workload[]): Map<string, Array<(name: string) => boolean>> {
  const out = new Map<string, Array<(name: string) => boolean>>();
  const add = (workload: Workload, test: (name: string) => boolean) => {
    const ns = namespaceKey(workload.namespace);
    const list = out.get(ns);
    if (list) list.push(test);
    else out.set(ns, [test]);
  };
  for (const workload of workloads) {
    const name = workload.name ?? '';
    if (workload.kind === 'StatefulSet') {
      const spec = workload.object.get(['spec']);
      for (const t of statefulSetClaimTemplates(isRecord(spec) ? spec : {}))
        add(workload, (claim) => isStatefulSetClaimName(claim, t.name, name));
    }
    if (workload.kind === 'Pod') {
      for (const e of podEphemeralClaims(workload.podSpec)) add(workload, (claim) => claim === `${name}-${e.volumeName}`);
    }
  }
  return out;
}
