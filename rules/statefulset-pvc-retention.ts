import { defineRule } from '../src/engine/rule.js';
import { statefulSetClaimTemplates } from '../src/k8s/storage.js';
import { isRecord } from '../src/util/raw.js';

const WHEN = {
  whenDeleted: 'deleting the StatefulSet deletes the PersistentVolumeClaims of all its pods',
  whenScaled:
    'scaling down deletes the PersistentVolumeClaims of the removed ordinals (scaling back up creates new claims, so those pods start on new volumes)',
} as const;

export default defineRule({
  id: 'statefulset-pvc-retention',
  severity: 'info',
  category: 'storage',
  summary: 'A StatefulSet deletes its claims on scale-down or deletion',
  docs: {
    catches:
      '`persistentVolumeClaimRetentionPolicy` with `whenDeleted: Delete` or `whenScaled: Delete`: deleting or scaling down deletes the claims (and, with the default `reclaimPolicy: Delete`, the data).',
    declared: 'persistentVolumeClaimRetentionPolicy with whenDeleted: Delete or whenScaled: Delete',
    interpreted:
      'the StatefulSet controller deletes the PersistentVolumeClaims created from volumeClaimTemplates when the StatefulSet is deleted (whenDeleted) or scaled down (whenScaled); with the reclaimPolicy Delete that dynamically provisioned volumes get by default, the data is deleted with them. The default, Retain, keeps the claims',
    fix: 'keep Delete only when the data is disposable; otherwise set Retain (the default) and delete claims deliberately',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (workload.kind !== 'StatefulSet') continue;
      const templates = statefulSetClaimTemplates(workload.object.spec);
      if (templates.length === 0) continue;
      const policy = workload.object.get(['spec', 'persistentVolumeClaimRetentionPolicy']);
      if (!isRecord(policy)) continue;
      const names = templates.map((t) => `"${t.name}"`).join(', ');
      for (const field of ['whenDeleted', 'whenScaled'] as const) {
        if (policy[field] !== 'Delete') continue;
        ctx.report({
          object: workload.object,
          path: ['spec', 'persistentVolumeClaimRetentionPolicy', field],
          message: `StatefulSet "${workload.name}" deletes its claims (${names}) ${field === 'whenDeleted' ? 'when it is deleted' : 'when it is scaled down'}`,
          declared: `persistentVolumeClaimRetentionPolicy.${field}: Delete`,
          interpreted: `${WHEN[field]}; with the reclaimPolicy Delete that dynamically provisioned volumes get by default, the data goes with them`,
        });
      }
    }
  },
});
