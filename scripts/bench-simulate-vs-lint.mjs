// `simulate` against `lint` of the same input, the built CLI end to end (start-up included):
//   node scripts/bench-simulate-vs-lint.mjs [runs]     (npm run bench runs it too)
// Runs `lint examples/shop` and `simulate examples/shop --cluster examples/cluster/profile.yaml`
// alternately (so a busy machine disturbs both alike), after one warm-up run of each, and prints the
// median wall and CPU time (user + system, read in the child) of each and their ratio.
// Target: simulate < 1.5x lint. It measures; it asserts nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 21);
const cli = path.join(root, 'bin/kube-intent');
const usageProbe = path.join(root, 'scripts/bench-usage.cjs');
const commands = {
  lint: ['lint', '--fail-on', 'none', 'examples/shop'],
  simulate: ['simulate', '--fail-on', 'none', 'examples/shop', '--cluster', 'examples/cluster/profile.yaml'],
};

function once(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', usageProbe, cli, ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`kube-intent ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const cpu = Number(/kube-intent-bench cpu=(\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1000;
  return { wall, cpu };
}

const samples = { lint: [], simulate: [] };
for (const args of Object.values(commands)) once(args);
for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) samples[name].push(once(args));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(0).padStart(5)} ms`;
const figures = Object.fromEntries(
  Object.entries(samples).map(([name, s]) => [name, { wall: median(s.map((x) => x.wall)), cpu: median(s.map((x) => x.cpu)) }]),
);
for (const [name, f] of Object.entries(figures))
  console.log(`${`${name} examples/shop`.padEnd(36)} wall ${ms(f.wall)}  cpu ${ms(f.cpu)}  (median of ${runs})`);
console.log(
  `${'simulate / lint'.padEnd(36)} wall ${(figures.simulate.wall / figures.lint.wall).toFixed(2)}x  cpu ${(figures.simulate.cpu / figures.lint.cpu).toFixed(2)}x  (target < 1.5x)`,
);
