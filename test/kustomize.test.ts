import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyChanged } from '../src/engine/changed.js';
import type { LintResult } from '../src/engine/run.js';
import { kustomizationInputs, patchFiles, renderedFrom } from '../src/load/kustomize.js';
import type { Finding } from '../src/types.js';
import { tempTree } from './helpers.js';

const tree = () =>
  tempTree({
    'base/kustomization.yaml': 'resources: [deploy.yaml, https://example.com/remote.yaml]\nconfigMapGenerator:\n  - name: cfg\n    files: [app.properties]\n',
    'base/deploy.yaml': 'kind: Deployment\n',
    'base/app.properties': 'a=b\n',
    'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: replicas.yaml\npatchesStrategicMerge: [legacy.yaml]\n',
    'overlays/prod/replicas.yaml': 'kind: Deployment\n',
    'overlays/prod/legacy.yaml': 'kind: Deployment\n',
    'unrelated/other.yaml': 'kind: Service\n',
  });

describe('kustomizations', () => {
  it('lists the local folders and files an overlay is built from, recursively, skipping remote URLs', () => {
    const dir = tree();
    const inputs = [...kustomizationInputs(path.join(dir, 'overlays/prod'))].map((p) => path.relative(dir, p)).sort();
    expect(inputs).toEqual(['base', 'base/app.properties', 'base/deploy.yaml', 'overlays/prod', 'overlays/prod/legacy.yaml', 'overlays/prod/replicas.yaml']);
  });

  it('knows its patch files', () => {
    const dir = tree();
    expect(patchFiles(path.join(dir, 'overlays/prod')).map((p) => path.basename(p)).sort()).toEqual(['legacy.yaml', 'replicas.yaml']);
    expect(patchFiles(path.join(dir, 'unrelated'))).toEqual([]);
  });

  it('recognises the label of rendered output', () => {
    expect(renderedFrom('overlays/prod (kubectl kustomize)')).toBe('overlays/prod');
    expect(renderedFrom('apps/web.yaml')).toBeUndefined();
  });

  it('--changed keeps findings of a rendered kustomization when a file it is built from changed', () => {
    const dir = tree();
    const finding = { location: { file: 'overlays/prod (kustomize build)', line: 1, column: 1, endLine: 1, endColumn: 1 }, related: [], severity: 'warning' } as unknown as Finding;
    const result = { findings: [finding], summary: { files: 1, objects: 1, errors: 0, warnings: 1, infos: 0 }, linted: true } as LintResult;
    const changed = (file: string) => ({ base: 'x', baseName: 'main', files: new Set([fs.realpathSync(path.join(dir, file))]) });
    expect(onlyChanged(result, changed('base/deploy.yaml'), dir).findings).toHaveLength(1);
    expect(onlyChanged(result, changed('overlays/prod/replicas.yaml'), dir).findings).toHaveLength(1);
    expect(onlyChanged(result, changed('unrelated/other.yaml'), dir).findings).toHaveLength(0);
  });
});
