import path from 'node:path';
import { expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintPaths } from '../src/engine/run.js';
import { DEPLOYMENT_ONLY_CPU_MISSING, DEPLOYMENT_WITHOUT_CPU, tempTree } from './helpers.js';

const LIMIT_RANGE = `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
    - type: Container
      defaultRequest: { cpu: 100m }
`;

it('a LimitRange without namespace governs namespace-less workloads of its own folder only', () => {
  const dir = tempTree({
    'app/limits.yaml': LIMIT_RANGE,
    'app/web.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    'other/web.yaml': DEPLOYMENT_ONLY_CPU_MISSING.replace('name: web', 'name: other'),
  });
  const { findings } = lintPaths({ paths: [dir], config: {}, rules: builtinRules, maxFileSize: 16 * 1024 * 1024 });
  const where = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => path.relative(dir, f.location.file));
  expect(where('cpu-request-missing')).toEqual([path.join('other', 'web.yaml')]);
});

it('a namespace-less LimitRange governs the folders inside its own, up to a kustomization directory', () => {
  const dir = tempTree({
    'app/limits.yaml': LIMIT_RANGE,
    'app/web/web.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    'app/kustomized/kustomization.yaml': 'resources: [web.yaml]\n',
    'app/kustomized/web.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
  });
  const { findings } = lintPaths({ paths: [dir], config: {}, rules: builtinRules, maxFileSize: 16 * 1024 * 1024 });
  expect(findings.filter((f) => f.ruleId === 'cpu-request-missing').map((f) => path.relative(dir, f.location.file))).toEqual([
    path.join('app', 'kustomized', 'web.yaml'),
  ]);
});

it('a LimitRange in the shared namespace default governs its own folder only', () => {
  const inDefault = (text: string) => text.replace(/\n {2}name: (\w+)\n/, '\n  name: $1\n  namespace: default\n');
  const dir = tempTree({
    'a/limits.yaml': inDefault(LIMIT_RANGE),
    'a/web.yaml': inDefault(DEPLOYMENT_ONLY_CPU_MISSING),
    'b/web.yaml': inDefault(DEPLOYMENT_ONLY_CPU_MISSING),
  });
  const { findings } = lintPaths({ paths: [dir], config: {}, rules: builtinRules, maxFileSize: 16 * 1024 * 1024 });
  expect(findings.filter((f) => f.ruleId === 'cpu-request-missing').map((f) => path.relative(dir, f.location.file))).toEqual([
    path.join('b', 'web.yaml'),
  ]);
});

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`;

it('an HPA without namespace targets the workload of its own folder, not a namesake elsewhere', () => {
  const withRequest = DEPLOYMENT_WITHOUT_CPU.replace(
    'image: example/web:1.0.0',
    'image: example/web:1.0.0\n          resources: { requests: { cpu: 100m } }',
  );
  const dir = tempTree({
    'a/hpa.yaml': HPA,
    'a/web.yaml': withRequest,
    'z/web.yaml': DEPLOYMENT_WITHOUT_CPU,
    'b/hpa.yaml': HPA,
    'b/web.yaml': DEPLOYMENT_WITHOUT_CPU,
  });
  const { findings } = lintPaths({ paths: [dir], config: {}, rules: builtinRules, maxFileSize: 16 * 1024 * 1024 });
  const hpa = findings.filter((f) => f.ruleId === 'hpa-metric-without-request');
  expect(hpa.map((f) => path.relative(dir, f.location.file))).toEqual([path.join('b', 'hpa.yaml')]);
  expect(path.relative(dir, hpa[0].related[0].location.file)).toBe(path.join('b', 'web.yaml'));
});
