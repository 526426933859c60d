import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { withUnusedSuppressions } from '../src/engine/unused-suppressions.js';
import type { Config } from '../src/engine/config.js';
import type { SeverityOrOff } from '../src/types.js';
import { lint, tempTree } from './helpers.js';

/**
 * resources-missing stands in for the per-resource findings of a container that declares no
 * resources (RuleDefinition.replaces): how it meets the config, --rule and suppressions.
 */
const manifest = (annotations = '', comment = '') => `apiVersion: v1
kind: Pod
metadata:
  name: shell
  namespace: tools${annotations}
spec:
  containers:
${comment}    - name: shell
      image: example/shell:1.0.0
      livenessProbe: { exec: { command: [/bin/true] } }
`;

const RESOURCE_RULES = ['resources-missing', 'cpu-request-missing', 'memory-request-missing', 'memory-limit-missing', 'cpu-limit-missing'];

function run(text: string, config: Config = {}, overrides: Record<string, SeverityOrOff> = {}) {
  const dir = tempTree({ 'pod.yaml': text });
  const result = lint([path.join(dir, 'pod.yaml')], config, { rules: builtinRules, overrides });
  const resources = result.findings.filter((f) => RESOURCE_RULES.includes(f.ruleId));
  return {
    result,
    open: resources.filter((f) => !f.suppressed).map((f) => `${f.ruleId}@${f.severity}`),
    suppressed: resources.filter((f) => f.suppressed).map((f) => f.ruleId),
  };
}

describe('resources-missing and the findings it replaces', () => {
  it('reports a container without resources once', () => {
    expect(run(manifest()).open).toEqual(['resources-missing@warning']);
  });

  it('off (config or --rule), the individual findings come back', () => {
    const individual = ['cpu-request-missing@warning', 'memory-limit-missing@warning', 'memory-request-missing@warning'];
    expect(run(manifest(), { rules: { 'resources-missing': 'off' } }).open.sort()).toEqual(individual);
    expect(run(manifest(), {}, { 'resources-missing': 'off' }).open.sort()).toEqual(individual);
  });

  it('takes the highest severity configured for a rule it replaces, unless its own is configured', () => {
    expect(run(manifest(), { rules: { 'memory-request-missing': 'error' } }).open).toEqual(['resources-missing@error']);
    expect(run(manifest(), { rules: { 'memory-request-missing': 'error', 'resources-missing': 'info' } }).open).toEqual([
      'resources-missing@info',
    ]);
  });

  it('says nothing where every rule it replaces is off', () => {
    const off = { 'cpu-request-missing': 'off', 'memory-request-missing': 'off', 'memory-limit-missing': 'off' } as const;
    expect(run(manifest(), { rules: off }).open).toEqual([]);
  });

  it('an annotation suppressing every replaced rule suppresses it too, and each suppression counts as used', () => {
    const annotation = `\n  annotations:\n    kube-intent.io/ignore: "cpu-request-missing, memory-request-missing, memory-limit-missing"`;
    const { open, suppressed, result } = run(manifest(annotation));
    expect(open).toEqual([]);
    expect(suppressed.sort()).toEqual(['cpu-request-missing', 'memory-limit-missing', 'memory-request-missing', 'resources-missing']);
    const unused = withUnusedSuppressions(result, builtinRules).findings.filter((f) => f.ruleId === 'unused-suppression');
    expect(unused).toEqual([]);
  });

  it('a suppression of one replaced rule keeps that finding suppressed and the container still reported', () => {
    const { open, suppressed } = run(manifest('', '    # kube-intent-ignore cpu-request-missing -- CPU is shared on purpose\n'));
    expect(open).toEqual(['resources-missing@warning']);
    expect(suppressed).toEqual(['cpu-request-missing']);
  });

  it('its own id suppresses the one line', () => {
    const { open, suppressed } = run(manifest('', '    # kube-intent-ignore resources-missing\n'));
    expect(open).toEqual([]);
    expect(suppressed).toEqual(['resources-missing']);
  });
});
