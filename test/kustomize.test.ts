import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyChanged } from '../src/engine/changed.js';
import type { LintResult } from '../src/engine/run.js';
import { builtinRules } from '../rules/index.js';
import { ORIGIN_ANNOTATION, kustomizationInputs, patchFiles, renderedFrom } from '../src/load/kustomize.js';
import { OriginResolver, originalPath } from '../src/load/origin.js';
import { unpackSpan } from '../src/load/source.js';
import type { Finding } from '../src/types.js';
import { lint, tempTree } from './helpers.js';

const tree = () =>
  tempTree({
    'base/kustomization.yaml':
      'resources: [deploy.yaml, https://example.com/remote.yaml]\nconfigMapGenerator:\n  - name: cfg\n    files: [app.properties]\n',
    'base/deploy.yaml': 'kind: Deployment\n',
    'base/app.properties': 'a=b\n',
    'overlays/prod/kustomization.yaml':
      'resources: [../../base]\npatches:\n  - path: replicas.yaml\npatchesStrategicMerge: [legacy.yaml]\n',
    'overlays/prod/replicas.yaml': 'kind: Deployment\n',
    'overlays/prod/legacy.yaml': 'kind: Deployment\n',
    'unrelated/other.yaml': 'kind: Service\n',
  });

describe('kustomizations', () => {
  it('lists the local folders and files an overlay is built from, recursively, skipping remote URLs', () => {
    const dir = tree();
    const inputs = [...kustomizationInputs(path.join(dir, 'overlays/prod'))].map((p) => path.relative(dir, p)).sort();
    expect(inputs).toEqual([
      'base',
      'base/app.properties',
      'base/deploy.yaml',
      'overlays/prod',
      'overlays/prod/legacy.yaml',
      'overlays/prod/replicas.yaml',
    ]);
  });

  it('knows its patch files', () => {
    const dir = tree();
    expect(
      patchFiles(path.join(dir, 'overlays/prod'))
        .map((p) => path.basename(p))
        .sort(),
    ).toEqual(['legacy.yaml', 'replicas.yaml']);
    expect(patchFiles(path.join(dir, 'unrelated'))).toEqual([]);
  });

  it('recognises the label of rendered output', () => {
    expect(renderedFrom('overlays/prod (kubectl kustomize)')).toBe('overlays/prod');
    expect(renderedFrom('apps/web.yaml')).toBeUndefined();
  });

  it('--changed keeps findings of a rendered kustomization when a file it is built from changed', () => {
    const dir = tree();
    const finding = {
      location: { file: 'overlays/prod (kustomize build)', line: 1, column: 1, endLine: 1, endColumn: 1 },
      related: [],
      severity: 'warning',
    } as unknown as Finding;
    const result = { findings: [finding], summary: { files: 1, objects: 1, errors: 0, warnings: 1, infos: 0 }, linted: true } as LintResult;
    const changed = (file: string) => ({ base: 'x', baseName: 'main', files: new Set([fs.realpathSync(path.join(dir, file))]) });
    expect(onlyChanged(result, changed('base/deploy.yaml'), dir).findings).toHaveLength(1);
    expect(onlyChanged(result, changed('overlays/prod/replicas.yaml'), dir).findings).toHaveLength(1);
    expect(onlyChanged(result, changed('unrelated/other.yaml'), dir).findings).toHaveLength(0);
  });

  it('--changed keeps findings on objects of a render whose overlay patch changed, and only of that render', () => {
    const dir = tree();
    const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: null, name });
    const finding = (name: string) =>
      ({
        object: ref(name),
        location: { file: 'base/deploy.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 },
        related: [],
        severity: 'warning',
      }) as unknown as Finding;
    const object = (name: string, label: string) => ({ ref: ref(name), origin: {}, source: { path: label } });
    const set = {
      files: [],
      objects: [object('prod-web', 'overlays/prod (kubectl kustomize)'), object('staging-web', 'unrelated (kubectl kustomize)')],
    } as unknown as LintResult['set'];
    const result = {
      findings: [finding('prod-web'), finding('staging-web')],
      summary: { files: 1, objects: 2, errors: 0, warnings: 2, infos: 0 },
      linted: true,
      set,
    } as LintResult;
    const changed = (file: string) => ({ base: 'x', baseName: 'main', files: new Set([fs.realpathSync(path.join(dir, file))]) });
    expect(onlyChanged(result, changed('overlays/prod/replicas.yaml'), dir).findings.map((f) => f.object?.name)).toEqual(['prod-web']);
    expect(onlyChanged(result, changed('base/app.properties'), dir).findings.map((f) => f.object?.name)).toEqual(['prod-web']);
  });
});

describe('findings on rendered kustomizations point at the files the objects were written in', () => {
  const base = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: example/web:1.0.0
`;

  it('maps an origin annotation to the object in its file, prefixed names included, and removes the annotation', () => {
    const dir = tempTree({ 'app/base/deploy.yaml': `# the app\n${base}` });
    const rendered = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'prod-web', annotations: { [ORIGIN_ANNOTATION]: 'path: ../app/base/deploy.yaml\n' } },
    };
    const place = new OriginResolver().resolve(rendered, { base: path.join(dir, 'wrapper'), dir: path.join(dir, 'app/overlay') });
    expect(place?.source.path).toBe(path.join(dir, 'app/base/deploy.yaml'));
    expect(place?.source.position(unpackSpan(place.span)[0]).line).toBe(2);
    expect(rendered.metadata).toEqual({ name: 'prod-web' });
  });

  it('matches the longest prefixed name, and gives up when two originals fit equally', () => {
    const dir = tempTree({ 'base/deploy.yaml': `${base}---\n${base.replace('name: web', 'name: web-worker')}` });
    const resolve = (name: string) => {
      const rendered = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, annotations: { [ORIGIN_ANNOTATION]: 'path: ../base/deploy.yaml\n' } },
      };
      const place = new OriginResolver().resolve(rendered, { base: path.join(dir, 'wrapper'), dir: path.join(dir, 'overlay') });
      return place ? (place.raw.metadata as { name: string }).name : undefined;
    };
    expect(resolve('a-web-worker')).toBe('web-worker');
    expect(resolve('a-web')).toBe('web');
  });

  it('follows list items by name when a patch inserted items before them', () => {
    const original = { spec: { containers: [{ name: 'main' }, { name: 'worker', ports: [{ containerPort: 80 }] }] } };
    const rendered = { spec: { containers: [{ name: 'injected' }, { name: 'main' }, { name: 'worker', ports: [{ containerPort: 80 }] }] } };
    expect(originalPath(rendered, original, ['spec', 'containers', 2, 'ports', 0])).toEqual(['spec', 'containers', 1, 'ports', 0]);
    expect(originalPath(rendered, original, ['spec', 'containers', 0, 'image'])).toEqual(['spec', 'containers']);
    const env = { a: [{ value: 1 }, { value: 2 }] };
    expect(originalPath({ a: [{ value: 0 }, { value: 1 }, { value: 2 }] }, env, ['a', 1])).toEqual(['a']);
  });

  it('leaves remote and unknown origins alone', () => {
    const remote = {
      kind: 'Deployment',
      metadata: { name: 'x', annotations: { [ORIGIN_ANNOTATION]: 'path: deploy.yaml\nrepo: https://github.com/example/app\n' } },
    };
    expect(new OriginResolver().resolve(remote, { base: '/tmp', dir: '/tmp' })).toBeUndefined();
    const missing = { kind: 'Deployment', metadata: { name: 'x', annotations: { [ORIGIN_ANNOTATION]: 'path: nowhere.yaml\n' } } };
    expect(new OriginResolver().resolve(missing, { base: '/tmp', dir: '/tmp' })).toBeUndefined();
  });

  const hasKustomize = (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((p) => fs.existsSync(path.join(p, 'kubectl')) || fs.existsSync(path.join(p, 'kustomize')));
  it.runIf(hasKustomize)('through kubectl or kustomize, end to end: positions and ignore comments of the source files', () => {
    const dir = tempTree({
      'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'base/deploy.yaml': base.replace(
        '        - name: web\n',
        '        # kube-intent-ignore liveness-probe-missing -- the sidecar checks it\n        - name: web\n',
      ),
      'overlay/kustomization.yaml': 'resources: [../base]\nnamespace: prod\nnamePrefix: prod-\n',
    });
    const result = lint(
      [path.join(dir, 'overlay')],
      {},
      { rules: builtinRules.filter((r) => ['cpu-request-missing', 'liveness-probe-missing'].includes(r.id)) },
    );
    const cpu = result.findings.find((f) => f.ruleId === 'cpu-request-missing');
    expect(cpu?.location.file).toBe(path.join(dir, 'base/deploy.yaml'));
    expect(cpu?.location.line).toBe(12);
    expect(cpu?.object?.namespace).toBe('prod');
    expect(result.findings.find((f) => f.ruleId === 'liveness-probe-missing')?.suppressed).toBeDefined();
    expect(result.set?.objects[0].annotations).toEqual({});
  });
});
