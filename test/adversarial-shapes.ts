/**
 * The three input shapes of issue 16 that once made cross-object look-ups grow quadratically, as
 * in-memory files of n apps. Shared by the complexity guard (test/complexity.test.ts) and the
 * benchmark (scripts/bench.mjs runs them at 1x/2x/4x/8x).
 */
export type Shape = 'shared-labels' | 'claims-one-namespace' | 'egress-policies';

export const SHAPES: Record<Shape, { describe: string; base: number }> = {
  'shared-labels': { describe: 'namespace-less apps sharing app: web, Service + Deployment each, one folder per app', base: 120 },
  'claims-one-namespace': { describe: 'one claim per Deployment in one namespace', base: 120 },
  'egress-policies': { describe: 'egress-only NetworkPolicies with podSelector {} and Deployments, one namespace', base: 60 },
};

function deployment(name: string, namespace: string | undefined, labels: string, claim?: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}${namespace ? `, namespace: ${namespace}` : ''} }
spec:
  replicas: 2
  selector: { matchLabels: { ${labels} } }
  template:
    metadata: { labels: { ${labels} } }
    spec:
      containers:
        - name: main
          image: registry.example/${name}:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 128Mi } }
          readinessProbe: { httpGet: { path: /ready, port: http } }
${claim ? `          volumeMounts: [{ name: data, mountPath: /data }]\n      volumes: [{ name: data, persistentVolumeClaim: { claimName: ${claim} } }]\n` : ''}`;
}

/** The files of `n` apps of a shape, path -> YAML text. */
export function shapeFiles(shape: Shape, n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    if (shape === 'shared-labels') {
      files[`apps/app-${i}/deploy.yaml`] = deployment(`app-${i}`, undefined, 'app: web');
      files[`apps/app-${i}/service.yaml`] = `apiVersion: v1
kind: Service
metadata: { name: app-${i} }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: http }] }
`;
    } else if (shape === 'claims-one-namespace') {
      files[`shop/app-${i}.yaml`] = `${deployment(`app-${i}`, 'shop', `app: app-${i}`, `data-${i}`)}---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data-${i}, namespace: shop }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`;
    } else {
      files[`shop/app-${i}.yaml`] = `${deployment(`app-${i}`, 'shop', `app: app-${i}`)}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress-${i}, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ podSelector: { matchLabels: { app: app-${(i + 1) % n} } } }], ports: [{ port: 8080 }] }]
`;
    }
  }
  return files;
}
