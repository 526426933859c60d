import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKustomization, renderKustomizations } from '../src/load/kustomize.js';
import { discover, discoverConcurrently } from '../src/load/discover.js';

/**
 * A stand-in `kustomize` on PATH: it refuses the origin wrapper (as an old kustomize would), then
 * renders a folder by printing its manifests after sleeping the seconds in its `delay` file, and
 * logs when each render started and ended. Folders named `hang*` never finish, `broken*` fail.
 */
const FAKE_KUSTOMIZE = `#!/bin/sh
dir="$2"
if grep -q buildMetadata "$dir/kustomization.yaml" 2>/dev/null; then echo "Error: unknown field buildMetadata" >&2; exit 1; fi
case "$(basename "$dir")" in hang*) exec sleep 60;; broken*) echo "error: accumulating resources: missing.yaml" >&2; exit 1;; esac
echo "start $(basename "$dir") $(date +%s%N)" >> "$LOG"
[ -f "$dir/delay" ] && sleep "$(cat "$dir/delay")"
for f in "$dir"/*.yaml; do [ "$(basename "$f")" = kustomization.yaml ] || { echo ---; cat "$f"; }; done
echo "end $(basename "$dir") $(date +%s%N)" >> "$LOG"
`;

let root: string;
let savedPath: string | undefined;

function app(name: string, delay: number): string {
  const dir = path.join(root, 'tree', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\n');
  fs.writeFileSync(path.join(dir, 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`);
  fs.writeFileSync(path.join(dir, 'delay'), String(delay));
  return dir;
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ki-concurrency-'));
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'kustomize'), FAKE_KUSTOMIZE, { mode: 0o755 });
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
  process.env.LOG = path.join(root, 'log');
});

afterAll(() => {
  process.env.PATH = savedPath;
  fs.rmSync(root, { recursive: true, force: true });
});

describe('kustomizations rendered side by side', () => {
  it('returns results in the order asked, however the renders finish, and runs them at once', async () => {
    // The first folder takes longest, so renders finish in the reverse of the order asked.
    const dirs = [app('a', 0.9), app('b', 0.6), app('c', 0.3), app('d', 0)];
    fs.rmSync(process.env.LOG!, { force: true });
    const results = await renderKustomizations(dirs, { parallel: 4 });
    expect(results.map((r) => ('error' in r ? r.error : r.label))).toEqual(dirs.map((d) => `${d} (kustomize build)`));
    expect(results.map((r) => ('text' in r ? /name: (\w+)/.exec(r.text)?.[1] : undefined))).toEqual(['a', 'b', 'c', 'd']);
    expect(results).toEqual(dirs.map((d) => renderKustomization(d)));
    const log = fs.readFileSync(process.env.LOG!, 'utf8').trim().split('\n');
    const ends = log.filter((l) => l.startsWith('end')).map((l) => l.split(' ')[1]);
    // Sequential renders would end a, b, c, d; side by side the shortest ends first.
    expect(ends[0]).not.toBe('a');
    const startOfA = Number(log.find((l) => l.startsWith('start a'))!.split(' ')[2]);
    const endOfD = Number(log.find((l) => l.startsWith('end d'))!.split(' ')[2]);
    expect(endOfD).toBeLessThan(startOfA + 0.9e9);
  });

  it('a render that hangs is stopped at the timeout and reported, and the others still render', async () => {
    const hang = path.join(root, 'hang');
    fs.mkdirSync(hang, { recursive: true });
    fs.writeFileSync(path.join(hang, 'kustomization.yaml'), 'resources: []\n');
    const started = Date.now();
    const results = await renderKustomizations([hang, app('e', 0)], { parallel: 2, timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(results[0]).toEqual({ error: '`kustomize build` failed: it did not finish within 0.5 s and was stopped' });
    expect(results[1]).toMatchObject({ label: `${path.join(root, 'tree', 'e')} (kustomize build)` });
    expect(renderKustomization(hang, 500)).toEqual(results[0]);
  });

  it('a walked tree gives the same sources and problems, in the same order, rendered one by one or side by side', async () => {
    app('f', 0.4);
    app('g', 0);
    fs.writeFileSync(path.join(root, 'tree', 'plain.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n');
    const broken = path.join(root, 'tree', 'broken');
    fs.mkdirSync(broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'kustomization.yaml'), 'resources: [missing.yaml]\n');
    const options = { maxFileSize: 1 << 20, ignore: [] };
    const tree = path.join(root, 'tree');
    const concurrent = await discoverConcurrently([tree], options);
    const sequential = discover([tree], options);
    const shape = (d: typeof sequential) => ({
      sources: d.sources.map((s) => [s.path, s.text]),
      problems: d.problems,
      rendered: d.rendered,
      plain: d.plain,
    });
    expect(shape(concurrent)).toEqual(shape(sequential));
    expect(concurrent.sources.map((s) => path.relative(tree, s.path))).toEqual([
      'a (kustomize build)',
      'b (kustomize build)',
      'c (kustomize build)',
      'd (kustomize build)',
      'e (kustomize build)',
      'f (kustomize build)',
      'g (kustomize build)',
      'plain.yaml',
    ]);
    expect(concurrent.rendered).toBe(7);
    expect(concurrent.problems.map((p) => [path.relative(tree, p.location.file), p.message])).toEqual([
      ['broken/kustomization.yaml', '`kustomize build` failed: accumulating resources: missing.yaml'],
    ]);
  }, 60_000);
});
