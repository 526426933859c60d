import { defineRule, type RelatedInput, type RuleContext } from '../src/engine/rule.js';
import { objectKey } from '../src/model/manifest-set.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';
import { describeIntOrPercent } from '../src/k8s/int-or-percent.js';
import { readDeploymentStrategy, resolveFenceposts } from '../src/k8s/rollout.js';
import { accessModes, isAttachedVolume, isSingleAttach, workloadClaimVolumes, type ClaimVolume } from '../src/k8s/storage.js';
import { isRecord, type Raw } from '../src/util/raw.js';

interface Mount {
  workload: Workload;
  volume: ClaimVolume;
}

export default defineRule({
  id: 'rwo-volume-multi-attach',
  severity: 'error',
  category: 'storage',
  summary: 'A ReadWriteOnce claim is mounted by pods that can run on different nodes at the same time',
  docs: {
    catches:
      'A `ReadWriteOnce`/`ReadWriteOncePod` PVC in the set mounted by several replicas (Deployment, ReplicaSet, RC, StatefulSet, Job parallelism), by a DaemonSet, by two different workloads, or by a one-replica Deployment whose RollingUpdate surge resolves to ≥ 1 pod while maxUnavailable resolves to 0, as with the defaults (a new pod on another node waits for the volume while the old pod holds it; use `Recreate` or `maxSurge: 0`). ' +
      '`readOnly: true` does not help: attaching follows the access modes. ' +
      'Claims that also allow `ReadOnlyMany`/`ReadWriteMany` are never reported.',
    declared:
      'a PersistentVolumeClaim with accessModes ReadWriteOnce (or ReadWriteOncePod) mounted by several replicas, a DaemonSet, several workloads, or a one-replica Deployment that rolls out with a surge pod',
    interpreted:
      'the attach/detach controller attaches a ReadWriteOnce volume to one node at a time: a pod scheduled on another node cannot attach it and stays ContainerCreating with a Multi-Attach error (only pods on the same node can share it); storage that is not attached to nodes (NFS, CSI drivers with attachRequired: false) is not held to one node this way; ReadWriteOncePod allows a single pod in the whole cluster',
    fix: 'give each pod its own volume (a StatefulSet with volumeClaimTemplates), use ReadWriteMany storage, or run one pod with strategy Recreate',
    details:
      "Only claims in the set are judged, and only when every access mode is ReadWriteOnce or ReadWriteOncePod (a ReadOnlyMany or ReadWriteMany mode lets the volume attach to several nodes). readOnly: true on the volume or the mount does not help: attaching is decided by the access modes. A one-replica Deployment is reported when its RollingUpdate surge resolves to at least one pod and maxUnavailable resolves to 0 (the default 25% does); with maxUnavailable resolving to 1, maxSurge: 0 or Recreate the old pod stops first. Declarations with the same kind, namespace and name count as one workload. When the set has the PersistentVolume the claim binds (its volumeName, or a PV whose claimRef names it), the PV's access modes are judged, and a volume the attach/detach controller does not attach (NFS, CephFS, GlusterFS, hostPath, or a CSI driver whose CSIDriver in the set says attachRequired: false) is not reported for ReadWriteOnce.",
  },
  check(ctx) {
    const mountsByClaim = new Map<K8sObject, Mount[]>();
    for (const workload of ctx.workloads()) {
      for (const volume of workloadClaimVolumes(workload.kind, workload.object.spec, workload.podSpec)) {
        const pvc = ctx.around(workload.object).named('PersistentVolumeClaim', volume.claimName);
        if (!pvc || pvc.group !== '') continue;
        const mounts = mountsByClaim.get(pvc);
        if (mounts) mounts.push({ workload, volume });
        else mountsByClaim.set(pvc, [{ workload, volume }]);
      }
    }

    for (const [pvc, mounts] of mountsByClaim) {
      const claimModes = accessModes(pvc.spec);
      // ReadWriteOncePod is enforced per claim by the scheduler and kubelet; ReadWriteOnce by the
      // attach/detach controller, from the bound volume's modes, and only for volumes it attaches.
      const perPod = isSingleAttach(claimModes) && claimModes.includes('ReadWriteOncePod');
      const pv = boundVolume(ctx, pvc);
      const modes = perPod || !pv ? claimModes : accessModes(pv.spec);
      if (!isSingleAttach(modes)) continue;
      if (!perPod && pv && isAttachedVolume(pv.spec, csiDrivers(ctx, pv)) === false) continue;
      const mode = perPod ? 'ReadWriteOncePod' : 'ReadWriteOnce';
      // Declarations with the same kind, namespace and name are one workload in the cluster.
      const byIdentity = new Map<string, Workload>();
      for (const m of mounts) byIdentity.set(identity(m.workload), m.workload);

      for (const { workload, volume } of mounts) {
        const others = [...byIdentity.entries()].filter(([key]) => key !== identity(workload)).map(([, w]) => w);
        const own = ownReasons(workload, perPod);
        const reasons = others.length
          ? [...own, `${others.map((w) => w.object.display).join(', ')} also ${others.length === 1 ? 'mounts' : 'mount'} it`]
          : own;
        if (reasons.length === 0) continue;
        const rolloutOnly = surgeOf(workload) !== undefined && others.length === 0;
        const related: RelatedInput[] = [
          { object: pvc, path: ['spec', 'accessModes'], message: `PersistentVolumeClaim "${pvc.name}" is ${mode}` },
          ...(pv && !perPod
            ? [{ object: pv, path: ['spec', 'accessModes'], message: `the bound PersistentVolume "${pv.name}" is ${mode}` }]
            : []),
          ...others.flatMap((w) =>
            mounts
              .filter((m) => m.workload === w)
              .map((m) => ({ object: w.object, path: claimPath(w, m.volume), message: `${w.object.display} mounts the same claim` })),
          ),
        ];
        ctx.report({
          object: workload.object,
          path: claimPath(workload, volume),
          message: `Volume "${volume.volumeName}" mounts ${mode} claim "${volume.claimName}", but ${reasons.join('; ')}`,
          declared: `claim "${volume.claimName}" with accessModes ${claimModes.join(', ')}${pv && !perPod ? ` bound to PersistentVolume "${pv.name}" with accessModes ${modes.join(', ')}` : ''}; ${reasons.join('; ')}`,
          interpreted: interpretation(perPod, rolloutOnly, workload),
          fix: fixFor(perPod, rolloutOnly, others.length > 0 && own.length === 0),
          related,
        });
      }
    }
  },
});

/** The PersistentVolume the set shows the claim bound to: named by the claim, or claiming it. */
function boundVolume(ctx: RuleContext, pvc: K8sObject): K8sObject | undefined {
  const volumeName = pvc.get(['spec', 'volumeName']);
  return ctx
    .around(pvc)
    .shippedWith('PersistentVolume')
    .find((pv) => {
      if (typeof volumeName === 'string' && volumeName !== '') return pv.name === volumeName;
      const ref = pv.get(['spec', 'claimRef']);
      return isRecord(ref) && ref.name === pvc.name && (ref.namespace ?? null) === pvc.namespace;
    });
}

/** The specs of the CSIDriver objects shipped with the volume, by driver name. */
function csiDrivers(ctx: RuleContext, pv: K8sObject): Map<string, Raw> {
  return new Map(
    ctx
      .around(pv)
      .shippedWith('CSIDriver')
      .map((d) => [d.name ?? '', d.spec]),
  );
}

/** Why this workload alone runs several pods on the claim at once. */
function ownReasons(workload: Workload, perPod: boolean): string[] {
  if (workload.kind === 'DaemonSet') return ['a DaemonSet runs one pod on every eligible node'];
  const replicas = workload.replicas ?? 1;
  if (replicas > 1) {
    const what = workload.kind === 'Job' || workload.kind === 'CronJob' ? `parallelism ${replicas}` : `${replicas} replicas`;
    return [`${what} share it${perPod ? '' : ' and may land on different nodes'}`];
  }
  const surge = surgeOf(workload);
  if (surge !== undefined)
    return [
      `the RollingUpdate strategy (maxSurge ${surge.declared}, resolving to ${surge.count}; maxUnavailable resolving to 0) starts the new pod and keeps the old one until the new one is available`,
    ];
  return [];
}

/**
 * The surge of a one-replica Deployment's RollingUpdate, when the old pod must keep running until the
 * new one is available: surge of at least one pod and no pod allowed to be unavailable. With
 * maxUnavailable resolving to 1 the old pod is scaled down right away and frees the volume.
 */
function surgeOf(workload: Workload): { declared: string; count: number } | undefined {
  if (workload.kind !== 'Deployment' || (workload.replicas ?? 1) !== 1) return undefined;
  const strategy = readDeploymentStrategy(workload.object.spec);
  if (strategy.type !== 'RollingUpdate' || !strategy.maxSurge || !strategy.maxUnavailable) return undefined;
  const { surge, unavailable } = resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, 1);
  if (surge < 1 || unavailable > 0) return undefined;
  return {
    declared: describeIntOrPercent(strategy.maxSurge) + (strategy.declaredMaxSurge === undefined ? ' by default' : ''),
    count: surge,
  };
}

function interpretation(perPod: boolean, rollout: boolean, workload: Workload): string {
  if (rollout) {
    const deadline = workload.object.get(['spec', 'progressDeadlineSeconds']);
    const seconds = typeof deadline === 'number' ? deadline : 600;
    const blocked = perPod
      ? 'a ReadWriteOncePod volume admits one pod in the whole cluster, so the new pod cannot start while the old one holds it'
      : 'a ReadWriteOnce volume of storage that is attached to nodes (most block disks) is attached to one node at a time, so if the new pod lands on another node the attach/detach controller cannot attach it there and the pod stays ContainerCreating with a Multi-Attach error';
    return `every rollout creates the new pod before removing the old one; ${blocked}; it never becomes Ready, the old pod is never removed, and the rollout is marked failed after progressDeadlineSeconds (${seconds}s)`;
  }
  return perPod
    ? 'a ReadWriteOncePod volume admits a single pod in the whole cluster: while one pod uses the claim, every other pod using it is unschedulable (it may preempt a lower-priority user) and stays Pending'
    : 'a ReadWriteOnce volume of storage that is attached to nodes (most block disks) is attached to one node at a time: while a pod on one node uses it, the attach/detach controller refuses to attach it for pods on another node, which stay ContainerCreating with a Multi-Attach error; only pods on the same node can share it. Storage that is not attached (NFS, CSI drivers with attachRequired: false) is not held to one node this way';
}

function identity(workload: Workload): string {
  return objectKey(workload.kind, workload.namespace, workload.name);
}

function fixFor(perPod: boolean, rolloutOnly: boolean, sharedByWorkloads: boolean): string {
  if (rolloutOnly)
    return 'set spec.strategy.type: Recreate (the old pod stops before the new one starts), or rollingUpdate maxSurge: 0 with maxUnavailable: 1';
  if (sharedByWorkloads && !perPod) {
    return 'run the pods that share the claim on one node (required podAffinity with topologyKey kubernetes.io/hostname), use ReadWriteMany storage, or give each workload its own claim';
  }
  return 'give each pod its own volume (a StatefulSet with volumeClaimTemplates), use ReadWriteMany storage, or keep a single pod using the claim';
}

function claimPath(workload: Workload, volume: ClaimVolume) {
  return workload.specPath('volumes', volume.index, 'persistentVolumeClaim', 'claimName');
}
