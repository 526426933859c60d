import { describe, expect, it } from 'vitest';
import { expandManifests } from '../src/sim/input/index.js';
import { setOf, setOfFiles } from './helpers.js';

type Obj = Record<string, any>;
const podNames = (text: string, scale?: 'minimum' | 'maximum') =>
  expandManifests(setOf(text), { scale }).pods.map((p) => `${(p.pod as Obj).metadata.namespace}/${(p.pod as Obj).metadata.name}`);

const template = (extra = '') => `
  template:
    metadata:
      labels: { app: x }
    spec:${extra}
      containers:
        - name: main
          image: m
          resources: { requests: { cpu: 100m }, limits: { memory: 128Mi } }`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: x } }${template()}
`;

describe('pods from workloads', () => {
  it('Deployments: <workload>-<n> from 1, namespace as declared, the template labels and an owner', () => {
    const { pods } = expandManifests(setOf(DEPLOYMENT));
    expect(pods.map((p) => (p.pod as Obj).metadata.name)).toEqual(['web-1', 'web-2', 'web-3']);
    const pod = pods[0].pod as Obj;
    expect(pod).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'shop', labels: { app: 'x' } } });
    expect(pod.metadata.labels['pod-template-hash']).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${pod.metadata.labels['pod-template-hash']}`, controller: true },
    ]);
    expect(pods[0].origin).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web', file: 'm.yaml', line: 1 });
    expect(pods[0].perNode).toBeUndefined();
  });

  it('copies limits into requests as API defaulting does; pods share the frozen template below their own spec', () => {
    const { pods } = expandManifests(setOf(DEPLOYMENT));
    const container = (pods[0].pod as Obj).spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
    expect((pods[1].pod as Obj).spec).not.toBe((pods[0].pod as Obj).spec);
    expect(Object.isFrozen(container)).toBe(true);
    expect(() => {
      container.resources.requests.cpu = '1';
    }).toThrow(TypeError);
    (pods[0].pod as Obj).spec.nodeName = 'n1';
    expect((pods[1].pod as Obj).spec.nodeName).toBeUndefined();
  });

  it('objects without a namespace go to default', () => {
    expect(podNames('apiVersion: v1\nkind: Pod\nmetadata: { name: solo }\nspec:\n  containers: [{ name: c, image: i }]\n')).toEqual([
      'default/solo',
    ]);
    expect(
      podNames('apiVersion: v1\nkind: Pod\nmetadata: { generateName: migrate- }\nspec:\n  containers: [{ name: c, image: i }]\n'),
    ).toEqual(['default/migrate-1']);
  });

  it('replicas default to 1; 0 means none, even with an HPA', () => {
    expect(podNames(DEPLOYMENT.replace('  replicas: 3\n', ''))).toEqual(['shop/web-1']);
    const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 5
`;
    expect(podNames(DEPLOYMENT.replace('replicas: 3', 'replicas: 0') + hpa)).toEqual([]);
    expect(podNames(DEPLOYMENT + hpa)).toHaveLength(2);
    expect(podNames(DEPLOYMENT + hpa, 'maximum')).toEqual(['shop/web-1', 'shop/web-2', 'shop/web-3', 'shop/web-4', 'shop/web-5']);
    const { autoscaled } = expandManifests(setOf(DEPLOYMENT + hpa));
    expect(autoscaled).toEqual([{ origin: expect.objectContaining({ kind: 'Deployment', name: 'web' }), minReplicas: 2, maxReplicas: 5 }]);
    expect(expandManifests(setOf(DEPLOYMENT)).autoscaled).toEqual([]);
  });

  it('ReplicaSets and ReplicationControllers name pods like Deployments; a ReplicaSet owned by a listed Deployment is not counted twice', () => {
    const rs = DEPLOYMENT.replace('kind: Deployment', 'kind: ReplicaSet').replace('name: web,', 'name: web-rs,');
    expect(podNames(rs)).toEqual(['shop/web-rs-1', 'shop/web-rs-2', 'shop/web-rs-3']);
    const owned = rs.replace(
      'namespace: shop }',
      'namespace: shop, ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, controller: true }] }',
    );
    expect(podNames(`${DEPLOYMENT}---\n${owned}`)).toEqual(['shop/web-1', 'shop/web-2', 'shop/web-3']);
    const rc = `apiVersion: v1\nkind: ReplicationController\nmetadata: { name: old }\nspec:\n  replicas: 2\n  selector: { app: x }${template()}\n`;
    expect(podNames(rc)).toEqual(['default/old-1', 'default/old-2']);
  });

  it('StatefulSets: ordinals (from spec.ordinals.start), hostname, the controller labels and a claim per template', () => {
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  serviceName: db
  replicas: 2
  ordinals: { start: 1 }
  selector: { matchLabels: { app: x } }${template(`
      volumes:
        - { name: data, emptyDir: {} }
        - { name: config, configMap: { name: db } }`)}
  volumeClaimTemplates:
    - metadata: { name: data, labels: { tier: storage } }
      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 10Gi } } }
`;
    const out = expandManifests(setOf(sts));
    expect(out.pods.map((p) => (p.pod as Obj).metadata.name)).toEqual(['db-1', 'db-2']);
    const pod = out.pods[0].pod as Obj;
    expect(pod.metadata.labels).toMatchObject({
      app: 'x',
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect(pod.spec.hostname).toBe('db-1');
    expect(pod.spec.subdomain).toBe('db');
    expect(pod.spec.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } },
      { name: 'config', configMap: { name: 'db' } },
    ]);
    expect(out.persistentVolumeClaims.map((c) => (c as Obj).metadata)).toEqual([
      { name: 'data-db-1', namespace: 'data', labels: { tier: 'storage', app: 'x' } },
      { name: 'data-db-2', namespace: 'data', labels: { tier: 'storage', app: 'x' } },
    ]);
    expect((out.persistentVolumeClaims[1] as Obj).spec.resources.requests.storage).toBe('10Gi');
  });

  it('DaemonSets: one template, perNode, named after the DaemonSet', () => {
    const ds = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent, namespace: kube-system }\nspec:\n  selector: { matchLabels: { app: x } }${template()}\n`;
    const { pods } = expandManifests(setOf(ds));
    expect(pods).toHaveLength(1);
    expect(pods[0].perNode).toBe(true);
    expect((pods[0].pod as Obj).metadata.name).toBe('agent');
    expect((pods[0].pod as Obj).metadata.ownerReferences[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent' });
  });

  it('Jobs run min(parallelism, completions) pods; suspended Jobs and CronJobs none; CronJobs one run', () => {
    const job = (spec: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: { name: report }\nspec:\n${spec}${template()}\n`;
    expect(podNames(job(''))).toEqual(['default/report-1']);
    expect(podNames(job('  parallelism: 4\n'))).toHaveLength(4);
    expect(podNames(job('  parallelism: 4\n  completions: 2\n'))).toEqual(['default/report-1', 'default/report-2']);
    expect(podNames(job('  parallelism: 3\n  suspend: true\n'))).toEqual([]);
    const indexed = expandManifests(setOf(job('  parallelism: 2\n  completions: 5\n  completionMode: Indexed\n'))).pods;
    expect(indexed.map((p) => (p.pod as Obj).metadata.labels['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1']);
    expect((indexed[0].pod as Obj).metadata.labels['job-name']).toBe('report');
    const cron = (extra: string) => `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
${extra}  jobTemplate:
    spec:
      parallelism: 2
${template().replace(/\n/g, '\n    ')}
`;
    expect(podNames(cron(''))).toEqual(['default/nightly-1', 'default/nightly-2']);
    expect(podNames(cron('  suspend: true\n'))).toEqual([]);
  });

  it('keeps manifest order: workloads in file order, replicas by ordinal', () => {
    const set = setOfFiles({
      'a.yaml': DEPLOYMENT.replace('name: web,', 'name: zeta,'),
      'b.yaml': DEPLOYMENT.replace('name: web,', 'name: alpha,').replace('replicas: 3', 'replicas: 1'),
    });
    expect(expandManifests(set).pods.map((p) => (p.pod as Obj).metadata.name)).toEqual(['zeta-1', 'zeta-2', 'zeta-3', 'alpha-1']);
  });
});

describe('admission defaults', () => {
  const LIMIT_RANGE = `apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      default: { cpu: 500m, memory: 256Mi }
      defaultRequest: { cpu: 200m, memory: 128Mi }
---
`;

  it('applies the namespace LimitRange defaults as LimitRanger does, init containers included', () => {
    const pod = `${LIMIT_RANGE}apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  initContainers: [{ name: init, image: i }]
  containers:
    - { name: a, image: i }
    - { name: b, image: i, resources: { limits: { cpu: "1" } } }
`;
    const spec = (expandManifests(setOf(pod)).pods[0].pod as Obj).spec;
    expect(spec.initContainers[0].resources).toEqual({
      requests: { cpu: '200m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(spec.containers[0].resources.requests).toEqual({ cpu: '200m', memory: '128Mi' });
    // Defaulting copied the limit into the request before LimitRanger ran.
    expect(spec.containers[1].resources).toEqual({ requests: { cpu: '1', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } });
  });

  it('a LimitRange of another namespace does not apply', () => {
    const pod = `${LIMIT_RANGE}apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: other }\nspec:\n  containers: [{ name: a, image: i }]\n`;
    expect((expandManifests(setOf(pod)).pods[0].pod as Obj).spec.containers[0].resources).toEqual({});
  });

  it('passes volumes and classes through, gives claims without a class the default StorageClass', () => {
    const text = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: fast, annotations: { storageclass.kubernetes.io/is-default-class: "true" } }
provisioner: pd.csi.storage.gke.io
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: plain }
spec: { resources: { requests: { storage: 1Gi } } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: none, namespace: shop }
spec: { storageClassName: "", resources: { requests: { storage: 1Gi } } }
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: pv1 }
spec: { capacity: { storage: 1Gi } }
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 1000
`;
    const out = expandManifests(setOf(text));
    expect(out.persistentVolumeClaims.map((c) => [(c as Obj).metadata.namespace, (c as Obj).spec.storageClassName])).toEqual([
      ['default', 'fast'],
      ['shop', ''],
    ]);
    expect(out.persistentVolumes.map((v) => (v as Obj).metadata.name)).toEqual(['pv1']);
    expect(out.storageClasses.map((v) => (v as Obj).metadata.name)).toEqual(['fast']);
    expect(out.priorityClasses.map((v) => (v as Obj).value)).toEqual([1000]);
    const clusterDefault = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard-rwo', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    };
    const withoutSetClass = text.replace('storageclass.kubernetes.io/is-default-class: "true"', 'x: y');
    expect(
      (expandManifests(setOf(withoutSetClass), { clusterStorageClasses: [clusterDefault] }).persistentVolumeClaims[0] as Obj).spec
        .storageClassName,
    ).toBe('standard-rwo');
  });

  it('creates the claims of generic ephemeral volumes, named <pod>-<volume>', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: scratch }
spec:
  containers: [{ name: a, image: i }]
  volumes:
    - name: tmp
      ephemeral:
        volumeClaimTemplate:
          spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 5Gi } } }
`;
    const claims = expandManifests(setOf(text)).persistentVolumeClaims as Obj[];
    expect(claims.map((c) => c.metadata)).toEqual([{ name: 'scratch-tmp', namespace: 'default' }]);
  });
});
