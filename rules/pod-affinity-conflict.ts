import { defineRule } from '../src/engine/rule.js';
import { readReplicaBounds } from '../src/k8s/hpa-bounds.js';
import { selfExcludingTerms } from '../src/k8s/pod-affinity.js';
import { describeSelector } from '../src/k8s/labels.js';
import { readDeploymentStrategy, resolveFenceposts } from '../src/k8s/rollout.js';
import type { Raw } from '../src/util/raw.js';

/** Workloads that run several replicas of one pod template. */
const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

export default defineRule({
  id: 'pod-affinity-conflict',
  severity: 'error',
  category: 'scheduling',
  summary: "Required pod affinity and anti-affinity on the workload's own pods: every replica beyond the first stays Pending",
  docs: {
    catches:
      'A Deployment, StatefulSet, ReplicaSet or ReplicationController that runs (or may scale to) two or more pods, or a one-replica Deployment whose rollout starts the new pod before the old one goes (RollingUpdate with maxUnavailable resolving to 0, the default), whose pod template requires affinity to its own pods and anti-affinity to its own pods on the same topology key, where every pod the affinity term selects is one the anti-affinity term selects. ' +
      'Judged from the object alone; silent for terms that look at other namespaces or use matchLabelKeys / mismatchLabelKeys, and for affinity and anti-affinity on different keys (same zone, other node is satisfiable).',
    declared:
      'requiredDuringScheduling podAffinity and podAntiAffinity terms that select the pods of the workload itself, on the same topologyKey',
    interpreted:
      'the affinity term needs a pod it selects in the new pod\'s topology domain, the anti-affinity term forbids one there: the first pod schedules only because the scheduler lets a pod that matches its own affinity terms start when no such pod exists yet; every later replica is Pending for good ("didn\'t match pod affinity rules" or "didn\'t match pod anti-affinity rules")',
    fix: 'keep one of the two: anti-affinity on kubernetes.io/hostname to spread replicas over nodes, or affinity to co-locate them; for "same zone, different nodes" use affinity on topology.kubernetes.io/zone and anti-affinity on kubernetes.io/hostname',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (!REPLICATED.includes(workload.kind)) continue;
      const conflicts = selfExcludingTerms(workload.podSpec, workload.podLabels);
      if (conflicts.length === 0) continue;
      const autoscaler = ctx.around(workload.object).autoscaler();
      const most = autoscaler ? readReplicaBounds(autoscaler.spec).maxReplicas : undefined;
      const replicas = workload.replicas ?? 1;
      const scaled = replicas >= 2 || (most ?? 0) >= 2;
      // One pod alone schedules; a Deployment's rollout that starts the new pod while the old one runs does not.
      if (!scaled && !(workload.kind === 'Deployment' && surgesBeforeRemoving(workload.object.spec, replicas))) continue;
      const scale = replicas >= 2 ? `${replicas} replicas` : `up to ${most} replicas (HorizontalPodAutoscaler "${autoscaler?.name}")`;
      for (const { affinity, antiAffinity } of conflicts) {
        ctx.report({
          object: workload.object,
          path: workload.specPath(...antiAffinity.path),
          message: scaled
            ? `${workload.object.display} requires its pods both near (podAffinity) and away from (podAntiAffinity) its own pods on ${affinity.topologyKey}: of ${scale}, only the first can be scheduled`
            : `${workload.object.display} requires its pods both near (podAffinity) and away from (podAntiAffinity) its own pods on ${affinity.topologyKey}: its one pod schedules, but a rollout's new pod, started while the old one runs, cannot`,
          ...(scaled ? {} : { interpreted: ROLLOUT_STALLS }),
          declared: `required podAffinity and podAntiAffinity on topologyKey ${affinity.topologyKey}, selecting ${describeSelector(affinity.selector!)} and ${describeSelector(antiAffinity.selector!)}, which the pods carry`,
          related: [
            { object: workload.object, path: workload.specPath(...affinity.path), message: 'the podAffinity term' },
            ...(autoscaler ? [{ object: autoscaler, path: ['spec', 'maxReplicas'], message: 'scales the workload' }] : []),
          ],
        });
      }
    }
  },
});

const ROLLOUT_STALLS =
  'the first pod schedules only because the scheduler lets a pod that matches its own affinity terms start when no such pod exists yet; on every rollout the Deployment starts the new pod while the old one still runs (maxUnavailable resolves to 0 for one replica), so the new pod needs the old one in its topology domain (podAffinity) and must stay out of it (podAntiAffinity): it is Pending for good, the old pod keeps running, and the rollout never completes (ProgressDeadlineExceeded after progressDeadlineSeconds)';

/** Whether a Deployment's rollout adds a new pod before it removes an old one: RollingUpdate with no pod allowed unavailable. */
function surgesBeforeRemoving(deploymentSpec: Raw, replicas: number): boolean {
  const strategy = readDeploymentStrategy(deploymentSpec);
  if (strategy.type !== 'RollingUpdate' || !strategy.maxSurge || !strategy.maxUnavailable) return false;
  const { surge, unavailable } = resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas);
  return surge > 0 && unavailable === 0;
}
