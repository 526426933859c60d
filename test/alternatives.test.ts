import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintPaths } from '../src/engine/run.js';
import { tempTree } from './helpers.js';

/**
 * A folder of alternatives (documentation examples, install flavours): objects judged by directory
 * tree are judged with the partners of their own file (or of a companion file named after it)
 * only, once the tree shows it holds alternatives. A real app folder keeps its findings.
 */
function findings(files: Record<string, string>, ruleId: string, only?: string[]): string[] {
  const dir = tempTree(files);
  const paths = only ? only.map((p) => path.join(dir, p)) : [dir];
  const result = lintPaths({ paths, config: {}, rules: builtinRules, maxFileSize: 16 * 1024 * 1024 });
  // One place per finding line: a value can breach several bounds at once.
  return [
    ...new Set(result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${path.relative(dir, f.location.file)}:${f.location.line}`)),
  ].sort();
}

const pod = (name: string, cpu: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: c
      image: nginx:1.27
      resources: { requests: { cpu: ${cpu}, memory: 64Mi }, limits: { cpu: ${cpu}, memory: 64Mi } }
`;

const limitRange = (name: string, max: string) => `apiVersion: v1
kind: LimitRange
metadata:
  name: ${name}
spec:
  limits:
    - type: Container
      max: { cpu: ${max} }
`;

const deployment = (name: string, app: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector: { matchLabels: { app: ${app} } }
  template:
    metadata: { labels: { app: ${app} } }
    spec:
${extra}      containers:
        - name: c
          image: nginx:1.27
`;

const pdb = (name: string, app: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: ${app} } }
`;

const hpa = (name: string, target: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }
  minReplicas: 2
  maxReplicas: 5
`;

describe('limitrange-violation in a folder of per-namespace examples', () => {
  const docs = {
    'examples/cpu-constraints.yaml': limitRange('cpu-min-max', '800m'),
    'examples/memory-constraints.yaml': limitRange('mem-min-max', '2'),
    'examples/cpu-constraints-pod-2.yaml': pod('too-much', '1500m'),
    'examples/limit-range-pod-1.yaml': pod('busybox1', '1200m'),
  };

  it('judges a pod against the LimitRange of its companion file only', () => {
    expect(findings(docs, 'limitrange-violation')).toEqual(['examples/cpu-constraints-pod-2.yaml:9']);
  });

  it('judges a pod against every LimitRange of a folder with one policy file (an app folder)', () => {
    const app = {
      'app/limits.yaml': limitRange('cpu-min-max', '800m'),
      'app/web.yaml': pod('web', '1500m'),
    };
    expect(findings(app, 'limitrange-violation')).toEqual(['app/web.yaml:9']);
  });

  it('judges a pod with the LimitRange of its own file', () => {
    const own = { ...docs, 'examples/limit-range-pod-1.yaml': `${limitRange('own', '1')}---\n${pod('busybox1', '1200m')}` };
    expect(findings(own, 'limitrange-violation')).toEqual(['examples/cpu-constraints-pod-2.yaml:9', 'examples/limit-range-pod-1.yaml:18']);
  });
});

describe('missing partners in a folder of variants', () => {
  // Two variants of one PDB in two files: the folder collects alternatives, not one application.
  const variants = {
    'policy/zk-pdb-minavailable.yaml': pdb('zk-pdb', 'zookeeper'),
    'policy/zk-pdb-maxunavailable.yaml': pdb('zk-pdb', 'zookeeper'),
    'policy/high-priority-pod.yaml': deployment('web', 'web'),
  };

  it('pdb-selector-no-match stays silent', () => {
    expect(findings(variants, 'pdb-selector-no-match')).toEqual([]);
  });

  it('pdb-selector-no-match still fires when the variants are not in the tree (an app folder)', () => {
    const app = { 'policy/zk-pdb.yaml': pdb('zk-pdb', 'zookeeper'), 'policy/web.yaml': deployment('web', 'web') };
    expect(findings(app, 'pdb-selector-no-match')).toEqual(['policy/zk-pdb.yaml:7']);
  });

  it('the answer does not depend on a sibling folder linted in the same run', () => {
    const files = {
      'app/zk-pdb.yaml': pdb('zk-pdb', 'zookeeper'),
      'app/web.yaml': deployment('web', 'web'),
      'other/a.yaml': pdb('x', 'x'),
      'other/b.yaml': pdb('x', 'x'),
    };
    expect(findings(files, 'pdb-selector-no-match').filter((f) => f.startsWith('app/'))).toEqual(['app/zk-pdb.yaml:7']);
  });

  it('service-selector-no-match and hpa-target-unknown stay silent', () => {
    const files = {
      ...variants,
      'policy/svc.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: zk\nspec:\n  selector: { app: zookeeper }\n  ports: [{ port: 2181 }]\n',
      'policy/hpa.yaml': hpa('zk', 'zk'),
    };
    expect(findings(files, 'service-selector-no-match')).toEqual([]);
    expect(findings(files, 'hpa-target-unknown')).toEqual([]);
  });
});

describe('hpa-overlap and pdb-blocks-eviction across alternative files', () => {
  // Two flavours of one setup: a ServiceMonitor shipped in both, and one HPA each.
  const monitor = (flavour: string) =>
    `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: exporter\n  namespace: monitoring\n  labels: { flavour: ${flavour} }\nspec:\n  selector: { matchLabels: { app: exporter } }\n  endpoints: [{ port: metrics }]\n`;
  const flavours = {
    'vllm/deployment.yaml': deployment('vllm', 'vllm'),
    'vllm/hpa/monitor-gke.yaml': monitor('gke'),
    'vllm/hpa/monitor-generic.yaml': monitor('generic'),
    'vllm/hpa/hpa.yaml': hpa('vllm-hpa', 'vllm'),
    'vllm/hpa/gpu-hpa.yaml': hpa('vllm-gpu-hpa', 'vllm'),
  };

  it('two alternative HPA files for one Deployment are not an overlap', () => {
    expect(findings(flavours, 'hpa-overlap')).toEqual([]);
  });

  it('two HPAs for one Deployment in an app folder overlap', () => {
    const app = {
      'vllm/deployment.yaml': deployment('vllm', 'vllm'),
      'vllm/hpa/hpa.yaml': hpa('vllm-hpa', 'vllm'),
      'vllm/hpa/gpu-hpa.yaml': hpa('vllm-gpu-hpa', 'vllm'),
    };
    expect(findings(app, 'hpa-overlap')).toEqual(['vllm/hpa/gpu-hpa.yaml:6', 'vllm/hpa/hpa.yaml:6']);
  });

  it('two HPAs for one Deployment in one file overlap, even among alternatives', () => {
    const files = {
      ...flavours,
      'vllm/hpa/hpa.yaml': `${hpa('vllm-hpa', 'vllm')}---\n${hpa('vllm-cpu-hpa', 'vllm')}---\n${deployment('vllm', 'vllm')}`,
    };
    expect(findings(files, 'hpa-overlap')).toEqual(['vllm/hpa/hpa.yaml:15', 'vllm/hpa/hpa.yaml:6']);
  });
});

describe('priorityclass-unknown', () => {
  const priorityClass = (name: string) =>
    `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: ${name}\nvalue: 1000\n`;
  const uses = (cls: string) => deployment('web', 'web', `      priorityClassName: ${cls}\n`);

  it('is judged against the PriorityClasses of the workload’s directory tree', () => {
    expect(findings({ 'app/pc.yaml': priorityClass('high'), 'app/web.yaml': uses('hgh') }, 'priorityclass-unknown')).toEqual([
      'app/web.yaml:11',
    ]);
  });

  it('does not change because an unrelated folder that defines PriorityClasses was linted in the same run', () => {
    const files = { 'scheduling/pc.yaml': priorityClass('low'), 'policy/web.yaml': uses('high') };
    expect(findings(files, 'priorityclass-unknown')).toEqual([]);
    expect(findings(files, 'priorityclass-unknown', ['policy'])).toEqual([]);
  });
});

describe('pdb-blocks-eviction over copies of one workload', () => {
  it('counts and names a workload declared in several files once', () => {
    const web = deployment('web', 'web').replace('  name: web\n', '  name: web\n  namespace: shop\n').replace('replicas: 2', 'replicas: 1');
    const budget = pdb('web', 'web')
      .replace('  name: web\n', '  name: web\n  namespace: shop\n')
      .replace('maxUnavailable: 1', 'minAvailable: 80%');
    const dir = tempTree({ 'all-in-one.yaml': `${web}---\n${budget}`, 'split/web.yaml': web });
    const result = lintPaths({ paths: [dir], config: {}, rules: builtinRules, maxFileSize: 16 * 1024 * 1024 });
    expect(result.findings.filter((f) => f.ruleId === 'pdb-blocks-eviction').map((f) => f.message)).toEqual([
      expect.stringContaining('keeps 1 of 1 pods available for Deployment shop/web: no eviction'),
    ]);
  });
});
