import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { withoutControllerLabels } from '../src/k8s/controller-labels.js';
import { serviceSelector, type Labels } from '../src/k8s/labels.js';
import type { K8sObject } from '../src/model/object.js';
import type { Workload } from '../src/model/workload.js';
import { closest, editDistance } from '../src/util/edit-distance.js';

interface NearMiss {
  workload: Workload;
  /** The selector key that differs. */
  key: string;
  /** What the pods carry instead: a label `key: value` (value or key typo), or nothing (missing key). */
  label?: { key: string; value: string };
  distance: number;
}

export default defineRule({
  id: 'service-selector-no-match',
  severity: 'error',
  category: 'wiring',
  summary: "A Service's selector matches no pod template of its namespace",
  docs: {
    catches: 'A Service selector no pod template of the namespace carries; names the near miss ("did you mean app: web-api?")',
    declared: 'a Service selector that no pod template in the namespace carries',
    interpreted:
      'the EndpointSlice controller finds no pods, so the Service has no endpoints: connections to it are refused or time out. Nothing fails at apply time.',
    fix: 'make the selector equal to labels the pods carry (usually a typo in a value or a missing label on the pod template)',
    details:
      "Judged only when the linted set has workloads in the Service's namespace (for a Service without a namespace of its own, none or a shared one such as default: in its directory tree). Silent when a custom resource of the namespace plausibly owns the pods (an operator's resource named like a selector value, or labelled with the selector), when a file beside it could not be read or it is unrendered kustomization input (kustomize may still add labels), and for labels controllers add to pods (pod-template-hash, statefulset.kubernetes.io/pod-name, job-name, ...). Services without a selector (endpoints managed by hand) and ExternalName Services are skipped. When the pods the selector finds are shipped with the Service but declare another namespace, the finding asks whether that namespace was meant.",
  },
  check(ctx) {
    for (const service of ctx.objects('Service')) {
      const written = serviceSelector(service.spec);
      if (!written || service.get(['spec', 'type']) === 'ExternalName') continue;
      const selector = withoutControllerLabels(written);
      const around = ctx.around(service);
      if (Object.keys(selector).length === 0 || around.workloadsWithLabels(selector).length > 0) continue;
      const wanted = Object.entries(written)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      const elsewhere = service.namespace === null ? [] : around.workloadsInOtherNamespaces(selector).filter((w) => w.namespace !== null);
      if (elsewhere.length > 0) {
        if (around.canJudge()) reportOtherNamespace(ctx, service, wanted, elsewhere[0]);
        continue;
      }
      if (!around.canJudge(selector)) continue;
      const workloads = around.workloads();
      const where = service.namespace ? `namespace ${service.namespace}` : 'the namespace';
      const miss = nearestMiss(selector, workloads);
      const hint = miss && describeMiss(miss, selector);
      ctx.report({
        object: service,
        path: ['spec', 'selector', ...(miss ? [miss.key] : [])],
        message: `Service "${service.name}" selects ${wanted}, which no pod template in ${where} carries${hint ? `; ${hint.question}` : ''}`,
        declared: `selector ${wanted}`,
        interpreted: `no pod of the linted workloads in ${where} matches, so the Service gets no endpoints and connections to it fail${hint ? `; ${hint.detail}` : ''}`,
        fix: hint ? hint.fix : 'set the selector to labels of the pod template that should receive the traffic',
        related: miss
          ? [
              {
                object: miss.workload.object,
                path: [...miss.workload.podMetadataPath, 'labels', ...(miss.label ? [miss.label.key] : [])],
                message: `pod labels of ${miss.workload.object.display}`,
              },
            ]
          : undefined,
      });
    }
  },
});

/** The selected pods exist, in another namespace than the Service's: a Service only selects pods of its own. */
function reportOtherNamespace(ctx: RuleContext, service: K8sObject, wanted: string, workload: Workload): void {
  const there = workload.namespace as string;
  ctx.report({
    object: service,
    path: ['metadata', 'namespace'],
    message: `Service "${service.name}" selects ${wanted}, which no pod template in namespace ${service.namespace} carries; did you mean namespace ${there}?`,
    declared: `selector ${wanted} in namespace ${service.namespace}; the pods of ${workload.object.display} carry these labels in namespace ${there}`,
    interpreted: `a Service selects pods of its own namespace only, so it gets no endpoints and connections to it fail; the pods in namespace ${there} are not reached through it`,
    fix: `put the Service in namespace ${there}, or the workload in namespace ${service.namespace}`,
    related: [
      {
        object: workload.object,
        path: [...workload.podMetadataPath, 'labels'],
        message: `pod labels of ${workload.object.display}, in namespace ${there}`,
      },
    ],
  });
}

/** The workload whose pod labels differ from the selector by one near-miss pair, closest first. */
function nearestMiss(selector: Labels, workloads: readonly Workload[]): NearMiss | undefined {
  let best: NearMiss | undefined;
  for (const workload of workloads) {
    const differing = Object.keys(selector).filter((k) => workload.podLabels[k] !== selector[k]);
    if (differing.length !== 1) continue;
    const miss = missOn(differing[0], selector[differing[0]], workload, Object.keys(selector).length > 1);
    if (miss && (!best || miss.distance < best.distance)) best = miss;
  }
  return best;
}

/** A missing key is a near miss only when the pods share the selector's other labels. */
function missOn(key: string, value: string, workload: Workload, othersMatch: boolean): NearMiss | undefined {
  const labels = workload.podLabels;
  if (key in labels) {
    return closest(value, [labels[key]]) !== undefined
      ? { workload, key, label: { key, value: labels[key] }, distance: editDistance(value, labels[key]) }
      : undefined;
  }
  const keyTypo = closest(
    key,
    Object.keys(labels).filter((k) => labels[k] === value),
  );
  if (keyTypo) return { workload, key, label: { key: keyTypo, value }, distance: editDistance(key, keyTypo) };
  return othersMatch ? { workload, key, distance: Number.MAX_SAFE_INTEGER } : undefined;
}

function describeMiss(miss: NearMiss, selector: Labels): { question: string; detail: string; fix: string } {
  const owner = miss.workload.object.display;
  if (miss.label) {
    const label = `${miss.label.key}: ${miss.label.value}`;
    return {
      question: `did you mean ${label}?`,
      detail: `the pods of ${owner} carry ${label} instead of ${miss.key}: ${selector[miss.key]}`,
      fix: `change the selector to ${label} if the Service is meant for ${owner}`,
    };
  }
  return {
    question: `the pods of ${owner} carry every other selector label but not ${miss.key}`,
    detail: `the pods of ${owner} match every selector label except ${miss.key}: ${selector[miss.key]}, which they lack`,
    fix: `add ${miss.key}: ${selector[miss.key]} to the pod template labels of ${owner}, or drop it from the selector`,
  };
}
