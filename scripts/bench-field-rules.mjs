// What unknown-field and field-type-mismatch add to a pre-commit-sized run: the built CLI lints one
// small Deployment + Service with the two rules on and with them off (`--rule id=off`, the same
// number of flags either way), alternating runs so machine load hits both alike. Prints the medians
// of wall time and of the child's CPU time (user + system, from getrusage via /usr/bin/time when
// present). It measures; it asserts nothing. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'kube-intent');
const runs = Number(process.argv[2] ?? 40);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-bench-fields-'));
const small = path.join(work, 'small.yaml');
fs.writeFileSync(
  small,
  `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: example/web:1.2.3
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
`,
);
const variants = {
  'field rules on ': ['--rule', 'unknown-field=error', '--rule', 'field-type-mismatch=error'],
  'field rules off': ['--rule', 'unknown-field=off', '--rule', 'field-type-mismatch=off'],
};
const time = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [], cpu: [] }]));
const run = (flags) => {
  const args = [cli, 'lint', ...flags, small];
  const start = process.hrtime.bigint();
  const r = time ? spawnSync(time, ['-f', '%U %S', process.execPath, ...args], { encoding: 'utf8' }) : spawnSync(process.execPath, args);
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = time
    ? r.stderr
        .trim()
        .split('\n')
        .pop()
        .split(' ')
        .map(Number)
        .reduce((a, b) => a + b, 0) * 1000
    : NaN;
  return { wall, cpu };
};
// The first lint run writes the launcher's code cache: let it be this small file's.
for (const flags of Object.values(variants)) run(flags);
for (let i = 0; i < runs; i++) {
  for (const [name, flags] of Object.entries(variants)) {
    const { wall, cpu } = run(flags);
    samples[name].wall.push(wall);
    samples[name].cpu.push(cpu);
  }
}
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
for (const [name, s] of Object.entries(samples)) {
  console.log(
    `${name}: wall median ${median(s.wall).toFixed(1)} ms; cpu median ${median(s.cpu).toFixed(0)} ms, mean ${mean(s.cpu).toFixed(1)} ms (${runs} runs)`,
  );
}
fs.rmSync(work, { recursive: true, force: true });
