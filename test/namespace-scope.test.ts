import path from 'node:path';
import { expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintPaths } from '../src/engine/run.js';
import { DEPLOYMENT_WITHOUT_CPU, tempTree } from './helpers.js';

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
  const dir = tempTree({ 'app/limits.yaml': LIMIT_RANGE, 'app/web.yaml': DEPLOYMENT_WITHOUT_CPU, 'other/web.yaml': DEPLOYMENT_WITHOUT_CPU.replace('name: web', 'name: other') });
  const { findings } = lintPaths({ paths: [dir], config: {}, rules: builtinRules, maxFileSize: 16 * 1024 * 1024 });
  const where = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => path.relative(dir, f.location.file));
  expect(where('cpu-request-missing')).toEqual([path.join('other', 'web.yaml')]);
});
