import { Chalk } from 'chalk';
import type { NodeState, Placement } from '../types.js';
import { TIE_BREAK_STATEMENT } from './assumptions.js';
import { explainPending } from './explain.js';
import type { SimulateFormatter } from './format.js';
import type { Headroom } from './packing.js';
import type { FullScale } from './report.js';
import { formatAmount, percent } from './units.js';
import type { WhatIfOutcome } from './what-if.js';
import { wrap } from '../../util/wrap.js';

const LABEL = 13;

const stylish: SimulateFormatter = (report, findings, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const { result } = report;
  const out: string[] = [];
  const placements = result.placements;
  const pending = placements.filter((p) => p.pending);
  const placed = placements.filter((p) => p.node !== null && !p.preemptedBy);
  const zones = new Set(result.nodes.map((n) => n.zone ?? ''));
  out.push(
    c.bold(
      `Kubernetes ${result.kubernetesVersion} · ${count(result.nodes.length, 'node')} in ${count(zones.size, 'zone')} · ${count(placements.length, 'pod')} declared: ${placed.length} placed, ${pending.length} Pending`,
    ),
  );
  out.push(c.dim(TIE_BREAK_STATEMENT));
  out.push(
    '',
    ...nodeTable(
      result.nodes,
      report.packing.nodes.map((n) => n.stranded),
    ),
  );
  const share = Object.entries(report.packing.requestedShare)
    .filter(([r]) => r === 'cpu' || r === 'memory' || r === 'pods' || r.includes('/'))
    .map(([r, s]) => `${r} ${percent(s)}`);
  out.push('', `requested share of the cluster: ${share.join(', ')}`);
  const strandedNodes = report.packing.nodes.filter((n) => (n.stranded.cpu ?? 0) > 0 || (n.stranded.memory ?? 0) > 0);
  out.push(
    strandedNodes.length
      ? `stranded (free, but no declared pod that may run on the node fits): ${formatAmount('cpu', report.packing.stranded.cpu ?? 0)} cpu and ${formatAmount('memory', report.packing.stranded.memory ?? 0)} memory on ${strandedNodes.map((n) => n.node).join(', ')}`
      : 'stranded: none (on every node, some declared pod that may run there fits in the free space)',
  );

  if (pending.length) {
    out.push('', c.bold(`Pending (${pending.length})`));
    for (const p of pending) out.push(...pendingBlock(p, c, options.width));
  }
  const preempting = placements.filter((p) => p.preemption);
  if (preempting.length) {
    out.push('', c.bold(`Fits only by preemption (${preempting.length})`));
    for (const p of preempting)
      out.push(
        `  ${p.namespace}/${p.name} on ${p.preemption!.nominatedNode}, evicting ${p.preemption!.victims.join(', ')}`,
        `    first attempt: ${p.preemption!.firstAttempt}`,
      );
  }
  const skipped = placements.filter((p) => p.skipped && p.skipped.reason !== 'boundByName');
  if (skipped.length) {
    out.push('', c.bold(`Not scheduled by kube-scheduler (${skipped.length})`));
    for (const p of skipped) out.push(`  ${p.namespace}/${p.name}  ${p.skipped!.reason}: ${p.skipped!.message}`);
  }

  out.push('', c.bold('What if'));
  for (const w of report.whatIfs) out.push(...whatIfBlock(w, c));
  if (report.fullScale) out.push(...fullScaleBlock(report.fullScale, c));
  out.push(...headroomBlock(report.headroom));

  out.push('', c.bold(`Eviction order under memory pressure (usage assumed = ${report.usage}; first evicted first)`));
  for (const node of report.evictionOrder) {
    if (node.order.length === 0 && node.neverEvicted.length === 0) continue;
    out.push(`  ${node.node}`);
    node.order.forEach((e, i) => {
      const oom = e.containers.map((x) => `${x.name} ${x.oomScoreAdj}`).join(', ');
      const usage = e.exceedsRequest ? 'above its request' : 'within its request';
      out.push(`    ${String(i + 1).padStart(2)}. ${e.pod}  ${e.qos}, priority ${e.priority}, ${usage}; oom_score_adj ${oom || 'n/a'}`);
    });
    if (node.neverEvicted.length) out.push(`        never evicted (critical or static): ${node.neverEvicted.join(', ')}`);
  }

  const visible = findings.filter((f) => !f.suppressed);
  const errors = visible.filter((f) => f.severity === 'error').length;
  const warnings = visible.filter((f) => f.severity === 'warning').length;
  out.push(
    '',
    `${count(visible.length, 'lint finding')} (${count(errors, 'error')}, ${count(warnings, 'warning')}); \`kube-intent lint --cluster\` shows them with file:line`,
  );
  return `${out.join('\n')}\n`;
};

function nodeTable(nodes: NodeState[], stranded: Array<Record<string, number>>): string[] {
  const rows = nodes.map((n, i) => [
    n.name,
    n.zone ?? '-',
    n.pool ?? '-',
    usage(n, 'cpu'),
    usage(n, 'memory'),
    `${n.requested.pods ?? n.pods.length}/${n.allocatable.pods ?? '-'}`,
    Object.keys(n.allocatable)
      .filter((r) => r.includes('/'))
      .map((r) => `${r} ${formatAmount(r, n.requested[r] ?? 0)}/${formatAmount(r, n.allocatable[r])}`)
      .join(' ') + ((stranded[i]?.cpu ?? 0) + (stranded[i]?.memory ?? 0) > 0 ? ' stranded' : ''),
  ]);
  const header = ['NODE', 'ZONE', 'POOL', 'CPU req/alloc', 'MEMORY req/alloc', 'PODS', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd(widths[i]) : cell)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function usage(n: NodeState, resource: string): string {
  const alloc = n.allocatable[resource] ?? 0;
  const req = n.requested[resource] ?? 0;
  return `${formatAmount(resource, req)}/${formatAmount(resource, alloc)} ${alloc > 0 ? percent(req / alloc) : '-'}`;
}

function pendingBlock(p: Placement, c: InstanceType<typeof Chalk>, width: number): string[] {
  const origin = p.origin;
  const where = origin
    ? `  ${origin.kind} ${origin.namespace}/${origin.name}${origin.file ? `  ${origin.file}${origin.line ? `:${origin.line}` : ''}` : ''}`
    : '';
  const explained = explainPending(p);
  const out = [
    `  ${c.red(`${p.namespace}/${p.name}`)}${where}  ${p.pending!.certain ? c.red('certain') : c.yellow('depends on placement order')}`,
  ];
  const wrapWidth = Math.max(40, width - 4 - LABEL);
  const block = (label: string, text: string) => {
    const lines = wrap(text, wrapWidth);
    out.push(`    ${c.dim(label.padEnd(LABEL))}${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `    ${' '.repeat(LABEL)}${l}`));
  };
  out.push(`    ${c.dim('scheduler:'.padEnd(LABEL))}${p.pending!.message}`);
  block('declared:', explained.declared);
  block('interpreted:', explained.interpreted);
  block('fix:', explained.fix);
  return out;
}

function whatIfBlock(w: WhatIfOutcome, c: InstanceType<typeof Chalk>): string[] {
  const title = { 'lose-node': 'lose node', 'lose-zone': 'lose zone', drain: 'drain node' }[w.kind];
  const out = [`  ${c.bold(`${title} ${w.target}`)}${w.chosen ? c.dim(` (${w.chosen})`) : ''}`];
  const placedAgain = w.moved.filter((m) => m.to !== null).length;
  out.push(
    `    ${count(w.moved.length, 'pod')} to move: ${placedAgain} placed again, ${w.moved.length - placedAgain} Pending${w.gone.length ? `; ${w.gone.length} not re-created (${w.gone.join(', ')})` : ''}`,
  );
  for (const p of w.pending) out.push(`    ${c.red('Pending')} ${p.pod}: ${p.message}`);
  if (w.workloadsWithoutReplicas.length)
    out.push(`    ${c.red('no replica left')}: ${w.workloadsWithoutReplicas.map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(', ')}`);
  for (const s of w.spreadUnsatisfiable)
    out.push(
      `    spread unsatisfiable: ${s.workload.kind} ${s.workload.namespace}/${s.workload.name} on ${s.topologyKey} (maxSkew ${s.maxSkew}): ${s.pods.join(', ')}`,
    );
  for (const v of w.volumesStranded)
    out.push(`    volume stranded: ${v.pod} cannot follow claim ${v.claim}, whose volume is in zone ${v.zone}`);
  for (const r of w.pdbRefusals)
    out.push(
      `    ${c.red('PDB refuses the drain')}: ${r.namespace}/${r.name} wants ${r.desiredHealthy} healthy, has ${r.healthy}; ${r.onNode} of its pods ${r.onNode === 1 ? 'is' : 'are'} on the node${r.stayPending ? `, ${r.stayPending} find no other node` : ''}`,
    );
  if (w.unmanaged.length) out.push(`    kubectl drain refuses without --force (no controller re-creates them): ${w.unmanaged.join(', ')}`);
  return out;
}

function fullScaleBlock(full: FullScale, c: InstanceType<typeof Chalk>): string[] {
  const targets = full.autoscaled.map(
    (a) => `${a.origin.kind} ${a.origin.namespace}/${a.origin.name} ${a.minReplicas}\u2192${a.maxReplicas}`,
  );
  const out = [`  ${c.bold('at full scale')} ${c.dim(`(every HorizontalPodAutoscaler at maxReplicas: ${targets.join(', ')})`)}`];
  const pending = full.pendingOnlyAtFullScale;
  out.push(`    ${count(full.added, 'more pod')} than at minReplicas: ${pending.length ? `${pending.length} Pending` : 'all find a node'}`);
  for (const p of pending) out.push(`    ${c.red('Pending')} ${p.namespace}/${p.name}: ${p.pending!.message}`);
  return out;
}

function headroomBlock(headroom: Headroom[]): string[] {
  if (headroom.length === 0) return [];
  const parts = headroom.map((h) => {
    const verdict = h.survives ? 'survives' : 'does NOT survive';
    const gap = h.survives ? `${formatAmount(h.resource, h.margin)} to spare` : `${formatAmount(h.resource, -h.margin)} short`;
    return `    ${h.resource}: ${verdict} losing ${h.largestNode} (requested ${formatAmount(h.resource, h.requested)} of ${formatAmount(h.resource, h.allocatable - h.largestAllocatable)} left; ${gap})`;
  });
  return ['  N-1 headroom (sum of requests against what is left without the largest node)', ...parts];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export default stylish;
