import { defineRule } from '../src/engine/rule.js';
import type { Workload } from '../src/model/workload.js';
import { statefulSetClaimTemplates, volumeSource, volumesOf, type VolumeSource } from '../src/k8s/storage.js';

/** Mount paths that hold scratch files by convention; losing them loses nothing. */
const SCRATCH_PATHS = ['/tmp', '/var/tmp', '/run', '/var/run', '/dev/shm'];

interface DataVolume {
  index: number;
  name: string;
  source: 'emptyDir' | 'hostPath' | 'ephemeral';
  mountPaths: string[];
}

export default defineRule({
  id: 'statefulset-no-persistent-storage',
  severity: 'warning',
  category: 'storage',
  summary: 'A StatefulSet writes its data to emptyDir or hostPath volumes instead of persistent claims',
  docs: {
    catches:
      'A StatefulSet without `volumeClaimTemplates` or PVC volumes whose app or sidecar containers write to an `emptyDir`, `hostPath` or generic ephemeral volume: the identity is stable, the data is not. ' +
      'A StatefulSet with no volume for data at all (only read-only, configMap/Secret or scratch mounts, or nothing) is reported once, as info, with a conditional consequence (its writable layer is discarded on restart; fine if it keeps no data). ' +
      'Read-only mounts, init-only mounts and scratch paths (`/tmp`, `/var/tmp`, `/run`, `/var/run`, `/dev/shm`) are not data.',
    declared:
      'a StatefulSet without volumeClaimTemplates or PVC volumes whose containers write to emptyDir, hostPath or generic ephemeral volumes, or to no volume at all',
    interpreted:
      "the pod identity is stable, the data is not: an emptyDir (or generic ephemeral volume) is deleted with the pod, so every reschedule, eviction or node loss starts that pod with an empty directory; a hostPath directory stays on the node, so a pod rescheduled elsewhere finds that node's directory instead of its data",
    fix: 'add volumeClaimTemplates so each pod keeps its own PersistentVolumeClaim across rescheduling; if the data is disposable, a Deployment may be simpler',
    details:
      'A StatefulSet that mounts no volume for data (only read-only, configMap/Secret or scratch mounts, or nothing) is reported once as info, with the consequence stated conditionally: nothing shows that it keeps data, and controllers sometimes use a StatefulSet only for its stable identity. Read-only mounts, mounts used only by init containers, and scratch paths (/tmp, /var/tmp, /run, /var/run, /dev/shm) are not data.',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (workload.kind !== 'StatefulSet') continue;
      if (statefulSetClaimTemplates(workload.object.spec).length > 0) continue;
      const sources = volumesOf(workload.podSpec).map(volumeSource);
      if (sources.some((s) => s === 'persistentVolumeClaim' || s === 'other')) continue;

      const volumes = dataVolumes(workload, sources);
      if (volumes.length === 0) {
        ctx.report({
          object: workload.object,
          path: ['spec', 'volumeClaimTemplates'],
          severity: 'info',
          message: `StatefulSet "${workload.name}" declares no persistent storage: no volumeClaimTemplates, no PersistentVolumeClaim and no volume for data`,
          declared:
            'no volumeClaimTemplates, no persistentVolumeClaim volume, and no volume for data (only read-only, configMap/Secret or scratch mounts, if any)',
          interpreted:
            "a StatefulSet keeps its pods' names and order, not their data: anything the containers write outside their mounts lands in their writable layer, which is discarded whenever a container restarts or the pod is rescheduled. If these pods keep no data (a StatefulSet chosen for its stable identity alone), nothing is lost",
          fix: 'add volumeClaimTemplates for the data the pods must keep; if they keep none, say so with a kube-intent-ignore comment (or use a Deployment)',
        });
      }
      for (const volume of volumes) {
        const where = volume.mountPaths.join(', ');
        const hostPath = volume.source === 'hostPath';
        ctx.report({
          object: workload.object,
          path: workload.specPath('volumes', volume.index, volume.source),
          message: `StatefulSet "${workload.name}" keeps ${where} on ${hostPath ? 'a hostPath' : volume.source === 'ephemeral' ? 'a generic ephemeral' : 'an emptyDir'} volume "${volume.name}" and has no persistent claim`,
          declared: `volume "${volume.name}" (${volume.source}) mounted read-write at ${where}; no volumeClaimTemplates and no persistentVolumeClaim volume`,
          interpreted: hostPath
            ? `the pod identity is stable, the data is not: the hostPath directory stays on the node, so a pod rescheduled to another node (eviction, drain, node loss) finds that node's directory at ${where}, not its own data`
            : `the pod identity is stable, the data is not: the volume is deleted with the pod, so every reschedule, eviction or node loss starts the pod with an empty ${where}`,
          fix: `replace volume "${volume.name}" with a volumeClaimTemplates entry named "${volume.name}", so each pod keeps its own PersistentVolumeClaim across rescheduling; if the data is disposable, say so with a kube-intent-ignore comment`,
        });
      }
    }
  },
});

/** Volumes that a long-running container writes to, outside scratch paths. */
function dataVolumes(workload: Workload, sources: VolumeSource[]): DataVolume[] {
  const volumes = volumesOf(workload.podSpec);
  const out: DataVolume[] = [];
  volumes.forEach((volume, index) => {
    const source = sources[index];
    if (source !== 'emptyDir' && source !== 'hostPath' && source !== 'ephemeral') return;
    const name = String(volume.name ?? '');
    const mountPaths = new Set<string>();
    for (const container of workload.longRunningContainers) {
      for (const m of container.facts.volumeMounts()) {
        if (m.name !== name || m.readOnly || m.mountPath === undefined || isScratch(m.mountPath)) continue;
        mountPaths.add(m.mountPath);
      }
    }
    if (mountPaths.size) out.push({ index, name, source, mountPaths: [...mountPaths].sort() });
  });
  return out;
}

function isScratch(mountPath: string): boolean {
  const p = mountPath.replace(/\/+$/, '');
  return SCRATCH_PATHS.some((s) => p === s || p.startsWith(`${s}/`));
}
