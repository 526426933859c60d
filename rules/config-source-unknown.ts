import { defineRule } from '../src/engine/rule.js';
import { AUTOMATIC_CONFIGMAPS, requiredConfigRefs, type ConfigRef } from '../src/k8s/config-refs.js';
import { closest } from '../src/util/edit-distance.js';

export default defineRule({
  id: 'config-source-unknown',
  severity: 'warning',
  category: 'wiring',
  summary: 'A pod needs a ConfigMap or Secret that its namespace does not declare, while it declares others',
  docs: {
    catches:
      'A ConfigMap or Secret that a pod volume (also a projected one), `envFrom` or `env.valueFrom` names without `optional: true`, absent from a namespace whose other ConfigMaps (or Secrets) the set declares. ' +
      'Silent when the namespace declares none of that kind (they are then managed elsewhere), for `kube-root-ca.crt`, next to a file that could not be read, for unrendered kustomization input, for names a custom resource of the namespace may have created (its name, a dash-separated prefix of it, or its `spec.secretName`, as a cert-manager Certificate), and for names a workload of the namespace may create when it runs: a Job or CronJob (a Helm hook, a certificate generator) or an init container that names it in its command, args or env values, or a workload whose ServiceAccount is bound here to a Role or ClusterRole that may create Secrets (or ConfigMaps). ' +
      'Judged by directory tree (no namespace, or a shared one), where unrelated examples may share a folder, a missing name is reported only when it is a near miss of one that is there, or another reference of the same kind from the same pod is there. ' +
      'A warning when the name is a near miss of one the namespace declares (a typo); otherwise an info, since Secrets in particular are often made outside the manifests (`kubectl create secret`, a setup script, a controller).',
    declared: 'a pod volume, envFrom or env.valueFrom naming a ConfigMap or Secret that is not in the namespace, without optional: true',
    interpreted:
      'unless it already exists in the cluster (made by hand, by a controller or a Job), the pod cannot start: a volume that names it leaves the pod in ContainerCreating (FailedMount: configmap or secret "<name>" not found), and envFrom or valueFrom leaves the container in CreateContainerConfigError; the kubelet retries until it appears',
    fix: 'name one of the ConfigMaps or Secrets the namespace declares, add the missing one to the manifests, or mark the reference optional: true if the pod can run without it',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      const refs = requiredConfigRefs(workload.podSpec);
      if (refs.length === 0) continue;
      const around = ctx.around(workload.object);
      if (!around.canJudge()) continue;
      for (const kind of ['ConfigMap', 'Secret'] as const) {
        const ofKind = refs.filter((r) => r.kind === kind && !(kind === 'ConfigMap' && AUTOMATIC_CONFIGMAPS.includes(r.name)));
        const declared = around.objects(kind);
        // A namespace that declares none of this kind manages them elsewhere.
        if (ofKind.length === 0 || declared.length === 0) continue;
        const names = declared.map((o) => o.name ?? '');
        const isHere = (r: ConfigRef) => around.allNamed(kind, r.name).length > 0;
        const anyHere = ofKind.some(isHere);
        const seen = new Set<string>();
        for (const ref of ofKind) {
          if (isHere(ref) || seen.has(`${ref.name}\u0000${ref.use}\u0000${ref.container ?? ''}`)) continue;
          if (!around.canJudge(undefined, ref.name) || around.configCreatorFor(kind, ref.name)) continue;
          const suggestion = closest(ref.name, names);
          // Judged by folder, the objects beside the pod may be other apps'.
          if (around.namespaceFromFolder && !suggestion && !anyHere) continue;
          seen.add(`${ref.name}\u0000${ref.use}\u0000${ref.container ?? ''}`);
          const where = workload.namespace ? `namespace ${workload.namespace}` : 'the namespace';
          const by =
            ref.use === 'volume' ? 'a volume' : `container "${ref.container}" (${ref.use === 'envFrom' ? 'envFrom' : 'env valueFrom'})`;
          const lower = kind.toLowerCase();
          ctx.report({
            object: workload.object,
            path: workload.specPath(...ref.path),
            // Without a near miss it may well be made outside the manifests (kubectl create secret, a script, a controller).
            severity: suggestion ? undefined : 'info',
            message: `${workload.object.display} needs ${kind} "${ref.name}" for ${by}, which is not in ${where}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
            declared: `${ref.use === 'volume' ? 'volume' : ref.use} ${kind} "${ref.name}" (not optional); ${where} declares ${kind}s ${names
              .slice(0, 5)
              .map((n) => `"${n}"`)
              .join(', ')}${names.length > 5 ? ', ...' : ''}`,
            interpreted:
              ref.use === 'volume'
                ? `unless ${kind} "${ref.name}" already exists in the cluster, the kubelet cannot mount the volume: the pod stays in ContainerCreating (FailedMount: ${lower} "${ref.name}" not found) until it appears`
                : `unless ${kind} "${ref.name}" already exists in the cluster, the kubelet cannot build the environment of container "${ref.container}": it stays in CreateContainerConfigError (${lower} "${ref.name}" not found) until the ${kind} appears`,
            fix: suggestion
              ? `name ${kind} "${suggestion}"`
              : `add ${kind} "${ref.name}" to the manifests, name one the namespace declares, or mark the reference optional: true if the pod can run without it`,
          });
        }
      }
    }
  },
});
