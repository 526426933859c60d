// One `simulate` benchmark run, in its own process so that its peak memory is its own:
//   node scripts/bench-simulate.mjs <engine bundle> <pods> <nodes> [kubernetesVersion]
// Builds a synthetic cluster (3 zones, a tainted tenth, mixed sizes) and workload (replica sets with
// mixed requests, BestEffort pods, tolerations, zone spread, hostname anti-affinity, preferred
// anti-affinity, a few higher-priority pods, low-priority batch pods already running to preempt) from a fixed seed, times simulate() alone and prints one
// JSON line. Replicas share one spec object, as the pods src/sim/input expands from a workload do.
// It measures; it asserts nothing. `verdicts` is a hash of every verdict (node, tied nodes, Pending message and
// certainty, preemption and victims, evictions), computed after the timing: an engine change meant to keep
// verdicts must keep it.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundle, podsArg, nodesArg, version = '1.34'] = process.argv.slice(2);
const PODS = Number(podsArg);
const NODES = Number(nodesArg);
const { simulate } = await import(pathToFileURL(bundle).href);

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (list) => list[Math.floor(random() * list.length)];

const zones = ['zone-a', 'zone-b', 'zone-c'];
const nodes = [];
for (let i = 0; i < NODES; i++) {
  const name = `node-${String(i).padStart(5, '0')}`;
  const zone = zones[i % 3];
  const size = pick([4, 8, 8]);
  const tainted = i % 10 === 9;
  nodes.push({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone, pool: tainted ? 'infra' : 'general' },
    },
    spec: tainted ? { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] } : {},
    status: { allocatable: { cpu: String(size), memory: `${size * 4}Gi`, pods: '110', 'ephemeral-storage': '100Gi' } },
  });
}

const REPLICAS = 10;
const pods = [];
for (let w = 0; pods.length < PODS; w++) {
  const app = `app-${w}`;
  const kind = w % 10;
  const cpu = pick(['100m', '250m', '500m', '1', '2']);
  const memory = pick(['128Mi', '512Mi', '1Gi', '2Gi', '4Gi']);
  const resources = kind === 0 ? {} : { requests: { cpu, memory } };
  const spec = { containers: [{ name: 'main', image: `registry.example/${app}:1`, resources }] };
  if (kind === 1) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }];
  if (kind === 2 || kind === 3)
    spec.topologySpreadConstraints = [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app } },
      },
    ];
  if (kind === 4)
    spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app } } },
        ],
      },
    };
  if (kind === 5)
    spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app } } } },
        ],
      },
    };
  if (kind === 6)
    spec.topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } },
    ];
  if (kind === 7 && w % 20 === 7) spec.priorityClassName = 'high';
  for (let r = 0; r < REPLICAS && pods.length < PODS; r++) {
    pods.push({
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${app}-${r}`, namespace: `team-${w % 20}`, labels: { app } },
        spec,
      },
    });
  }
}
const priorityClasses = [
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' }, value: -10 },
];
// Existing low-priority batch pods on every fifth node: pods that find no room preempt them.
const runningPods = nodes
  .filter((_, i) => i % 5 === 0)
  .map((n, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `batch-${i}`, namespace: 'batch', labels: { app: 'batch' } },
    spec: {
      nodeName: n.metadata.name,
      priorityClassName: 'batch',
      containers: [{ name: 'main', image: 'registry.example/batch:1', resources: { requests: { cpu: '1', memory: '2Gi' } } }],
    },
    status: { phase: 'Running' },
  }));

const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
const result = simulate({ kubernetesVersion: version, nodes, pods, runningPods, priorityClasses });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpuMs = process.cpuUsage(cpuStart).user / 1000;
const placed = result.placements.filter((p) => p.node).length;
const pending = result.placements.filter((p) => p.pending).length;
const preempting = result.placements.filter((p) => p.preemption).length;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const hash = createHash('sha256');
for (const p of result.placements) {
  const { namespace, name, node, tiedNodes, pending, certainty, preemption, preemptedBy, skipped } = p;
  hash.update(JSON.stringify({ namespace, name, node, tiedNodes, pending, certainty, preemption, preemptedBy, skipped }) + '\n');
}
hash.update(JSON.stringify(result.evicted));
hash.update(JSON.stringify(result.nodes));
const verdicts = hash.digest('hex').slice(0, 16);
console.log(JSON.stringify({ pods: PODS, nodes: NODES, version, ms, cpuMs, maxRssMb, placed, pending, preempting, verdicts }));
