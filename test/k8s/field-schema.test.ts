import { describe, expect, it } from 'vitest';
import { customResourceSchema, fromOpenApi } from '../../src/k8s/crd-schema.js';
import { checkFields, describeType, displayPath, fits, nearestField } from '../../src/k8s/field-check.js';
import { builtinKindSchema, objectMetaSchema, schemaKubernetesVersion, type FieldType } from '../../src/k8s/field-schema.js';

function schema(apiVersion: string, kind: string): FieldType {
  const type = builtinKindSchema(apiVersion, kind);
  if (!type) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return type;
}

function field(type: FieldType, ...path: string[]): FieldType {
  let at = type;
  for (const name of path) {
    if (at.type === 'list' || at.type === 'map') at = at.of;
    if (at.type !== 'object') throw new Error(`${name}: not an object`);
    at = at.fields[name];
  }
  return at;
}

describe('the built-in field tree', () => {
  it('names its Kubernetes release and knows the stable kinds only', () => {
    expect(schemaKubernetesVersion()).toBe('1.36');
    expect(builtinKindSchema('apps/v1', 'Deployment')).toBeDefined();
    expect(builtinKindSchema('v1', 'Pod')).toBeDefined();
    expect(builtinKindSchema('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(builtinKindSchema('extensions/v1beta1', 'Ingress')).toBeUndefined();
    expect(builtinKindSchema('v1', 'PodList')).toBeUndefined();
    expect(builtinKindSchema('v1', 'constructor')).toBeUndefined();
  });

  it('types int-or-string fields, quantities, lists and maps as the API server decodes them', () => {
    const deployment = schema('apps/v1', 'Deployment');
    expect(field(deployment, 'spec', 'replicas').type).toBe('number');
    expect(field(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxSurge').type).toBe('int-or-string');
    const container = field(deployment, 'spec', 'template', 'spec', 'containers');
    expect(container.type === 'list' && container.of.type === 'object' && container.of.name).toBe('Container');
    expect(describeType(field(container, 'ports'))).toBe('a list of ContainerPort mappings');
    expect(field(container, 'resources', 'limits')).toEqual({ type: 'map', of: { type: 'quantity' } });
    expect(field(schema('v1', 'Service'), 'spec', 'ports', 'targetPort').type).toBe('int-or-string');
    expect(field(schema('v1', 'ConfigMap'), 'data')).toEqual({ type: 'map', of: { type: 'string' } });
    // status is for controllers to write: not checked
    expect(field(deployment, 'status').type).toBe('any');
  });

  it('has fields of recent releases (pod-level resources, hostnameOverride)', () => {
    const pod = schema('v1', 'Pod');
    expect(field(pod, 'spec', 'resources').type).toBe('object');
    expect(field(pod, 'spec', 'hostnameOverride').type).toBe('string');
  });
});

describe('checkFields', () => {
  const deployment = schema('apps/v1', 'Deployment');
  const manifest = (container: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 2, ...spec, template: { spec: { containers: [{ name: 'web', image: 'web:1', ...container }] } } },
  });

  it('reports an unknown key with its path and the closest valid name', () => {
    const { unknown, mismatches } = checkFields(manifest({ livenssProbe: { httpGet: { port: 80 } } }), deployment);
    expect(mismatches).toEqual([]);
    expect(unknown).toEqual([
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'livenssProbe'],
        field: 'livenssProbe',
        owner: 'Container',
        suggestion: 'livenessProbe',
      },
    ]);
  });

  it('does not descend into an unknown key, and leaves patch directives and placeholders alone', () => {
    const { unknown } = checkFields(manifest({ bogus: { alsoBogus: 1 }, $patch: 'replace', '${EXTRA}': 1 }), deployment);
    expect(unknown.map((u) => u.field)).toEqual(['bogus']);
  });

  it('reports values of the wrong type, and accepts null, int-or-string and quantities', () => {
    const ok = checkFields(
      manifest(
        { ports: [{ containerPort: 80 }], resources: { limits: { cpu: 0.5, memory: '1Gi' } }, env: [{ name: 'A', value: null }] },
        { strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } },
      ),
      deployment,
    );
    expect(ok).toEqual({ unknown: [], mismatches: [] });
    const bad = checkFields(
      manifest({ ports: 80, env: [{ name: 'A', value: 8080 }] }, { replicas: '3', strategy: { rollingUpdate: { maxSurge: 0.5 } } }),
      deployment,
    );
    expect(bad.mismatches.map((m) => [displayPath(m.path), m.expected.type, m.value])).toEqual([
      ['spec.replicas', 'number', '3'],
      ['spec.strategy.rollingUpdate.maxSurge', 'int-or-string', 0.5],
      ['spec.template.spec.containers[0].ports', 'list', 80],
      ['spec.template.spec.containers[0].env[0].value', 'string', 8080],
    ]);
  });

  it('leaves values meant to be filled in alone', () => {
    const { mismatches } = checkFields(
      manifest({ ports: [{ containerPort: 'PORT' }, { containerPort: '${PORT}' }, { containerPort: '<port>' }] }),
      deployment,
    );
    expect(mismatches).toEqual([]);
    const secret = checkFields(
      { apiVersion: 'v1', kind: 'Secret', data: { key: ['YOUR_BASE64_KEY'], other: ['a', 'b'] } },
      schema('v1', 'Secret'),
    );
    expect(secret.mismatches.map((m) => m.path)).toEqual([['data', 'other']]);
  });
});

describe('fits', () => {
  it('follows the decoders: int-or-string takes whole numbers and strings, quantities any number', () => {
    expect(fits(3, { type: 'int-or-string' })).toBe(true);
    expect(fits('http', { type: 'int-or-string' })).toBe(true);
    expect(fits(0.5, { type: 'int-or-string' })).toBe(false);
    expect(fits(true, { type: 'int-or-string' })).toBe(false);
    expect(fits(0.5, { type: 'quantity' })).toBe(true);
    expect(fits(true, { type: 'quantity' })).toBe(false);
    expect(fits('3', { type: 'number' })).toBe(false);
    expect(fits({}, { type: 'list', of: { type: 'any' } })).toBe(false);
  });
});

describe('nearestField', () => {
  it('prefers a case-only difference, and gives short keys one edit only', () => {
    expect(nearestField('imagepullpolicy', ['imagePullPolicy', 'image'])).toBe('imagePullPolicy');
    expect(nearestField('contianers', ['containers', 'initContainers'])).toBe('containers');
    expect(nearestField('foo', ['os', 'fsGroup'])).toBeUndefined();
    expect(nearestField('prot', ['port', 'ports'])).toBeUndefined();
    expect(nearestField('pots', ['port', 'ports'])).toBe('ports');
  });
});

describe('customResourceSchema', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [
        {
          name: 'v1',
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'integer' },
                    port: { 'x-kubernetes-int-or-string': true },
                    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { mode: { type: 'string' } } },
                    tags: { type: 'array', items: { type: 'string' } },
                    labels: { type: 'object', additionalProperties: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };

  it('gives the version of the group and kind it declares, with ObjectMeta for metadata', () => {
    expect(customResourceSchema(crd, 'example.com/v2', 'Widget', objectMetaSchema())).toBeUndefined();
    expect(customResourceSchema(crd, 'other.com/v1', 'Widget', objectMetaSchema())).toBeUndefined();
    expect(customResourceSchema(crd, 'example.com/v1', 'Gadget', objectMetaSchema())).toBeUndefined();
    const type = customResourceSchema(crd, 'example.com/v1', 'Widget', objectMetaSchema())!;
    const { unknown, mismatches } = checkFields(
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', lables: {} },
        spec: { size: '3', port: 'http', sise: 1, free: { a: 1 }, open: { mode: 1, other: 2 }, tags: ['a'], labels: { a: 1 } },
        status: { anything: true },
      },
      type,
    );
    expect(unknown.map((u) => [displayPath(u.path), u.owner])).toEqual([
      ['metadata.lables', 'ObjectMeta'],
      ['spec.sise', 'Widget.spec'],
    ]);
    expect(mismatches.map((m) => displayPath(m.path))).toEqual(['spec.size', 'spec.open.mode', 'spec.labels.a']);
  });

  it('leaves schemas it cannot read unchecked', () => {
    expect(fromOpenApi(undefined, 'X').type).toBe('any');
    expect(fromOpenApi({ type: 'object' }, 'X').type).toBe('any');
    expect(fromOpenApi({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'X').type).toBe('any');
  });
});
