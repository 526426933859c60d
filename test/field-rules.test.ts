import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintPaths } from '../src/engine/run.js';
import type { Finding } from '../src/types.js';
import { tempTree } from './helpers.js';

const FIELD_RULES = builtinRules.filter((r) => r.id === 'unknown-field' || r.id === 'field-type-mismatch');

function lint(files: Record<string, string>, paths: string[] = ['.']): Finding[] {
  const dir = tempTree(files);
  return lintPaths({ paths: paths.map((p) => path.join(dir, p)), config: {}, rules: FIELD_RULES, maxFileSize: 1 << 24 }).findings;
}

const deployment = (container: string) => `apiVersion: apps/v1
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
${container}`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: integer } } }
`;
const widget = `apiVersion: example.com/v1
kind: Widget
metadata: { name: w, namespace: shop }
spec: { sise: 3 }
`;

describe('unknown-field', () => {
  it('names the closest field, the exact path and the line of the key', () => {
    const [f, ...rest] = lint({ 'web.yaml': deployment('          livenssProbe: { tcpSocket: { port: 80 } }\n') });
    expect(rest).toEqual([]);
    expect(f.ruleId).toBe('unknown-field');
    expect(f.message).toBe(
      'Deployment shop/web: spec.template.spec.containers[0].livenssProbe is not a field of Container; did you mean livenessProbe?',
    );
    expect(f.path).toBe('spec.template.spec.containers[0].livenssProbe');
    expect([f.location.line, f.location.column]).toEqual([12, 11]);
    expect(f.interpreted).toContain('Container (Kubernetes 1.36) has no field livenssProbe');
    expect(f.fix).toBe('rename livenssProbe to livenessProbe');
  });

  it('without a near name, points at kubectl explain for the mapping', () => {
    const [f] = lint({ 'web.yaml': deployment('          colour: blue\n') });
    expect(f.message).not.toContain('did you mean');
    expect(f.fix).toContain('`kubectl explain deployment.spec.template.spec.containers`');
  });

  it('judges a custom resource by the CRD shipped with it, and only then', () => {
    const together = lint({ 'app/crd.yaml': crd, 'app/widget.yaml': widget });
    expect(together.map((f) => [f.ruleId, f.path, f.interpreted.includes('CustomResourceDefinition widgets.example.com')])).toEqual([
      ['unknown-field', 'spec.sise', true],
    ]);
    // A CRD in an unrelated folder of the same run does not change the answer.
    expect(lint({ 'crds/crd.yaml': crd, 'app/widget.yaml': widget })).toEqual([]);
    expect(lint({ 'app/widget.yaml': widget })).toEqual([]);
  });
});

describe('field-type-mismatch', () => {
  it('says what the field takes, quotes the value as written and gives the fix', () => {
    const findings = lint({
      'web.yaml': deployment('          env:\n            - name: VERSION\n              value: 1.10\n          ports: 80\n'),
    });
    expect(findings.map((f) => [f.location.line, f.message, f.fix])).toEqual([
      [14, 'Deployment shop/web: spec.template.spec.containers[0].env[0].value must be a string, not the number 1.10', 'quote it: "1.10"'],
      [
        15,
        'Deployment shop/web: spec.template.spec.containers[0].ports must be a list of ContainerPort mappings, not the integer 80',
        'write a list of ContainerPort mappings: one `- ` item per entry',
      ],
    ]);
    expect(findings[0].interpreted).toContain('rejects the whole Deployment');
  });

  it('reads a quoted number where a number belongs', () => {
    const [f] = lint({ 'web.yaml': deployment('').replace('spec:\n  selector', 'spec:\n  replicas: "3"\n  selector') });
    expect([f.message, f.declared, f.fix]).toEqual([
      'Deployment shop/web: spec.replicas must be a number, not the string "3"',
      'spec.replicas: "3"',
      'write 3 without quotes',
    ]);
  });
});
