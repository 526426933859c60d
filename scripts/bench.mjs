// npm run bench: start-up and throughput of the built CLI, next to bare Node and the bare YAML parse.
// Generates a synthetic set of 10,000 objects (5,000 Deployments + 5,000 Services; every tenth app
// carries deliberate mistakes, the others are clean under every rule) and reports
// medians of repeated runs. It measures; it asserts nothing (targets are printed beside the figures).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-bench-'));
const bigDir = path.join(work, 'big');
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

function generate() {
  fs.mkdirSync(bigDir);
  const perFile = APPS / FILES;
  let bytes = 0;
  for (let f = 0; f < FILES; f++) {
    const docs = [];
    for (let i = f * perFile; i < (f + 1) * perFile; i++) docs.push(deployment(i), service(i));
    const text = docs.join('---\n');
    bytes += text.length;
    fs.writeFileSync(path.join(bigDir, `apps-${String(f).padStart(3, '0')}.yaml`), text);
  }
  fs.writeFileSync(smallFile, deployment(1) + '---\n' + service(1));
  return bytes;
}

function time(command, args, runs) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (last.status !== 0 && last.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${last.status}: ${last.stderr}`);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], last };
}

const bytes = generate();
const node = process.execPath;
const cli = path.join(root, 'bin/kube-intent');
const rssProbe = path.join(root, 'scripts/bench-rss.mjs');
const parseOnly = path.join(root, 'scripts/bench-parse-only.mjs');

// Warm the file cache and the disk before measuring.
time(node, [cli, 'lint', bigDir, '--format', 'json', '--fail-on', 'none'], 1);

const bare = time(node, ['-e', '0'], 15);
const small = time(node, [cli, 'lint', smallFile], 15);
const parse = time(node, [parseOnly, bigDir], 5);
const big = time(node, [cli, 'lint', bigDir, '--format', 'json', '--fail-on', 'none'], 5);
const rss = time(node, [rssProbe, 'lint', bigDir, '--format', 'json', '--fail-on', 'none', '-o', path.join(work, 'report.json')], 1);
const peakMb = Number(/maxRSS=(\d+)/.exec(rss.last.stderr)?.[1] ?? NaN) / 1024;
const report = JSON.parse(big.last.stdout);

const ms = (n) => `${n.toFixed(0)} ms`;
const lines = [
  `synthetic set: ${report.summary.objects} objects in ${report.summary.files} files, ${(bytes / 1e6).toFixed(2)} MB, ${report.findings.length} findings`,
  `node -e 0                         median ${ms(bare.median)}`,
  `kube-intent lint small file       median ${ms(small.median)}   ${(small.median / bare.median).toFixed(2)}x node -e 0   (target <= 1.5x)`,
  `yaml parseAllDocuments, same set  median ${ms(parse.median)}`,
  `kube-intent lint 10,000 objects   median ${ms(big.median)}   ${(big.median / parse.median).toFixed(2)}x bare parse   (target <= 1.25x)`,
  `peak memory, 10,000 objects       ${peakMb.toFixed(0)} MB   (target < 400 MB)`,
];
console.log(lines.join('\n'));

// simulate: the engine alone (bundled once), on synthetic clusters of growing size; see scripts/bench-simulate.mjs.
const { build } = await import('esbuild');
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
    const run = spawnSync(node, [path.join(root, 'scripts/bench-simulate.mjs'), engine, String(pods), String(nodes)], { encoding: 'utf8' });
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
fs.rmSync(work, { recursive: true, force: true });
