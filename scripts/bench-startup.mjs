// node scripts/bench-startup.mjs [pairs]: the pre-commit case, a one-Deployment lint, against `node -e 0`.
// Runs the two alternately (pairs, so a machine whose load drifts disturbs both alike) and prints the
// median of the per-pair ratios, wall and CPU (user + system, read in the child), for two code-cache
// histories: the cache left by a small lint first, and by a 2,000-object lint first. It measures; it
// asserts nothing. Build first (npm run build).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pairs = Number(process.argv[2] ?? 40);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-startup-'));
const usageProbe = path.join(root, 'scripts/bench-usage.cjs');

// A copy of the launcher and bundle, so the code caches it writes start empty and stay private.
fs.cpSync(path.join(root, 'bin'), path.join(work, 'bin'), { recursive: true });
fs.cpSync(path.join(root, 'dist'), path.join(work, 'dist'), { recursive: true });
fs.copyFileSync(path.join(root, 'package.json'), path.join(work, 'package.json'));
const cli = path.join(work, 'bin/kube-intent');

const deployment = (i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team
spec:
  replicas: 3
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i} }
    spec:
      containers:
        - name: main
          image: registry.example.com/app-${i}:1.2.${i % 7}
          ports: [{ name: http, containerPort: 8080 }]
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
          readinessProbe: { httpGet: { path: /ready, port: http } }
`;
const service = (i) => `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team
spec:
  selector: { app: app-${i} }
  ports: [{ name: http, port: 80, targetPort: http }]
`;
const small = path.join(work, 'one-deployment.yaml');
fs.writeFileSync(small, deployment(1));
const big = path.join(work, 'big');
fs.mkdirSync(big);
for (let f = 0; f < 50; f++) {
  const docs = [];
  for (let i = f * 20; i < (f + 1) * 20; i++) docs.push(deployment(i), service(i));
  fs.writeFileSync(path.join(big, `apps-${f}.yaml`), docs.join('---\n'));
}

function once(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', usageProbe, ...args], { encoding: 'utf8', cwd: work, maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = Number(/kube-intent-bench cpu=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000;
  return { wall, cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function clearCaches() {
  for (const name of fs.readdirSync(path.join(work, 'dist'))) if (name.endsWith('.cache')) fs.rmSync(path.join(work, 'dist', name));
}

function measure(label, args) {
  const bare = [];
  const cmd = [];
  for (let i = 0; i < pairs; i++) {
    bare.push(once(['-e', '0']));
    cmd.push(once(args));
  }
  const ratio = (key) => median(cmd.map((c, i) => c[key] / bare[i][key]));
  const ms = (runs, key) => `${median(runs.map((r) => r[key])).toFixed(1)} ms`;
  console.log(
    `${label.padEnd(44)} ${ratio('wall').toFixed(2)}x wall, ${ratio('cpu').toFixed(2)}x cpu of node -e 0` +
      `   (medians: ${ms(cmd, 'wall')} / ${ms(bare, 'wall')} wall, ${ms(cmd, 'cpu')} / ${ms(bare, 'cpu')} cpu; ${pairs} pairs)`,
  );
}

const cacheSize = () =>
  fs
    .readdirSync(path.join(work, 'dist'))
    .filter((n) => n.endsWith('.cache'))
    .map((n) => `${n.replace(/^\.cli-.*-(\w+)\.cache$/, '$1')} ${(fs.statSync(path.join(work, 'dist', n)).size / 1024).toFixed(0)} KiB`)
    .join(', ') || 'none';

clearCaches();
once([cli, 'lint', small]);
measure(`lint one-deployment.yaml, cache by small lint [${cacheSize()}]`, [cli, 'lint', small]);
clearCaches();
once([cli, 'lint', '--fail-on', 'none', big]);
measure(`lint one-deployment.yaml, cache by big lint [${cacheSize()}]`, [cli, 'lint', small]);
measure('kube-intent --version', [cli, '--version']);
fs.rmSync(work, { recursive: true, force: true });
