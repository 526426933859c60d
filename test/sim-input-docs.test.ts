import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../src/load/source.js';
import { instanceTypeNames } from '../src/sim/input/catalogue.js';
import { formatClusterProblem, readClusterSources } from '../src/sim/input/index.js';

const ROOT = path.resolve(__dirname, '..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/cluster-profile.md'), 'utf8');

describe('docs/cluster-profile.md', () => {
  it('shows a profile that loads as written', () => {
    const blocks = [...doc.matchAll(/^```yaml profile\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    expect(blocks).toHaveLength(1);
    const cluster = readClusterSources([new SourceFile('docs/cluster-profile.md', blocks[0])]);
    expect(cluster.problems.map(formatClusterProblem)).toEqual([]);
    const names = cluster.nodes.map((n) => (n.metadata as { name: string }).name);
    expect(names).toContain('general-europe-west1-c-2');
    expect(names).toContain('highmem-europe-west1-b-1');
    expect(cluster.runningPods).toHaveLength(names.length * 4);
  });

  it('lists every family of the built-in catalogue', () => {
    for (const name of instanceTypeNames()) {
      // Sizes are listed per family: e2-standard-2/4/8/16, m5, c5, r5: large..4xlarge; AKS names in full.
      const family = /^[a-z]\d\./.test(name)
        ? name.slice(0, name.indexOf('.'))
        : /^Standard_/.test(name)
          ? name
          : name.slice(0, name.lastIndexOf('-') + 1);
      expect(doc, name).toContain(family);
    }
  });
});
