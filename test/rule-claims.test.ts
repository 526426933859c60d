import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintPaths } from '../src/engine/run.js';
import type { Finding } from '../src/types.js';
import { tempTree } from './helpers.js';

/**
 * Claims the Kubernetes source contradicts or does not support (issue 13), each pinned to the
 * corrected wording: every test fails on the former text and passes on the corrected one.
 */
function findings(ruleId: string, yaml: string): Finding[] {
  const dir = tempTree({ 'manifest.yaml': yaml });
  const rules = builtinRules.filter((r) => r.id === ruleId);
  return lintPaths({ paths: [dir], config: {}, rules, maxFileSize: 1 << 24 }).findings;
}

function only(ruleId: string, yaml: string): Finding {
  const list = findings(ruleId, yaml);
  expect(list, list.map((f) => f.message).join('\n')).toHaveLength(1);
  return list[0];
}

function docsOf(ruleId: string) {
  const rule = builtinRules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return rule.docs;
}

function pod(spec: string, name = 'app'): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: shop }
spec:
${spec}`;
}

describe('memory-request-missing: OOM scores as the kubelet sets them (item 7)', () => {
  it('gives a system-node-critical BestEffort pod -997, not 1000', () => {
    const f = only(
      'memory-request-missing',
      pod(`  priorityClassName: system-node-critical
  containers:
    - name: agent
      image: example/agent:1.0.0
`),
    );
    expect(f.interpreted).toContain('oom_score_adj -997');
    expect(f.interpreted).not.toContain('oom_score_adj 1000');
  });
  it('keeps 1000 for an ordinary BestEffort pod', () => {
    const f = only(
      'memory-request-missing',
      pod(`  containers:
    - name: app
      image: example/app:1.0.0
`),
    );
    expect(f.interpreted).toContain('oom_score_adj 1000');
  });
  it('no longer says the OOM killer prefers every such container: sidecars are capped, node-critical pods get -997', () => {
    const { interpreted } = docsOf('memory-request-missing');
    expect(interpreted).not.toContain('the OOM killer also prefers the container');
    expect(interpreted).toMatch(/sidecar, whose score is capped at its app containers'/);
    expect(interpreted).toContain('system-node-critical');
  });
});

describe('quantity-invalid: the grammar and the suggested fix (items 1, 2)', () => {
  const container = (resources: string) =>
    pod(`  containers:
    - name: app
      image: example/app:1.0.0
      resources: ${resources}
`);
  it('lists n and u among the valid suffixes', () => {
    expect(docsOf('quantity-invalid').interpreted).toMatch(/\(n, u, m, k, M, G, T, P, E, Ki/);
    const f = only('quantity-invalid', container('{ requests: { memory: "1x" } }'));
    expect(f.interpreted).toContain('valid: n, u, m, k,');
  });
  for (const [written, meant] of [
    ['1g', '1'],
    ['2GB', '2'],
    ['500MB', '500m'],
  ] as const) {
    it(`suggests cores or millicores for cpu: ${written}, never a byte unit (${meant})`, () => {
      const f = only('quantity-invalid', container(`{ requests: { cpu: "${written}" } }`));
      expect(f.message).toContain(`did you mean ${meant}?`);
      expect(f.fix).toBe(`write ${meant}`);
      expect(`${f.message} ${f.fix}`).not.toMatch(/[0-9](Gi|G|Mi|M)\b/);
      expect(f.interpreted).toContain('CPU takes no byte unit');
    });
  }
  it('still suggests both byte units for memory', () => {
    expect(only('quantity-invalid', container('{ requests: { memory: "1g" } }')).message).toContain('did you mean 1Gi or 1G?');
  });
  it('applies to quota keys on CPU too', () => {
    const f = only(
      'quantity-invalid',
      `apiVersion: v1
kind: ResourceQuota
metadata: { name: q, namespace: shop }
spec:
  hard: { requests.cpu: "4g" }
`,
    );
    expect(f.message).toContain('did you mean 4?');
  });
  it('the docs fix no longer offers a byte unit as the generic answer for CPU', () => {
    expect(docsOf('quantity-invalid').fix).toContain('CPU in cores (`2`) or millicores (`500m`), never with a byte unit');
  });
});

describe('hpa-metric-without-request: sidecars, pod-level requests, the other metrics (items 3, 9, gap)', () => {
  const deployment = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${podSpec}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`;
  it('reports a sidecar without a CPU request: the HPA sums sidecars and fails on a missing request', () => {
    const f = only(
      'hpa-metric-without-request',
      deployment(`      initContainers:
        - { name: proxy, image: example/proxy:1.0.0, restartPolicy: Always }
      containers:
        - { name: web, image: example/web:1.0.0, resources: { requests: { cpu: 100m } } }
`),
    );
    expect(f.message).toContain('container "proxy" requests no cpu');
    expect(docsOf('hpa-metric-without-request').details).not.toContain('not verified');
  });
  it('does not count a classic init container', () => {
    expect(
      findings(
        'hpa-metric-without-request',
        deployment(`      initContainers:
        - { name: migrate, image: example/migrate:1.0.0 }
      containers:
        - { name: web, image: example/web:1.0.0, resources: { requests: { cpu: 100m } } }
`),
      ),
    ).toEqual([]);
  });
  it('accepts a pod-level CPU request for a Resource metric', () => {
    expect(
      findings(
        'hpa-metric-without-request',
        deployment(`      resources: { requests: { cpu: "1" } }
      containers:
        - { name: web, image: example/web:1.0.0 }
`),
      ),
    ).toEqual([]);
  });
  it('says the HPA also stops scaling down on its valid metrics', () => {
    const yaml = deployment(`      containers:
        - { name: web, image: example/web:1.0.0, resources: { requests: { memory: 1Gi } } }
`).concat(`    - type: Resource
      resource: { name: memory, target: { type: Utilization, averageUtilization: 70 } }
`);
    const f = only('hpa-metric-without-request', yaml);
    expect(f.interpreted).toContain('the HPA does not scale down on its other metrics either (it can still scale up)');
    expect(docsOf('hpa-metric-without-request').interpreted).toContain('does not scale down on its other metrics');
  });
  it('does not claim other metrics when there are none', () => {
    const f = only(
      'hpa-metric-without-request',
      deployment(`      containers:
        - { name: web, image: example/web:1.0.0 }
`),
    );
    expect(f.interpreted).not.toContain('other metrics');
  });
});

describe('probe-port-unknown: quotes the error users see in the probe event (item 4)', () => {
  it('quotes strconv.Atoi, not "port not found"', () => {
    const f = only(
      'probe-port-unknown',
      pod(`  containers:
    - name: app
      image: example/app:1.0.0
      ports: [{ name: http, containerPort: 8080 }]
      readinessProbe: { httpGet: { port: web } }
`),
    );
    expect(f.interpreted).toContain(`the event reads 'Readiness probe errored: strconv.Atoi: parsing "web": invalid syntax'`);
    expect(docsOf('probe-port-unknown').interpreted).not.toContain('port not found');
    expect(docsOf('probe-port-unknown').interpreted).toContain('strconv.Atoi: parsing "web": invalid syntax');
  });
});

describe('pdb-overlap and pdb-blocks-eviction: what drains and evictions really do (items 5, 11, 12)', () => {
  const workload = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: example/web:1.0.0 }]
`;
  const budget = (name: string, rule: string) => `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ${name}, namespace: shop }
spec:
  ${rule}
  selector: { matchLabels: { app: web } }
`;
  it('pdb-overlap: kubectl drain stops with an error on a 500, it does not hang; only running pods are protected', () => {
    const f = only('pdb-overlap', workload + budget('a', 'maxUnavailable: 1') + budget('b', 'minAvailable: 1'));
    expect(f.message).toContain('its running pods cannot be evicted');
    expect(f.interpreted).not.toMatch(/\bhang/);
    expect(f.interpreted).toContain('kubectl drain retries only 429 responses, so it stops with an error on these pods');
    expect(f.interpreted).toContain('Pending, finished and terminating pods are evicted without a PDB check');
    expect(docsOf('pdb-overlap').catches).toContain('their running pods');
  });
  it('pdb-blocks-eviction: a surge pod allows one eviction, and managed upgrades may force the drain', () => {
    const f = only('pdb-blocks-eviction', workload + budget('all', 'maxUnavailable: 0'));
    expect(f.message).not.toContain('ever allowed');
    expect(f.message).toContain('unless an extra pod is Ready, as briefly during a rollout surge');
    expect(f.interpreted).toContain('only an extra Ready pod, such as a surge pod during a rollout, allows one eviction');
    expect(f.interpreted).toContain('node upgrades stall unless the provider forces the drain after a timeout');
    expect(f.interpreted).not.toContain('retries forever,');
    const docs = docsOf('pdb-blocks-eviction');
    expect(docs.interpreted).not.toContain('always 0');
    expect(docs.catches).not.toMatch(/\bhang/);
  });
  it('pdb-blocks-eviction on the PDB alone says the same', () => {
    const f = only('pdb-blocks-eviction', budget('all', 'minAvailable: "100%"').slice(4));
    expect(f.message).not.toContain('ever allowed');
    expect(f.interpreted).toContain('such as a surge pod during a rollout');
  });
});

describe('request-exceeds-limit and limitrange-violation: validation messages in full, the error users see (items 8, 14)', () => {
  it('request-exceeds-limit quotes "must be less than or equal to cpu limit of <limit>" with canonical values', () => {
    const f = only(
      'request-exceeds-limit',
      pod(`  containers:
    - name: app
      image: example/app:1.0.0
      resources: { requests: { cpu: "1.5", memory: 1Gi }, limits: { cpu: 1000m, memory: 1Gi } }
`),
    );
    expect(f.interpreted).toContain(
      'spec.containers[0].resources.requests: Invalid value: \\"1500m\\": must be less than or equal to cpu limit of 1"',
    );
  });
  it('request-exceeds-limit quotes "must be equal to <res> limit of <limit>" for extended resources', () => {
    const f = only(
      'request-exceeds-limit',
      pod(`  containers:
    - name: app
      image: example/app:1.0.0
      resources: { requests: { example.com/gpu: 2 }, limits: { example.com/gpu: 1 } }
`),
    );
    expect(f.interpreted).toContain('must be equal to example.com/gpu limit of 1"');
  });
  const limitRange = `apiVersion: v1
kind: LimitRange
metadata: { name: bounds, namespace: shop }
spec:
  limits:
    - type: Container
      max: { cpu: "1" }
      default: { cpu: 500m }
---
`;
  it('limitrange-violation reports only the 422 when a default limit below the request meets a max the request exceeds', () => {
    const f = only(
      'limitrange-violation',
      limitRange +
        pod(`  containers:
    - name: app
      image: example/app:1.0.0
      resources: { requests: { cpu: "2" } }
`),
    );
    expect(f.message).toContain('fills in the lower default limit 500m');
    expect(f.interpreted).toContain('"must be less than or equal to cpu limit of 500m"');
    expect(f.interpreted).not.toContain('403');
  });
  it('limitrange-violation still reports the 403 when the limit is written', () => {
    const list = findings(
      'limitrange-violation',
      limitRange +
        pod(`  containers:
    - name: app
      image: example/app:1.0.0
      resources: { requests: { cpu: "2" }, limits: { cpu: "2" } }
`),
    );
    expect(list.length).toBeGreaterThan(0);
    for (const f of list) expect(f.interpreted).toContain('LimitRanger refuses the pod (403');
  });
});

describe('quota-rejects-pod: pod-level resources satisfy the quota (item 9)', () => {
  const quota = `apiVersion: v1
kind: ResourceQuota
metadata: { name: compute, namespace: shop }
spec:
  hard: { requests.cpu: "4", requests.memory: 8Gi }
---
`;
  it('does not report a pod whose pod-level spec.resources states the tracked requests', () => {
    expect(
      findings(
        'quota-rejects-pod',
        quota +
          pod(`  resources: { requests: { cpu: "1", memory: 1Gi } }
  containers:
    - { name: app, image: example/app:1.0.0 }
`),
      ),
    ).toEqual([]);
  });
  it('still reports the resource the pod level leaves out', () => {
    const f = only(
      'quota-rejects-pod',
      quota +
        pod(`  resources: { requests: { cpu: "1" } }
  containers:
    - { name: app, image: example/app:1.0.0 }
`),
    );
    expect(f.message).toContain('sets no requests.memory');
  });
  it('judges a pod-level request against the hard cap', () => {
    const f = only(
      'quota-rejects-pod',
      quota +
        pod(`  resources: { requests: { cpu: "6", memory: 1Gi } }
  containers:
    - { name: app, image: example/app:1.0.0 }
`),
    );
    expect(f.message).toContain('alone exceeds ResourceQuota "compute": requests cpu 6');
  });
  it('says pod-level values count where PodLevelResources is on', () => {
    expect(docsOf('quota-rejects-pod').interpreted).toContain('a pod-level value in spec.resources does instead');
  });
});

describe('rwo-volume-multi-attach: the attach/detach controller enforces ReadWriteOnce, for attached volumes only (item 10)', () => {
  const claim = (extra = '') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: media, namespace: shop }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
${extra}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: example/web:1.0.0 }]
      volumes: [{ name: media, persistentVolumeClaim: { claimName: media } }]
`;
  const pv = (source: string, modes = 'ReadWriteOnce') => `---
apiVersion: v1
kind: PersistentVolume
metadata: { name: media-pv }
spec:
  accessModes: [${modes}]
  capacity: { storage: 1Gi }
  ${source}
`;
  it('names the attach/detach controller and the storage it does not hold to one node', () => {
    const f = only('rwo-volume-multi-attach', claim());
    expect(f.interpreted).toContain('the attach/detach controller refuses to attach it for pods on another node');
    expect(f.interpreted).toContain('Storage that is not attached (NFS, CSI drivers with attachRequired: false) is not held to one node');
    expect(docsOf('rwo-volume-multi-attach').interpreted).toContain('attachRequired: false');
  });
  it('is silent for a claim bound to an NFS volume of the set', () => {
    expect(
      findings('rwo-volume-multi-attach', claim('  volumeName: media-pv\n') + pv('nfs: { server: nfs.example, path: /media }')),
    ).toEqual([]);
  });
  it('is silent for a CSI driver that needs no attach', () => {
    const driver = `---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: { name: files.example.com }
spec: { attachRequired: false }
`;
    const yaml = claim('  volumeName: media-pv\n') + pv('csi: { driver: files.example.com, volumeHandle: media }') + driver;
    expect(findings('rwo-volume-multi-attach', yaml)).toEqual([]);
  });
  it("judges the bound volume's access modes", () => {
    expect(
      findings(
        'rwo-volume-multi-attach',
        claim('  volumeName: media-pv\n') + pv('awsElasticBlockStore: { volumeID: vol-1 }', 'ReadWriteMany'),
      ),
    ).toEqual([]);
    const f = only('rwo-volume-multi-attach', claim('  volumeName: media-pv\n') + pv('awsElasticBlockStore: { volumeID: vol-1 }'));
    expect(f.declared).toContain('bound to PersistentVolume "media-pv" with accessModes ReadWriteOnce');
  });
});

describe('yaml-syntax: what kubectl apply does with a broken file (item 13)', () => {
  it('says the documents before the broken one are applied and the rest are not', () => {
    const f = only('yaml-syntax', pod(`  containers:\n    - name: app\n      image: example/app:1.0.0\n`) + '---\nkind: [unclosed\n');
    expect(f.interpreted).not.toContain('refuse the whole file');
    expect(f.interpreted).toContain('the documents decoded before the broken one, which are applied');
    expect(f.interpreted).toContain('this document and every one after it are not applied');
  });
});

describe('rolling-update-invalid: what DaemonSet validation also rejects (gap)', () => {
  const daemonSet = (rollingUpdate: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: shop }
spec:
  selector: { matchLabels: { app: agent } }
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: ${rollingUpdate}
  template:
    metadata: { labels: { app: agent } }
    spec:
      containers: [{ name: agent, image: example/agent:1.0.0 }]
`;
  it('rejects maxSurge with maxUnavailable left at its default 1', () => {
    const f = only('rolling-update-invalid', daemonSet('{ maxSurge: 1 }'));
    expect(f.message).toContain('maxSurge is set together with maxUnavailable left at its default 1');
    expect(f.fix).toContain('maxUnavailable: 0');
  });
  it('rejects a non-zero maxSurge next to a non-zero maxUnavailable', () => {
    expect(only('rolling-update-invalid', daemonSet('{ maxSurge: "10%", maxUnavailable: 2 }')).message).toContain(
      'together with a non-zero maxUnavailable',
    );
  });
  it('rejects maxSurge above 100%', () => {
    const list = findings('rolling-update-invalid', daemonSet('{ maxSurge: "150%", maxUnavailable: 0 }'));
    expect(list.map((f) => f.message)).toEqual([expect.stringContaining('maxSurge 150% is above 100%')]);
  });
  it('accepts maxSurge with maxUnavailable 0', () => {
    expect(findings('rolling-update-invalid', daemonSet('{ maxSurge: 1, maxUnavailable: 0 }'))).toEqual([]);
  });
  it('keeps a Deployment surge above 100% valid', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  strategy: { rollingUpdate: { maxSurge: "200%", maxUnavailable: 1 } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: example/web:1.0.0 }]
`;
    expect(findings('rolling-update-invalid', deployment)).toEqual([]);
  });
});

describe('workload-selector-mismatch: a written Job selector needs manualSelector (gap)', () => {
  const job = (extra: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
${extra}  template:
    metadata: { labels: { app: migrate } }
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: example/migrate:1.0.0 }]
`;
  it('reports a matching selector written without manualSelector: true', () => {
    const f = only('workload-selector-mismatch', job('  selector: { matchLabels: { app: migrate } }\n'));
    expect(f.message).toContain('without manualSelector: true');
    expect(f.interpreted).toContain('`selector` not auto-generated');
  });
  it('accepts it with manualSelector: true, and no selector at all', () => {
    expect(findings('workload-selector-mismatch', job('  manualSelector: true\n  selector: { matchLabels: { app: migrate } }\n'))).toEqual(
      [],
    );
    expect(findings('workload-selector-mismatch', job(''))).toEqual([]);
  });
  it('still reports a manual selector that misses the template labels', () => {
    const f = only('workload-selector-mismatch', job('  manualSelector: true\n  selector: { matchLabels: { app: other } }\n'));
    expect(f.message).toContain('do not match');
  });
});

describe('the same mistakes in other rules', () => {
  it('image-tag-floating says whose behaviour a moving tag is: the registry and its publisher', () => {
    expect(docsOf('image-tag-floating').interpreted).toMatch(/^the registry lets the publisher move the tag/);
  });
  it('rwo-volume-multi-attach: a surge pod waits while the old pod holds the volume, not forever', () => {
    expect(docsOf('rwo-volume-multi-attach').catches).not.toContain('waits forever');
    expect(docsOf('rwo-volume-multi-attach').catches).toContain(
      'a new pod on another node waits for the volume while the old pod holds it',
    );
  });
  it('no rule says a drain hangs or a pod fits on any node', () => {
    for (const rule of builtinRules) {
      const text = Object.values(rule.docs).join(' ');
      expect(text, rule.id).not.toMatch(/\bhangs?\b|fits on any node|saturated node/);
    }
  });
});

describe('resources-missing: the fit check skips only the resources that are zero (item 6)', () => {
  it('a BestEffort pod is not said to be placed on a fully booked node: its other filters still apply', () => {
    // With every rule on, as users run it: the finding folds the per-resource ones it replaces.
    const dir = tempTree({ 'manifest.yaml': pod(`  containers:\n    - name: app\n      image: example/app:1.0.0\n`) });
    const all = lintPaths({ paths: [dir], config: {}, rules: builtinRules, maxFileSize: 1 << 24 }).findings;
    const f = all.filter((x) => x.ruleId === 'resources-missing')[0];
    expect(f, all.map((x) => x.ruleId).join(', ')).toBeDefined();
    expect(f.interpreted).not.toMatch(/places it even on|fully booked/);
    expect(f.interpreted).toContain('already fully requested (the pod count and every other filter still apply)');
  });
});

describe('quota-rejects-pod: the refusal names the pod-level alternative (item 9)', () => {
  it('says a container without the field is refused only when the pod sets no pod-level value', () => {
    const f = only(
      'quota-rejects-pod',
      `apiVersion: v1
kind: ResourceQuota
metadata: { name: compute, namespace: shop }
spec:
  hard: { requests.cpu: "4" }
---
${pod(`  containers:
    - { name: app, image: example/app:1.0.0 }
`)}`,
    );
    expect(f.interpreted).toContain('lacks a tracked cpu/memory field and the pod sets no pod-level value for it');
  });
});

describe('absolute claims in other rules', () => {
  it('liveness-probe-missing: a hung process runs until something else restarts it, not forever', () => {
    const { interpreted } = docsOf('liveness-probe-missing');
    expect(interpreted).not.toMatch(/forever/);
    expect(interpreted).toContain('until something else restarts it');
  });
  it('limits-become-requests: nodes can fill up with unused reservations', () => {
    expect(docsOf('limits-become-requests').interpreted).toContain('nodes can fill up with reservations nobody uses');
  });
});

describe('limitrange-violation: LimitRanger 403 texts with canonical quantities (item 8)', () => {
  it('prints the bound and the value as the API server does', () => {
    const list = findings(
      'limitrange-violation',
      `apiVersion: v1
kind: LimitRange
metadata: { name: bounds, namespace: shop }
spec:
  limits:
    - type: Container
      max: { cpu: 1000m }
---
${pod(`  containers:
    - name: app
      image: example/app:1.0.0
      resources: { requests: { cpu: 500m }, limits: { cpu: "1.5" } }
`)}`,
    );
    expect(list.map((f) => f.interpreted)).toEqual([
      expect.stringContaining('403: "maximum cpu usage per Container is 1, but limit is 1500m"'),
    ]);
  });
});
