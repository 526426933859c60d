import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintPaths, type LintResult } from '../src/engine/run.js';
import { tempTree } from './helpers.js';

/** Issue 14, "Kustomize folders": a folder holding kustomizations is linted as each of them (and its plain files) would be. */

const hasKustomize = (process.env.PATH ?? '')
  .split(path.delimiter)
  .some((p) => fs.existsSync(path.join(p, 'kubectl')) || fs.existsSync(path.join(p, 'kustomize')));

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ui
spec:
  selector:
    matchLabels: {app: ui}
  template:
    metadata:
      labels: {app: ui}
    spec:
      containers:
        - name: ui
          image: example/ui:1.0.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 128Mi}
`;
const SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: ui\nspec:\n  selector: {app: ui}\n  ports: [{port: 80, targetPort: 8080}]\n';
const EXAMPLE_POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: example\nspec:\n  containers:\n    - name: c\n      image: example/tool:latest\n';

/** A repository root of kustomize apps: a base with an unreferenced example, an overlay with a namespace and a patch, plain files with envsubst placeholders. */
const repository = () =>
  tempTree({
    'shop/base/kustomization.yaml': 'resources: [deploy.yaml, service.yaml]\n',
    'shop/base/deploy.yaml': DEPLOYMENT,
    'shop/base/service.yaml': SERVICE,
    'shop/base/example-extra.yaml': EXAMPLE_POD,
    'shop/overlays/prod/kustomization.yaml': 'namespace: shop-prod\nresources: [../../base]\npatches:\n  - path: memory.yaml\n',
    'shop/overlays/prod/memory.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ui\nspec:\n  template:\n    spec:\n      containers:\n        - name: ui\n          resources:\n            requests: {memory: 512m}\n',
    'plain/pvc.yaml':
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: ${PVC_SIZE}\n',
  });

function lintAll(paths: string[]): LintResult {
  return lintPaths({
    paths,
    config: {},
    rules: builtinRules,
    overrides: Object.fromEntries(builtinRules.map((r) => [r.id, r.severity])),
    maxFileSize: 1 << 24,
  });
}

const keys = (result: LintResult) =>
  result.findings.map((f) => `${f.ruleId} ${path.basename(f.location.file)}:${f.location.line} ${f.message}`);

describe('kustomize folders', () => {
  it('files a kustomization does not reference are linted plain; patches are skipped; the summary counts each', () => {
    const dir = repository();
    const result = lintAll([path.join(dir, 'shop/base'), path.join(dir, 'shop/overlays/prod')]);
    // The example beside the base is linted on its own: its floating tag is found.
    expect(keys(result)).toContainEqual(expect.stringMatching(/^image-tag-floating example-extra\.yaml:8 /));
    expect(result.summary.kustomize).toEqual({ rendered: hasKustomize ? 2 : 0, plain: 1, patches: 1 });
  });

  it('a patch file its kustomization does not apply now (kubebuilder comments it out) is skipped as a patch, whether walked or named', () => {
    const dir = tempTree({
      'default/kustomization.yaml': 'resources: [deploy.yaml]\npatchesStrategicMerge:\n#- manager_webhook_patch.yaml\n',
      'default/deploy.yaml': DEPLOYMENT,
      'default/manager_webhook_patch.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ui\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          ports: [{containerPort: 9443}]\n',
      'default/example-extra.yaml': EXAMPLE_POD,
    });
    const walked = lintAll([path.join(dir, 'default')]);
    expect(keys(walked).filter((k) => k.includes('manager_webhook_patch'))).toEqual([]);
    expect(walked.summary.kustomize).toMatchObject({ plain: 1, patches: 1 });
    const named = lintAll([path.join(dir, 'default/manager_webhook_patch.yaml')]);
    expect(named.findings).toEqual([]);
    expect(named.summary.kustomize).toMatchObject({ patches: 1 });
    // The same file with no kustomization beside it is an object of its own, and judged.
    const alone = tempTree({ 'manager_webhook_patch.yaml': fs.readFileSync(path.join(dir, 'default/manager_webhook_patch.yaml'), 'utf8') });
    expect(keys(lintAll([alone])).some((k) => k.startsWith('workload-selector-mismatch'))).toBe(true);
  });

  it.runIf(hasKustomize)('a repository root gives what linting each kustomization and each plain folder gives', () => {
    const dir = repository();
    const root = lintAll([dir]);
    const each = ['shop/base', 'shop/overlays/prod', 'plain'].flatMap((p) => keys(lintAll([path.join(dir, p)])));
    expect([...new Set(keys(root))].sort()).toEqual([...new Set(each)].sort());
    expect(root.summary.kustomize).toEqual({ rendered: 2, plain: 2, patches: 1 });
  });

  it.runIf(hasKustomize)('the namespace comes from the overlay, and an envsubst placeholder is no invalid quantity', () => {
    const root = lintAll([repository()]);
    const namespaces = new Set(root.set?.objects.filter((o) => o.kind === 'Deployment').map((o) => o.namespace));
    expect(namespaces).toEqual(new Set([null, 'shop-prod']));
    expect(root.findings.filter((f) => f.ruleId === 'quantity-invalid')).toEqual([]);
    // The overlay's own mistake is found through the root too.
    expect(keys(root)).toContainEqual(expect.stringMatching(/^quantity-suspicious-unit .* requests\.memory is 512m/));
  });

  it.runIf(hasKustomize)('a value a patch sets is reported at the patch line; one set otherwise says so in declared', () => {
    const dir = repository();
    const patched = lintAll([path.join(dir, 'shop/overlays/prod')]).findings.find((f) => f.ruleId === 'quantity-suspicious-unit');
    expect(patched?.location).toMatchObject({ file: path.join(dir, 'shop/overlays/prod/memory.yaml'), line: 11 });
    // The same value written by a JSON 6902 patch (no file that holds the value as an object): the base line, and declared says why.
    const json = tempTree({
      'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'base/deploy.yaml': DEPLOYMENT,
      'prod/kustomization.yaml':
        'resources: [../base]\npatches:\n  - target: {kind: Deployment, name: ui}\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/0/resources/requests/memory\n        value: 512m\n',
    });
    const inline = lintAll([path.join(json, 'prod')]).findings.find((f) => f.ruleId === 'quantity-suspicious-unit');
    expect(inline?.location).toMatchObject({ file: path.join(json, 'base/deploy.yaml'), line: 16 });
    expect(inline?.declared).toContain('the rendered value "512m" comes from a patch or transformer of the kustomization');
  });
});
