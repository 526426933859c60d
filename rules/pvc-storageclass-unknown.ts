import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { claimClassRequest, claimVolumeName, podEphemeralClaims, statefulSetClaimTemplates } from '../src/k8s/storage.js';
import type { Path } from '../src/types.js';
import { closest } from '../src/util/edit-distance.js';
import type { Raw } from '../src/util/raw.js';

export default defineRule({
  id: 'pvc-storageclass-unknown',
  severity: 'info',
  category: 'storage',
  summary: 'A claim names a StorageClass that the set does not declare, while the set declares StorageClasses',
  docs: {
    catches:
      'A claim names a StorageClass that is not in the set (nor `cluster.defaultStorageClass`) while the set declares StorageClasses; a declared class with a similar name is suggested ("did you mean").',
    declared: 'storageClassName naming a class that is not among the StorageClasses of the linted set (nor the configured default class)',
    interpreted:
      'a claim naming a class that does not exist is accepted and stays Pending (event: storageclass.storage.k8s.io "<name>" not found); since the set declares its StorageClasses, the name is likely a typo',
    fix: 'name one of the declared StorageClasses, or add the missing class to the set',
    details:
      "Reported only when the linted set declares StorageClasses at all (a set that declares none is assumed to rely on the platform's classes). A class that comes with the platform (standard-rwo, gp3, managed-csi, ...) can be named in cluster.defaultStorageClass or the finding suppressed; a declared class with a similar name is suggested.",
  },
  check(ctx) {
    const declared = ctx.objects('StorageClass').flatMap((c) => (c.name === null ? [] : [c]));
    if (declared.length === 0) return;
    const allNames = new Set(declared.map((c) => c.name as string));
    const configured = ctx.cluster.defaultStorageClass?.name;

    const check = (object: K8sObject, claim: Raw, base: Path, label: string) => {
      const request = claimClassRequest(claim);
      if (request.kind !== 'named' || allNames.has(request.name) || request.name === configured) return;
      // Pre-bound to a PersistentVolume: binding matches the PV's class name; no StorageClass object is needed.
      if (claimVolumeName(claim) !== undefined) return;
      // Only the StorageClasses shipped with this claim's app say what the cluster offers it.
      const classes = ctx
        .around(object)
        .shippedWith('StorageClass')
        .filter((c) => c.name !== null);
      if (classes.length === 0) return;
      const known = new Set(classes.map((c) => c.name as string));
      if (configured) known.add(configured);
      const suggestion = closest(request.name, known);
      const suggested = classes.find((c) => c.name === suggestion);
      ctx.report({
        object,
        path: [...base, ...request.path],
        message: `${label} names StorageClass "${request.name}", which is not in the set${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        declared: `storageClassName "${request.name}"; no StorageClass of that name is declared in the set or configured as cluster.defaultStorageClass`,
        interpreted: `if no StorageClass "${request.name}" exists in the cluster, the claim is accepted and stays Pending (storageclass.storage.k8s.io "${request.name}" not found), and so do the pods that mount it`,
        fix: suggestion
          ? `use storageClassName: ${suggestion}, or add StorageClass "${request.name}" to the set`
          : `name one of the declared StorageClasses, or add StorageClass "${request.name}" to the set`,
        related: suggested ? [{ object: suggested, path: ['metadata', 'name'], message: 'a StorageClass with a similar name' }] : undefined,
      });
    };

    for (const pvc of ctx.objects('PersistentVolumeClaim')) check(pvc, pvc.raw, [], `PersistentVolumeClaim "${pvc.name}"`);
    for (const workload of ctx.workloads()) {
      if (workload.kind === 'StatefulSet') {
        for (const t of statefulSetClaimTemplates(workload.object.spec)) {
          check(workload.object, t.template, ['spec', 'volumeClaimTemplates', t.index], `Claim template "${t.name}"`);
        }
      }
      for (const e of podEphemeralClaims(workload.podSpec)) {
        check(
          workload.object,
          e.template,
          workload.specPath('volumes', e.index, 'ephemeral', 'volumeClaimTemplate'),
          `Ephemeral volume "${e.volumeName}"`,
        );
      }
    }
  },
});
