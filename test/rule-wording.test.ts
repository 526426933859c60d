import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintPaths } from '../src/engine/run.js';
import type { Finding } from '../src/types.js';
import { tempTree } from './helpers.js';

/**
 * What findings claim, where the claim depends on the case: a statement that is true only in some
 * configurations (the pod fits anywhere, the pod stays Pending, the served port stays blocked) must
 * appear exactly there. Fixtures check where findings are; these tests check what they say.
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

function pod(containers: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: app, namespace: shop }
spec:
${extra}  containers:
${containers}`;
}

describe('cpu-request-missing / memory-request-missing: "nothing stops it from landing on a fully requested node" only when the pod requests none', () => {
  const alone = pod(`    - name: app
      image: example/app:1.0.0
`);
  const withNeighbour = pod(`    - name: app
      image: example/app:1.0.0
    - name: db
      image: example/db:1.0.0
      resources: { requests: { cpu: 500m, memory: 1Gi } }
`);
  it('says nothing stops the pod from landing on a fully requested node when no container requests the resource', () => {
    // The fit check skips only the resource that is zero: other requests, the pod count and other filters still apply.
    const cpu = only('cpu-request-missing', alone).interpreted;
    expect(cpu).toMatch(/for the fit check .* nothing stops the pod from landing on a node whose CPU is already fully requested/);
    expect(cpu).toContain('every other filter still apply');
    expect(cpu).not.toMatch(/fits on any node|saturated/);
    const memory = only('memory-request-missing', alone).interpreted;
    expect(memory).toMatch(/for the fit check .* nothing stops the pod from landing on a node whose memory is already fully requested/);
    expect(memory).not.toMatch(/fits on any node|saturated/);
  });
  it('gives the pod total instead when another container requests it', () => {
    const cpu = only('cpu-request-missing', withNeighbour).interpreted;
    expect(cpu).toContain("adds nothing to the pod's CPU request (500m in total)");
    expect(cpu).not.toMatch(/fits on any node|nothing stops/);
    const memory = only('memory-request-missing', withNeighbour).interpreted;
    expect(memory).toContain("adds nothing to the pod's memory request (1Gi in total)");
    expect(memory).not.toMatch(/fits on any node|nothing stops/);
  });
  it('counts a LimitRange default the rule also uses', () => {
    const limitRange = `apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      defaultRequest: { memory: 256Mi }
---
`;
    const f = findings(
      'cpu-request-missing',
      limitRange +
        pod(`    - name: app
      image: example/app:1.0.0
    - name: db
      image: example/db:1.0.0
      resources: { limits: { cpu: "2" } }
`),
    );
    expect(f.map((x) => x.interpreted)).toEqual([expect.stringContaining("adds nothing to the pod's CPU request (2 in total)")]);
  });
});

describe('quantity-suspicious-unit: the Pending consequence follows the effective request', () => {
  const container = (resources: string) =>
    pod(`    - name: app
      image: example/app:1.0.0
      resources: ${resources}
`);
  it('hedges Pending for a request above 64 cores', () => {
    const f = only('quantity-suspicious-unit', container('{ requests: { cpu: "96" } }'));
    expect(f.interpreted).toContain('more than most nodes have');
    expect(f.interpreted).toContain('if no node has 96 allocatable CPUs the pod stays Pending');
  });
  it('explains the copied request for a limit written alone', () => {
    expect(only('quantity-suspicious-unit', container('{ limits: { cpu: "96" } }')).interpreted).toContain(
      'copies the limit into the request: if no node has 96 allocatable CPUs',
    );
  });
  it('stays silent for a large limit next to a written request', () => {
    expect(findings('quantity-suspicious-unit', container('{ requests: { cpu: 500m }, limits: { cpu: "96" } }'))).toEqual([]);
  });
  it('says a tiny claim may be rounded up by the provisioner', () => {
    const pvc = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: shop }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 10m } }
`;
    expect(only('quantity-suspicious-unit', pvc).interpreted).toContain('the provisioner may round it up to its minimum size');
  });
});

describe('netpol-port-not-exposed: the served port stays blocked only when no rule admits it', () => {
  const workload = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: example/web:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
---
`;
  const policy = (rules: string) => `${workload}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress:
${rules}`;
  it('names the blocked served port', () => {
    expect(only('netpol-port-not-exposed', policy('    - ports: [{ port: 8443 }]\n')).interpreted).toMatch(
      /the allowance is dead, and the served port 8080\/TCP, .* stays blocked$/,
    );
  });
  it('ends at "the allowance is dead" when another rule admits the served port', () => {
    const f = only(
      'netpol-port-not-exposed',
      policy(
        '    - ports: [{ port: 8443 }]\n    - from: [{ podSelector: { matchLabels: { app: gateway } } }]\n      ports: [{ port: http }]\n',
      ),
    );
    expect(f.interpreted).toMatch(/the allowance is dead$/);
  });
});

describe('wording that must not overclaim', () => {
  it('netpol-rules-ignored keeps the defaulting fact certain and the plugin behaviour cluster-dependent', () => {
    const f = only(
      'netpol-rules-ignored',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  egress: [{ to: [{ podSelector: {} }] }]
`,
    );
    expect(f.interpreted).toContain('the policy does not isolate egress');
    expect(f.interpreted).toContain(
      'network plugins that follow policyTypes (the mainstream ones) do not apply these rules, not even as allowances next to a policy that does isolate egress (cluster-dependent)',
    );
  });

  it('pvc-topology-immediate-binding says a soft zone constraint is not guaranteed', () => {
    const file = path.resolve(__dirname, '../fixtures/pvc-topology-immediate-binding/immediate-class.yaml');
    const all = lintPaths({
      paths: [file],
      config: {},
      rules: builtinRules.filter((r) => r.id === 'pvc-topology-immediate-binding'),
      maxFileSize: 1 << 24,
    }).findings;
    expect(
      all.some((f) =>
        f.interpreted.includes(
          'is not guaranteed: each pod must follow the zone its volume was created in, which is chosen without regard to the pod',
        ),
      ),
    ).toBe(true);
    expect(all.some((f) => f.interpreted.includes('cannot hold'))).toBe(false);
  });

  it('limitrange-violation quotes the request LimitRanger checks first when it was copied from the limit', () => {
    const f = only(
      'limitrange-violation',
      `apiVersion: v1
kind: LimitRange
metadata: { name: bounds, namespace: shop }
spec:
  limits:
    - type: Container
      min: { cpu: 100m }
---
${pod(`    - name: app
      image: example/app:1.0.0
      resources: { limits: { cpu: 50m } }
`)}`,
    );
    expect(f.location.line).toBeGreaterThan(0);
    expect(f.message).toContain('limit 50m');
    expect(f.interpreted).toContain('"minimum cpu usage per Container is 100m, but request is 50m"');
  });

  it('rolling-update-invalid quotes the API text for Deployments only', () => {
    const controller = (kind: string, field: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  ${field}:
    rollingUpdate: { maxSurge: 0, maxUnavailable: 0 }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "example/web:1.0.0" }]
`;
    expect(only('rolling-update-invalid', controller('Deployment', 'strategy')).interpreted).toContain(
      '("may not be 0 when `maxSurge` is 0")',
    );
    const daemonSet = only('rolling-update-invalid', controller('DaemonSet', 'updateStrategy')).interpreted;
    expect(daemonSet).toContain('validation rejects maxUnavailable 0 while maxSurge is 0');
    expect(daemonSet).not.toContain('"may not be 0');
  });

  it('liveness-kills-slow-start states the restart as conditional', () => {
    const f = only(
      'liveness-kills-slow-start',
      pod(`    - name: app
      image: example/app:1.0.0
      livenessProbe: { httpGet: { path: /healthz, port: 8080 } }
      readinessProbe: { httpGet: { path: /ready, port: 8080 }, initialDelaySeconds: 60 }
`),
    );
    expect(f.message).toBe(
      'Container "app": liveness would restart a container still failing its check after 0 + 3 x 10s = 30s, before the readiness probe starts at 60s',
    );
  });
});

describe('rolling-update-downtime: no surge advice for pods on host ports', () => {
  const deployment = (ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: edge }
spec:
  replicas: 1
  strategy: { rollingUpdate: { maxUnavailable: 1 } }
  selector: { matchLabels: { app: edge } }
  template:
    metadata: { labels: { app: edge } }
    spec:
      containers:
        - name: proxy
          image: example/proxy:1.2.3
          ports: [${ports}]
`;

  it('suggests a surge when the new pod can start beside the old one', () => {
    expect(only('rolling-update-downtime', deployment('{ containerPort: 80 }')).fix).toMatch(/^set maxUnavailable: 0 and maxSurge: 1/);
  });

  it('explains why a surge pod cannot start when the pod binds host ports', () => {
    const fix = only(
      'rolling-update-downtime',
      deployment('{ containerPort: 80, hostPort: 80 }, { containerPort: 443, hostPort: 443 }'),
    ).fix;
    expect(fix).toContain('binds hostPort 80, 443, so a surge pod cannot start on a node where an old pod runs');
    expect(fix).not.toMatch(/^set maxUnavailable/);
  });

  it('with several replicas on host ports, suggests replacing a few at a time rather than a surge', () => {
    const three = deployment('{ containerPort: 80, hostPort: 80 }')
      .replace('replicas: 1', 'replicas: 3')
      .replace('maxUnavailable: 1', 'maxUnavailable: 3');
    expect(only('rolling-update-downtime', three).fix).toContain('set maxUnavailable to at most 2 (e.g. 1) with maxSurge: 0');
  });
});

describe('request rules: pod overhead does not cover an init container', () => {
  it('reports the init container of a pod whose only CPU request is the runtime overhead', () => {
    const spec = pod(
      `    - name: app
      image: example/app:1.0.0
`,
      `  overhead: { cpu: 250m }
  initContainers:
    - name: setup
      image: example/setup:1.0.0
`,
    );
    expect(findings('cpu-request-missing', spec).map((f) => f.message)).toEqual([
      'Container "setup" of Pod shop/app has no CPU request',
      'Container "app" of Pod shop/app has no CPU request',
    ]);
  });
});
