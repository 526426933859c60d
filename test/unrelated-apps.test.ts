import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, tempTree } from './helpers.js';
import { builtinRules } from '../rules/index.js';
import type { Finding } from '../src/types.js';

/**
 * App A linted alone and next to an unrelated app B in another folder must get the same findings:
 * neither declares a namespace, and B's pods, Service and budget carry the labels A's selectors ask for.
 */
const APP_A = {
  'a/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: example/web:1.0.0
          ports: [{ containerPort: 8080 }]
`,
  // Selects app: web, tier: front, which A's pods do not carry (B's do).
  'a/svc.yaml': `apiVersion: v1
kind: Service
metadata: { name: web-front }
spec: { selector: { app: web, tier: front }, ports: [{ port: 80, targetPort: 8080 }] }
`,
  'a/pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web-front }
spec: { maxUnavailable: 1, selector: { matchLabels: { app: web, tier: front } } }
`,
};

const APP_B = {
  'b/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web, tier: front } }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec:
      containers:
        - name: shop
          image: example/shop:1.0.0
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
`,
  // Sends traffic to every app: web pod of its namespace: in B's folder, not A's.
  'b/svc.yaml': `apiVersion: v1
kind: Service
metadata: { name: shop }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
`,
};

function findingsOfA(files: Record<string, string>, paths: string[]): string[] {
  const dir = tempTree(files);
  const result = lint(
    paths.map((p) => path.join(dir, p)),
    {},
    { rules: builtinRules },
  );
  const describe = (f: Finding) => `${path.relative(dir, f.location.file)}:${f.location.line} ${f.ruleId} ${f.message}`;
  return result.findings.filter((f) => path.relative(dir, f.location.file).startsWith('a/')).map(describe);
}

describe('an app linted alone or next to an unrelated app', () => {
  const alone = findingsOfA(APP_A, ['a']);
  const together = findingsOfA({ ...APP_A, ...APP_B }, ['a', 'b']);

  it('alone, the selectors that match nothing of A are reported, and readiness is asked for because of A own port', () => {
    const ids = alone.map((f) => f.split(' ')[1]);
    expect(ids).toEqual(expect.arrayContaining(['service-selector-no-match', 'pdb-selector-no-match', 'readiness-probe-missing']));
    expect(alone.find((f) => f.includes('readiness-probe-missing'))).toMatch(/though it declares port 8080$/);
  });

  it("next to B, A's findings are the same: B's pods, Service and labels are not A's", () => {
    expect(together).toEqual(alone);
    expect(together.join('\n')).not.toMatch(/"shop"/);
  });
});

/** An egress policy passed alone (a pre-commit hook), with its workload, and next to an unrelated folder whose pods it would select. */
describe('an egress policy that allows no DNS, alone or with its pods', () => {
  const POLICY = {
    'a/egress.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-egress }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
  egress: [{ to: [{ podSelector: { matchLabels: { app: db } } }], ports: [{ port: 5432 }] }]
`,
  };
  const dnsFindings = (files: Record<string, string>, paths: string[]) =>
    findingsOfA(files, paths).filter((f) => f.includes('netpol-egress-blocks-dns'));

  it('alone, it is reported for whatever pods it selects', () => {
    expect(dnsFindings(POLICY, ['a/egress.yaml'])).toEqual([
      'a/egress.yaml:6 netpol-egress-blocks-dns NetworkPolicy web-egress isolates the pods it selects (app=web) for egress and no rule allows DNS (port 53) to the cluster DNS',
    ]);
  });

  it('with its workload, the same line names the workload', () => {
    expect(dnsFindings({ ...POLICY, 'a/web.yaml': APP_A['a/web.yaml'] }, ['a'])).toEqual([
      'a/egress.yaml:6 netpol-egress-blocks-dns NetworkPolicy web-egress isolates Deployment web for egress and no rule allows DNS (port 53) to the cluster DNS',
    ]);
  });

  it("next to B, whose pods carry the label, the answer is the alone one: B's pods are not in A's namespace", () => {
    expect(dnsFindings({ ...POLICY, ...APP_B }, ['a', 'b'])).toEqual(dnsFindings(POLICY, ['a']));
  });
});

/** Examples that share a folder and declare no namespace: each Ingress file must be judged as it is alone. */
const EXAMPLES = {
  'examples/minimal-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: minimal }
spec:
  defaultBackend: { service: { name: test, port: { number: 80 } } }
`,
  'examples/service-a.yaml': `apiVersion: v1
kind: Service
metadata: { name: my-service }
spec: { selector: { app: a }, ports: [{ port: 80, targetPort: 9376 }] }
`,
  'examples/ingress-b.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: b }
spec:
  rules:
    - http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 8080 } } } }
`,
};

describe('an Ingress in a folder of unrelated examples', () => {
  const ingressFindings = (paths: string[]) => {
    const dir = tempTree(EXAMPLES);
    const result = lint(
      paths.map((p) => path.join(dir, p)),
      {},
      { rules: builtinRules },
    );
    return result.findings.filter((f) => f.ruleId === 'ingress-backend-unknown').map((f) => path.relative(dir, f.location.file));
  };

  it('gets the same answer alone and with its folder: none of its backends is here, none is a near miss', () => {
    expect(ingressFindings(['examples/minimal-ingress.yaml'])).toEqual([]);
    expect(ingressFindings(['examples/ingress-b.yaml'])).toEqual([]);
    expect(ingressFindings(['examples'])).toEqual([]);
  });
});
