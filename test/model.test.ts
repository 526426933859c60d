import { describe, expect, it } from 'vitest';
import { setOf } from './helpers.js';
import { referenceScope } from '../src/model/scope.js';

const template = (labels = 'app: x') => `
    metadata:
      labels: { ${labels} }
    spec:
      initContainers:
        - { name: init, image: i }
        - { name: proxy, image: p, restartPolicy: Always }
      containers:
        - { name: main, image: m }`;

const ALL_KINDS = `apiVersion: v1
kind: Pod
metadata: { name: pod, labels: { app: x } }
spec:
  containers: [{ name: main, image: m }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: deploy }
spec:
  replicas: 4
  selector: { matchLabels: { app: x } }
  template:${template()}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: sts }
spec:
  template:${template()}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ds }
spec:
  template:${template()}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: rs }
spec:
  template:${template()}
---
apiVersion: batch/v1
kind: Job
metadata: { name: job }
spec:
  parallelism: 3
  template:${template()}
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: cron }
spec:
  jobTemplate:
    spec:
      template:${template().replace(/\n/g, '\n    ')}
---
apiVersion: v1
kind: ReplicationController
metadata: { name: rc }
spec:
  selector: { app: x }
  template:${template()}
`;

describe('object view', () => {
  it('reads spec as a mapping, empty when it is absent or not a mapping', () => {
    const set = setOf(
      [
        'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { selector: { app: a } }',
        'apiVersion: v1\nkind: Service\nmetadata: { name: b }',
        'apiVersion: v1\nkind: Service\nmetadata: { name: c }\nspec: [1, 2]',
      ].join('\n---\n'),
    );
    expect(set.objects.map((o) => o.spec)).toEqual([{ selector: { app: 'a' } }, {}, {}]);
  });
});

describe('workload view', () => {
  const set = setOf(ALL_KINDS);
  const byName = (name: string) => set.workloads.find((w) => w.name === name)!;

  it('covers every pod-bearing kind', () => {
    expect(set.workloads.map((w) => w.kind)).toEqual([
      'Pod',
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'ReplicaSet',
      'Job',
      'CronJob',
      'ReplicationController',
    ]);
  });

  it('finds the pod spec, also through CronJob nesting', () => {
    expect(byName('cron').podSpecPath).toEqual(['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    expect(byName('cron').containers.map((c) => `${c.role}:${c.name}`)).toEqual(['init:init', 'sidecar:proxy', 'app:main']);
    expect(byName('pod').podSpecPath).toEqual(['spec']);
  });

  it('gives each container its path and role', () => {
    const proxy = byName('deploy').containers.find((c) => c.name === 'proxy')!;
    expect(proxy.path).toEqual(['spec', 'template', 'spec', 'initContainers', 1]);
    expect(proxy.role).toBe('sidecar');
    expect(byName('deploy').longRunningContainers.map((c) => c.name)).toEqual(['proxy', 'main']);
  });

  it('knows replicas with their defaults', () => {
    expect(byName('deploy').replicas).toBe(4);
    expect(byName('sts').replicas).toBe(1);
    expect(byName('ds').replicas).toBeUndefined();
    expect(byName('job').replicas).toBe(3);
    expect(byName('pod').replicas).toBe(1);
  });

  it('reads selectors, RC selectors being plain maps', () => {
    expect(byName('deploy').selector).toEqual({ matchLabels: { app: 'x' } });
    expect(byName('rc').selector).toEqual({ matchLabels: { app: 'x' } });
    expect(byName('pod').selector).toBeUndefined();
  });

  it('locates fields, or their nearest existing parent', () => {
    const deploy = byName('deploy').object;
    expect(deploy.locate(['spec', 'replicas'])).toMatchObject({ line: 11, column: 3, endColumn: 11 });
    expect(deploy.locate(['spec', 'replicas', 'nope'])).toMatchObject({ line: 11, column: 3 });
    expect(deploy.locate([...byName('deploy').containers[2].path, 'resources'])).toMatchObject({ line: 21, column: 11 });
  });

  it('is long-running unless it runs to completion', () => {
    expect(byName('deploy').isLongRunning).toBe(true);
    expect(byName('job').isLongRunning).toBe(false);
    expect(byName('cron').isLongRunning).toBe(false);
  });
});

describe('manifest set indexes', () => {
  it('looks objects up by kind, namespace and name, the last declaration winning', () => {
    const set = setOf(
      'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\nspec: {type: A}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\nspec: {type: B}\n',
    );
    expect(set.get('Service', 'shop', 'a')?.get(['spec', 'type'])).toBe('B');
    expect(set.get('Service', null, 'a')).toBeUndefined();
  });

  it('keeps built-in kinds apart from same-named CRDs', () => {
    const set = setOf(
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: k}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
    );
    expect(set.ofKind('Service').map((o) => o.name)).toEqual(['s']);
  });

  it('selects workloads by labels within a namespace, through the index', () => {
    const docs = [];
    for (let i = 0; i < 50; i++)
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${i % 2 ? 'odd' : 'even'}, labels: {app: a${i % 5}, tier: web}}\nspec: {containers: []}`,
      );
    const scope = referenceScope(setOf(docs.join('\n---\n')));
    const at = (namespace: string) => ({ namespace, source: { path: 'x.yaml' } });
    expect(scope.workloadsWithLabels(at('even'), { app: 'a0', tier: 'web' }).map((w) => w.name)).toEqual([
      'p0',
      'p10',
      'p20',
      'p30',
      'p40',
    ]);
    expect(scope.workloadsMatching(at('odd'), { matchExpressions: [{ key: 'app', operator: 'In', values: ['a1'] }] })).toHaveLength(5);
    expect(scope.workloadsMatching(at('odd'), {})).toHaveLength(25);
    expect(scope.workloadsWithLabels(at('none'), { app: 'a0' })).toEqual([]);
  });

  it('records documents that are not Kubernetes objects, and whether they sit beside objects', () => {
    const set = setOf('a: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    expect(set.foreignDocuments.map((d) => d.besideObjects)).toEqual([true]);
  });

  it('reads YAML 1.1 like Kubernetes, with merge keys', () => {
    const set = setOf(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbase: &b {x: 1, z: 2}\ndata:\n  <<: *b\n  z: 3\n  flag: yes\n',
    );
    expect(set.objects[0].get(['data'])).toEqual({ x: 1, z: 3, flag: true });
  });
});

describe('Services and scale targets', () => {
  const set = setOf(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec: { containers: [{ name: web, image: w }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: other-ns, namespace: other }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: external, namespace: shop }
spec: { ports: [{ port: 80 }] }
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: knative, namespace: shop }
spec: { selector: { app: web } }
`);
  const web = set.workloads[0];
  const scope = referenceScope(set);
  const at = (namespace: string) => ({ namespace, source: { path: 'x.yaml' } });

  it('finds the Services that select a workload, only in its namespace, only built-in ones with a selector', () => {
    expect(scope.servicesSelecting(web).map((s) => s.name)).toEqual(['web']);
    expect(scope.workloadsSelectedByService(set.get('Service', 'shop', 'external')!)).toEqual([]);
  });

  it('resolves a scale target by kind, namespace and name, honouring the API group', () => {
    expect(scope.resolveRef(at('shop'), { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' })).toBe(web.object);
    expect(scope.resolveRef(at('shop'), { apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'web' })).toBe(web.object);
    expect(scope.resolveRef(at('shop'), { apiVersion: 'example.com/v1', kind: 'Deployment', name: 'web' })).toBeUndefined();
    expect(scope.resolveRef(at('other'), { kind: 'Deployment', name: 'web' })).toBeUndefined();
  });
});
