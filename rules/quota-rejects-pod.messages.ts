// What quota-rejects-pod says, apart from when it says it (rules/quota-rejects-pod.ts).
import type { RequiredField, PodResourceCap } from '../src/k8s/quota.js';
import type { K8sObject } from '../src/model/object.js';
import type { Container, Workload } from '../src/model/workload.js';

function rejectionOutcome(workload: Workload): string {
  if (workload.kind === 'Pod') return 'the Pod is refused at creation';
  return `the ${workload.kind} itself is accepted, but every pod it creates is refused: the controller records FailedCreate events and no pod of it ever runs`;
}

/** One pod alone exceeds hard caps of the quota: `amount` is the pod's total, formatted. */
export function podOverQuotaText(workload: Workload, quota: K8sObject, over: Array<{ cap: PodResourceCap; amount: string }>) {
  const totals = over.map(({ cap, amount }) => `${cap.kind} ${cap.resource} ${amount} (${cap.key}: ${cap.hard.text})`).join(', ');
  return {
    message: `One pod of ${workload.object.display} alone exceeds ResourceQuota "${quota.name}": ${totals}; every pod is refused`,
    declared: `per pod ${totals}, counting app containers and sidecars together, or the largest init step, plus pod overhead; ${quota.display} caps the whole namespace at that`,
    interpreted: `quota admission refuses a pod whose usage would push the namespace total over hard (403 Forbidden: "exceeded quota: ${quota.name}"); a single pod is over even in an empty namespace, so ${rejectionOutcome(workload)}`,
    fix: `lower the pod's ${over.map(({ cap }) => `${cap.resource} ${cap.kind}`).join(' and ')} to fit within the quota, or raise ${over.map(({ cap }) => cap.key).join(' and ')} in the quota`,
    related: over.map(({ cap }) => ({ object: quota, path: cap.path, message: `${cap.key}: ${cap.hard.text}` })),
  };
}

/** A container lacks fields the quota tracks, and the pod states none of them at pod level. */
export function missingFieldsText(workload: Workload, container: Container, quota: K8sObject, missing: RequiredField[]) {
  const keys = missing.map((f) => `${f.kind}.${f.resource}`);
  return {
    message: `Container "${container.name}" sets no ${keys.join(', ')}, which ResourceQuota "${quota.name}" requires: ${workload.kind === 'Pod' ? 'the Pod is refused' : 'every pod is refused'}`,
    declared: `no ${keys.map((k) => `resources.${k}`).join(', ')} on container "${container.name}", no LimitRange default for it, and ${quota.display} tracks ${missing.map((f) => f.key).join(', ')}`,
    interpreted: `quota admission refuses any pod in which a container lacks a tracked cpu/memory field and the pod sets no pod-level value for it (403 Forbidden; the message starts "failed quota: ${quota.name}:" and names the missing ${[...keys].sort().join(', ')}); ${rejectionOutcome(workload)}`,
    fix: `set ${keys.map((k) => `resources.${k}`).join(' and ')} on container "${container.name}", or add a LimitRange with defaults to the namespace`,
    related: missing.map((f) => ({ object: quota, path: f.path, message: `tracks ${f.key}` })),
  };
}
