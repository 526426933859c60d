// npm run bench: start-up, throughput and memory of the built CLI, side by side in one run with bare
// Node, the bare `yaml` parse+toJS and js-yaml's loadAll of the same files. Generates synthetic sets
// of 10,000 and 100,000 objects (Deployments + Services; every tenth app carries deliberate mistakes,
// the others are clean under every rule) and lints ../shared/corpus when it is there. Each figure is
// the median of repeated runs: wall time, and CPU time (user + system, read in the child), which a
// busy machine disturbs less. It measures; it asserts nothing (targets are printed beside the figures).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-bench-'));
const bigDir = path.join(work, 'big');
const hugeDir = path.join(work, 'huge');
const smallFile = path.join(work, 'small.yaml');
const APPS = 5000;
const FILES = 250;

function deployment(i) {
  const mistakes = i % 10 === 0;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 40}
spec:
  replicas: ${mistakes ? 1 : 3}
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
        - name: main
          image: registry.example.com/team-${i % 40}/app-${i}:${mistakes ? 'latest' : `1.${i % 17}.${i % 5}`}
          ports:
            - name: http
              containerPort: 8080
          resources:
            requests:
              ${mistakes ? '' : 'cpu: 100m\n              '}memory: ${mistakes ? '512m' : '128Mi'}
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: http
${
  mistakes
    ? ''
    : `          livenessProbe: { tcpSocket: { port: http }, failureThreshold: 6 }
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app: app-${i} } } }
`
}`;
}

function service(i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 40}
spec:
  selector:
    app: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function generate(dir, apps) {
  fs.mkdirSync(dir);
  const perFile = APPS / FILES;
  let bytes = 0;
  for (let f = 0; f < apps / perFile; f++) {
    const docs = [];
    for (let i = f * perFile; i < (f + 1) * perFile; i++) docs.push(deployment(i), service(i));
    const text = docs.join('---\n');
    bytes += text.length;
    fs.writeFileSync(path.join(dir, `apps-${String(f).padStart(4, '0')}.yaml`), text);
  }
  return bytes;
}

const usageProbe = path.join(root, 'scripts/bench-usage.cjs');

/** Median wall and CPU time of repeated runs, and the highest peak RSS seen. */
function time(args, runs, options = {}) {
  const wall = [];
  const cpu = [];
  let last;
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(process.execPath, ['-r', usageProbe, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: options.cwd });
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (last.status !== 0 && last.status !== 1) throw new Error(`node ${args.join(' ')} exited ${last.status}: ${last.stderr}`);
    const usage = /kube-intent-bench cpu=(\d+) maxRSS=(\d+)/.exec(last.stderr);
    cpu.push(Number(usage?.[1] ?? NaN) / 1000);
    peakKb = Math.max(peakKb, Number(usage?.[2] ?? NaN));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(wall), cpu: median(cpu), peakMb: peakKb / 1024, last };
}

const bytes = generate(bigDir, APPS);
const hugeBytes = generate(hugeDir, APPS * 10);
fs.writeFileSync(smallFile, deployment(1) + '---\n' + service(1));
const cli = path.join(root, 'bin/kube-intent');
const parseOnly = path.join(root, 'scripts/bench-parse-only.mjs');
const lintJson = ['lint', '--format', 'json', '--fail-on', 'none'];
// The shared corpus beside the repository (CI: ../shared/corpus; a helper worktree: ../../shared/corpus).
const corpus =
  ['../shared/corpus', '../../shared/corpus'].map((p) => path.resolve(root, p)).find((p) => fs.existsSync(p)) ??
  path.resolve(root, '../shared/corpus');

// Warm the file cache and the code cache (a lint run writes the one the lint path uses).
time([cli, ...lintJson, bigDir], 1);
time([cli, smallFile], 1);

const bare = time(['-e', '0'], 15);
const version = time([cli, '--version'], 15);
const small = time([cli, 'lint', smallFile], 15);
const yamlParse = time([parseOnly, 'yaml', bigDir], 5);
const jsYaml = time([parseOnly, 'js-yaml', bigDir], 5);
const big = time([cli, ...lintJson, bigDir], 5);
const huge = time([cli, ...lintJson, hugeDir], 1);
const corpusRun = fs.existsSync(corpus) ? time([cli, ...lintJson, 'corpus'], 1, { cwd: path.dirname(corpus) }) : undefined;
const report = JSON.parse(big.last.stdout);
const hugeObjects = JSON.parse(huge.last.stdout).summary.objects;

const ms = (n) => `${n.toFixed(0).padStart(6)} ms`;
const row = (label, r, extra = '') => `${label.padEnd(36)} wall ${ms(r.wall)}  cpu ${ms(r.cpu)}${extra}`;
const x = (a, b) => `${(a / b).toFixed(2)}x`;
const lines = [
  `synthetic set: ${report.summary.objects} objects in ${report.summary.files} files, ${(bytes / 1e6).toFixed(2)} MB, ${report.findings.length} findings`,
  row('node -e 0', bare),
  row(
    'kube-intent --version',
    version,
    `   ${x(version.wall, bare.wall)} wall, ${x(version.cpu, bare.cpu)} cpu of node -e 0 (target <= 1.1x)`,
  ),
  row(
    'kube-intent lint small file',
    small,
    `   ${x(small.wall, bare.wall)} wall, ${x(small.cpu, bare.cpu)} cpu of node -e 0 (target <= 1.3x)`,
  ),
  row('yaml parseAllDocuments + toJS', yamlParse),
  row('js-yaml loadAll', jsYaml),
  row('kube-intent lint 10,000 objects', big),
  `  = ${x(big.wall, yamlParse.wall)} wall, ${x(big.cpu, yamlParse.cpu)} cpu of yaml parse+toJS (target <= 1.0x); ${x(big.wall, jsYaml.wall)} wall, ${x(big.cpu, jsYaml.cpu)} cpu of js-yaml loadAll (target <= 3x)`,
  `peak RSS, 10,000 objects             ${big.peakMb.toFixed(0)} MiB (target <= 150 MiB)`,
  row(
    `kube-intent lint ${hugeObjects} objects`,
    huge,
    `   peak RSS ${huge.peakMb.toFixed(0)} MiB (target <= 400 MiB), ${(hugeBytes / 1e6).toFixed(1)} MB`,
  ),
  corpusRun
    ? row('kube-intent lint ../shared/corpus', corpusRun, `   peak RSS ${corpusRun.peakMb.toFixed(0)} MiB (target < 300 MiB)`)
    : 'corpus: ../shared/corpus not found, not measured',
];
console.log(lines.join('\n'));

// The adversarial shapes of issue 16 (generators in test/adversarial-shapes.ts, bundled here), at
// 1x/2x/4x/8x: a cross-object look-up that grows quadratically shows as 8x far above 10x of 1x.
const { build } = await import('esbuild');
const shapesModule = path.join(work, 'shapes.mjs');
await build({
  entryPoints: [path.join(root, 'test/adversarial-shapes.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: shapesModule,
  logLevel: 'warning',
});
const { SHAPES, shapeFiles } = await import(pathToFileURL(shapesModule).href);
for (const [shape, { describe, base }] of Object.entries(SHAPES)) {
  const times = [1, 2, 4, 8].map((factor) => {
    const dir = path.join(work, `${shape}-${factor}`);
    for (const [file, text] of Object.entries(shapeFiles(shape, base * 4 * factor))) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return time([cli, ...lintJson, dir], 1).cpu;
  });
  console.log(
    `${describe} (${base * 4}..${base * 32} apps): cpu ${times.map((t) => ms(t).trim()).join(' / ')} at 1x/2x/4x/8x = ${x(times[3], times[0])} of 1x (target <= 10x)`,
  );
}

// simulate: the engine alone (bundled once), on synthetic clusters of growing size; see scripts/bench-simulate.mjs.
const engine = path.join(work, 'engine.mjs');
await build({
  entryPoints: [path.join(root, 'src/sim/engine/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: engine,
  logLevel: 'warning',
});
const simRuns = (pods, nodes, runs) => {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/bench-simulate.mjs'), engine, String(pods), String(nodes)], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`bench-simulate ${pods} ${nodes} exited ${run.status}: ${run.stderr}`);
    results.push(JSON.parse(run.stdout));
  }
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(results.length / 2)];
};
const sizes = [
  [1000, 100, 5],
  [10000, 1000, 3],
  [50000, 5000, 1],
];
for (const [pods, nodes, runs] of sizes) {
  const r = simRuns(pods, nodes, runs);
  const target = pods === 10000 ? '   (target <= 2000 ms, < 500 MB)' : '';
  console.log(
    `simulate ${String(pods).padStart(6)} pods / ${String(nodes).padStart(5)} nodes  median ${ms(r.ms)} (cpu ${ms(r.cpuMs)}), peak ${r.maxRssMb.toFixed(0)} MB, ${r.placed} placed, ${r.pending} pending, ${r.preempting} preempting${target}`,
  );
}
// simulate vs lint on the example app, the CLI end to end; see scripts/bench-simulate-vs-lint.mjs.
spawnSync(process.execPath, [path.join(root, 'scripts/bench-simulate-vs-lint.mjs')], { stdio: 'inherit' });
fs.rmSync(work, { recursive: true, force: true });
