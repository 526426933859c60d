import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, tempTree } from './helpers.js';
import { builtinRules } from '../rules/index.js';

const deployment = (name: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${name}
          image: example/${name}:1.0.0
`;

const service = (name: string, selects: string, namespace?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector: { app: ${selects} }
  ports:
    - port: 80
`;

function noMatch(files: Record<string, string>): string[] {
  const dir = tempTree(files);
  return lint([dir], {}, { rules: builtinRules })
    .findings.filter((f) => f.ruleId === 'service-selector-no-match')
    .map((f) => f.location.file.slice(dir.length + 1));
}

describe('cross-object scope', () => {
  it('an object without namespace is judged against workloads of its own directory (or one inside or above it) only', () => {
    expect(noMatch({ 'a/web.yaml': deployment('web'), 'b/svc.yaml': service('api', 'api') })).toEqual([]);
    expect(noMatch({ 'a/web.yaml': deployment('web'), 'a/svc.yaml': service('api', 'api') })).toEqual(['a/svc.yaml']);
    expect(noMatch({ 'a/web.yaml': deployment('web'), 'a/services/svc.yaml': service('api', 'api') })).toEqual(['a/services/svc.yaml']);
  });
  it('shared namespaces (default, kube-system) are scoped like undeclared ones', () => {
    expect(noMatch({ 'a/web.yaml': deployment('web', 'default'), 'b/svc.yaml': service('api', 'api', 'default') })).toEqual([]);
  });
  it('a declared namespace is judged across directories', () => {
    expect(noMatch({ 'a/web.yaml': deployment('web', 'shop'), 'b/svc.yaml': service('api', 'api', 'shop') })).toEqual(['b/svc.yaml']);
  });
  it('a selector matching a workload in another directory of the namespace is fine', () => {
    expect(noMatch({ 'a/web.yaml': deployment('web'), 'a/svc.yaml': service('web', 'web'), 'b/api.yaml': deployment('api') })).toEqual([]);
  });
  it('unrendered kustomization input (its files named one by one) is not judged', () => {
    const dir = tempTree({
      'base/web.yaml': deployment('web'),
      'base/svc.yaml': service('api', 'api'),
      'base/kustomization.yaml': 'resources: [web.yaml, svc.yaml]\n',
    });
    const files = ['web.yaml', 'svc.yaml', 'kustomization.yaml'].map((f) => path.join(dir, 'base', f));
    expect(lint(files, {}, { rules: builtinRules }).findings.filter((f) => f.ruleId === 'service-selector-no-match')).toEqual([]);
  });
  it('a kustomization met on a walk is judged as rendered, as when it is named', () => {
    const files = {
      'base/web.yaml': deployment('web'),
      'base/svc.yaml': service('api', 'api'),
      'base/kustomization.yaml': 'resources: [web.yaml, svc.yaml]\n',
    };
    const dir = tempTree(files);
    const named = lint([path.join(dir, 'base')], {}, { rules: builtinRules }).findings.filter(
      (f) => f.ruleId === 'service-selector-no-match',
    );
    expect(noMatch(files)).toEqual(named.map((f) => f.location.file.slice(dir.length + 1)));
  });
  it('a directory with a file that could not be read is not judged', () => {
    expect(
      noMatch({
        'a/web.yaml': deployment('web'),
        'a/svc.yaml': service('api', 'api'),
        'a/api.yaml': 'kind: Deployment\nspec: [unclosed\n',
      }),
    ).toEqual([]);
  });
  it('PDBs and HPAs resolve their targets within the same scope', () => {
    const pdb = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels: { app: web }
`;
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 4
`;
    const ids = (files: Record<string, string>) => {
      const dir = tempTree(files);
      return lint([dir], {}, { rules: builtinRules })
        .findings.filter((f) => ['pdb-blocks-eviction', 'hpa-replicas-conflict'].includes(f.ruleId))
        .map((f) => `${f.ruleId} ${f.location.file.slice(dir.length + 1)}`);
    };
    const replicated = deployment('web').replace('spec:\n  selector', 'spec:\n  replicas: 1\n  selector');
    expect(ids({ 'a/web.yaml': replicated, 'a/pdb.yaml': pdb })).toEqual(['pdb-blocks-eviction a/pdb.yaml']);
    expect(ids({ 'a/web.yaml': replicated, 'b/pdb.yaml': pdb })).toEqual([]);
    expect(ids({ 'a/web.yaml': replicated, 'a/hpa.yaml': hpa })).toEqual(['hpa-replicas-conflict a/web.yaml']);
    expect(ids({ 'a/web.yaml': replicated, 'b/hpa.yaml': hpa })).toEqual([]);
  });
  it('a missing claim or governing Service is judged only against claims and Services applied with the workload', () => {
    const claim = (name: string) =>
      `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: { requests: { storage: 1Gi } }\n`;
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
    - name: db
      image: example/db:1.0.0
  volumes:
    - name: data
      persistentVolumeClaim: { claimName: data }
`;
    const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: db
          image: example/db:1.0.0
`;
    const ids = (files: Record<string, string>) => {
      const dir = tempTree(files);
      return lint([dir], {}, { rules: builtinRules })
        .findings.filter((f) => ['pvc-claim-unknown', 'statefulset-service-unknown'].includes(f.ruleId))
        .map((f) => `${f.ruleId} ${f.location.file.slice(dir.length + 1)}`);
    };
    expect(ids({ 'a/pod.yaml': pod, 'a/claims.yaml': claim('date') })).toEqual(['pvc-claim-unknown a/pod.yaml']);
    expect(ids({ 'a/pod.yaml': pod, 'b/claims.yaml': claim('date') })).toEqual([]);
    expect(ids({ 'a/sts.yaml': statefulSet, 'a/svc.yaml': service('api', 'api') })).toEqual(['statefulset-service-unknown a/sts.yaml']);
    expect(ids({ 'a/sts.yaml': statefulSet, 'b/svc.yaml': service('api', 'api') })).toEqual([]);
  });
});

describe('StorageClasses are judged per app', () => {
  const sc = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: fast-ssd }\nprovisioner: pd.csi.storage.gke.io\n';
  const pvc = (cls: string) =>
    `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: data }\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: ${cls}\n  resources: { requests: { storage: 1Gi } }\n`;
  const unknownClass = (files: Record<string, string>) => {
    const dir = tempTree(files);
    return lint([dir], {}, { rules: builtinRules })
      .findings.filter((f) => f.ruleId === 'pvc-storageclass-unknown')
      .map((f) => f.location.file.slice(dir.length + 1));
  };

  it('a claim is compared with the classes of its own directory tree, not with another app of the checkout', () => {
    expect(unknownClass({ 'storage/sc.yaml': sc, 'other-app/pvc.yaml': pvc('standard-rwo') })).toEqual([]);
    expect(unknownClass({ 'app/sc.yaml': sc, 'app/db/pvc.yaml': pvc('fast-sdd') })).toEqual(['app/db/pvc.yaml']);
  });
});

describe('storage references stay inside the app that declares them', () => {
  const ids = (files: Record<string, string>, rule: string) => {
    const dir = tempTree(files);
    return lint([dir], {}, { rules: builtinRules })
      .findings.filter((f) => f.ruleId === rule)
      .map((f) => f.location.file.slice(dir.length + 1));
  };
  const sts = (serviceName: string, cls: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: ${serviceName}
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers: [{ name: db, image: example/db:1.0.0 }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { accessModes: [ReadWriteOnce], storageClassName: ${cls}, resources: { requests: { storage: 1Gi } } }
`;
  const service = (name: string, headless: boolean) =>
    `apiVersion: v1\nkind: Service\nmetadata: { name: ${name} }\nspec:\n  ${headless ? 'clusterIP: None\n  ' : ''}selector: { app: db }\n  ports: [{ port: 5432 }]\n`;
  const storageClass = (mode: string) =>
    `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: fast }\nprovisioner: pd.csi.storage.gke.io\nvolumeBindingMode: ${mode}\n`;

  it('a StatefulSet is judged the same with or without a namesake Service in another folder', () => {
    const app = { 'a/db.yaml': sts('db', 'fast'), 'a/svc.yaml': service('db-headless', true) };
    expect(ids(app, 'statefulset-service-unknown')).toEqual(['a/db.yaml']);
    expect(ids({ ...app, 'b/svc.yaml': service('db', false) }, 'statefulset-service-unknown')).toEqual(['a/db.yaml']);
    expect(ids({ 'a/db.yaml': sts('db', 'fast'), 'a/svc.yaml': service('db', false) }, 'statefulset-service-unknown')).toEqual([
      'a/db.yaml',
    ]);
  });

  it('a claim takes the StorageClass shipped with its app over a namesake elsewhere', () => {
    const files = {
      'a/db.yaml': sts('db', 'fast'),
      'a/sc.yaml': storageClass('WaitForFirstConsumer'),
      'b/sc.yaml': storageClass('Immediate'),
    };
    expect(ids(files, 'pvc-topology-immediate-binding')).toEqual([]);
    expect(
      ids(
        { ...files, 'a/sc.yaml': storageClass('Immediate'), 'b/sc.yaml': storageClass('WaitForFirstConsumer') },
        'pvc-topology-immediate-binding',
      ),
    ).toEqual(['a/db.yaml']);
  });

  it('an ambiguous class name resolved nowhere near the claim is unknown, not a guess', () => {
    expect(
      ids(
        { 'a/db.yaml': sts('db', 'fast'), 'b/sc.yaml': storageClass('Immediate'), 'c/sc.yaml': storageClass('Immediate') },
        'pvc-topology-immediate-binding',
      ),
    ).toEqual([]);
    expect(ids({ 'a/db.yaml': sts('db', 'fast'), 'b/sc.yaml': storageClass('Immediate') }, 'pvc-topology-immediate-binding')).toEqual([
      'a/db.yaml',
    ]);
  });
});
