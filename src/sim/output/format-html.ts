import { podEffectiveRequest, qosClass, type QosClass } from '../../k8s/resources.js';
import { asRecord } from '../../util/raw.js';
import type { NodeState, ResourceAmounts, SimulationResult } from '../types.js';
import { SYSTEM_OVERHEAD_LABEL } from '../input/index.js';
import { TIE_BREAK_STATEMENT, usageStatement } from './assumptions.js';
import { explainPending } from './explain.js';
import type { SimulateFormatter } from './format.js';
import { podKey } from './keys.js';
import type { FullScale, SimulationReport } from './report.js';
import { formatAmount, percent } from './units.js';
import type { WhatIfOutcome } from './what-if.js';

interface PodShape {
  requests: ResourceAmounts;
  /** The colour: the pod's QoS class, or `system` for the profile's per-node system overhead. */
  qos: QosClass | 'system';
  workload: string;
}

/** One self-contained page (inline CSS, no script, no network): nodes as cpu and memory bars of stacked pods, by zone. */
const html: SimulateFormatter = (report, findings) => {
  const { result } = report;
  const pods = podShapes(report);
  const pending = result.placements.filter((p) => p.pending);
  const visible = findings.filter((f) => !f.suppressed);
  const body = [
    `<header><h1>kube-intent simulate</h1>`,
    `<p class="summary">Kubernetes ${esc(result.kubernetesVersion)} · ${result.nodes.length} nodes · ${result.placements.length} pods declared · <span class="pending-count">${pending.length} Pending</span></p>`,
    `<p class="note">${esc(TIE_BREAK_STATEMENT)} ${esc(usageStatement(report.usage))}</p>`,
    legend(),
    `</header>`,
    `<main>`,
    `<section id="cluster"><h2>Nodes</h2>${zones(result, pods, new Set())}${stranded(report)}</section>`,
    `<section id="pending"><h2>Pending (${pending.length})</h2>${
      pending.length
        ? `<ul class="pending-list">${pending
            .map((p) => {
              const e = explainPending(p);
              return `<li data-pod="${esc(`${p.namespace}/${p.name}`)}" data-certain="${p.pending!.certain}"><code class="pod-name">${esc(`${p.namespace}/${p.name}`)}</code> <span class="tag ${p.pending!.certain ? 'certain' : 'order'}">${p.pending!.certain ? 'certain' : 'depends on placement order'}</span><pre class="message">${esc(p.pending!.message)}</pre><dl><dt>declared</dt><dd>${esc(e.declared)}</dd><dt>interpreted</dt><dd>${esc(e.interpreted)}</dd><dt>fix</dt><dd>${esc(e.fix)}</dd></dl></li>`;
            })
            .join('')}</ul>`
        : '<p>Every pod found a node.</p>'
    }</section>`,
    `<section id="what-if"><h2>What if</h2>${report.whatIfs.map((w) => whatIf(w, pods)).join('')}${report.fullScale ? fullScale(report.fullScale, pods) : ''}${headroom(report)}</section>`,
    `<section id="eviction"><h2>Eviction order under memory pressure (usage = ${esc(report.usage)})</h2>${eviction(report)}</section>`,
    `<section id="findings"><h2>Lint findings (${visible.length})</h2><ul>${visible
      .map(
        (f) =>
          `<li class="finding ${f.severity}"><code>${esc(`${f.location.file}:${f.location.line}`)}</code> <b>${esc(f.ruleId)}</b> ${esc(f.message)}</li>`,
      )
      .join('')}</ul></section>`,
    `</main>`,
  ];
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>kube-intent simulate</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>\n`;
};

function zones(result: SimulationResult, pods: Map<string, PodShape>, highlight: Set<string>, removed: Set<string> = new Set()): string {
  const byZone = new Map<string, NodeState[]>();
  for (const n of result.nodes) byZone.set(n.zone ?? '(no zone)', [...(byZone.get(n.zone ?? '(no zone)') ?? []), n]);
  return [...byZone.keys()]
    .sort()
    .map(
      (zone) =>
        `<div class="zone" data-zone="${esc(zone)}"><h3>${esc(zone)}</h3><div class="nodes">${(byZone.get(zone) ?? [])
          .map((n) => node(n, pods, highlight))
          .join('')}</div></div>`,
    )
    .join('')
    .concat(removed.size ? `<p class="removed">Taken away: ${[...removed].map(esc).join(', ')}</p>` : '');
}

/** Free space on a node that no declared pod allowed there fits into, listed under the node cards. */
function stranded(report: SimulationReport): string {
  const nodes = report.packing.nodes.filter((n) => (n.stranded.cpu ?? 0) > 0 || (n.stranded.memory ?? 0) > 0);
  if (nodes.length === 0) return '';
  const items = nodes.map(
    (n) =>
      `<li data-node="${esc(n.node)}">${esc(n.node)}: ${formatAmount('cpu', n.stranded.cpu ?? 0)} cpu and ${formatAmount('memory', n.stranded.memory ?? 0)} memory</li>`,
  );
  return `<div class="stranded"><h3>Stranded (free, but no declared pod that may run on the node fits)</h3><ul>${items.join('')}</ul></div>`;
}

function node(n: NodeState, pods: Map<string, PodShape>, highlight: Set<string>): string {
  const bars = ['cpu', 'memory']
    .map((resource) => {
      const alloc = n.allocatable[resource] ?? 0;
      const req = n.requested[resource] ?? 0;
      const segments = n.pods
        .map((key) => {
          const pod = pods.get(key);
          const amount = pod?.requests[resource] ?? 0;
          const width = alloc > 0 ? (100 * amount) / alloc : 0;
          const qos = pod?.qos ?? 'Burstable';
          return `<span class="pod ${qos}${highlight.has(key) ? ' moved' : ''}" data-pod="${esc(key)}" style="width:${width.toFixed(2)}%" title="${esc(`${key} · ${qos} · ${resource} ${formatAmount(resource, amount)}`)}"></span>`;
        })
        .join('');
      return `<div class="resource"><span class="label">${resource} ${formatAmount(resource, req)} / ${formatAmount(resource, alloc)} (${alloc > 0 ? percent(req / alloc) : '-'})</span><div class="bar" data-resource="${resource}">${segments}</div></div>`;
    })
    .join('');
  return `<div class="node" data-node="${esc(n.name)}"><h4>${esc(n.name)} <small>${esc(n.pool ?? '')}</small></h4>${bars}<p class="count">${n.pods.length} pods</p></div>`;
}

function whatIf(w: WhatIfOutcome, pods: Map<string, PodShape>): string {
  const title = { 'lose-node': 'Lose node', 'lose-zone': 'Lose zone', drain: 'Drain node' }[w.kind];
  const moved = new Set(w.moved.filter((m) => m.to).map((m) => m.pod));
  const items = [
    ...w.pending.map(
      (p) =>
        `<li class="pending" data-pod="${esc(p.pod)}"><code>${esc(p.pod)}</code> stays Pending<pre class="message">${esc(p.message)}</pre></li>`,
    ),
    ...w.workloadsWithoutReplicas.map((o) => `<li class="lost">${esc(`${o.kind} ${o.namespace}/${o.name}`)} has no replica left</li>`),
    ...w.spreadUnsatisfiable.map(
      (s) =>
        `<li>spread constraint ${esc(s.topologyKey)} (maxSkew ${s.maxSkew}) of ${esc(`${s.workload.kind} ${s.workload.namespace}/${s.workload.name}`)} cannot be met</li>`,
    ),
    ...w.volumesStranded.map((v) => `<li>${esc(v.pod)} cannot follow claim ${esc(v.claim)} (volume in ${esc(v.zone)})</li>`),
    ...w.pdbRefusals.map(
      (r) =>
        `<li class="pdb">PodDisruptionBudget ${esc(`${r.namespace}/${r.name}`)} refuses the drain: wants ${r.desiredHealthy} healthy, has ${r.healthy}</li>`,
    ),
    ...(w.unmanaged.length ? [`<li>kubectl drain needs --force for ${esc(w.unmanaged.join(', '))}</li>`] : []),
  ];
  return `<article class="what-if" data-kind="${w.kind}" data-target="${esc(w.target)}"><h3>${title} ${esc(w.target)}</h3>${w.chosen ? `<p class="note">${esc(w.chosen)}</p>` : ''}<p>${w.moved.length} pods move, ${moved.size} placed again (outlined).</p><ul>${items.join('') || '<li>nothing stays Pending</li>'}</ul>${zones(w.result, pods, moved, new Set(w.nodes))}</article>`;
}

function fullScale(full: FullScale, pods: Map<string, PodShape>): string {
  const targets = full.autoscaled.map(
    (a) => `${a.origin.kind} ${a.origin.namespace}/${a.origin.name} ${a.minReplicas}\u2192${a.maxReplicas}`,
  );
  const items = full.pendingOnlyAtFullScale.map(
    (p) =>
      `<li class="pending" data-pod="${esc(`${p.namespace}/${p.name}`)}"><code>${esc(`${p.namespace}/${p.name}`)}</code> stays Pending<pre class="message">${esc(p.pending!.message)}</pre></li>`,
  );
  return `<article class="what-if" data-kind="full-scale" data-target="maxReplicas"><h3>At full scale</h3><p class="note">Every HorizontalPodAutoscaler at maxReplicas: ${esc(targets.join(', '))}; ${full.added} more pods than at minReplicas.</p><ul>${items.join('') || '<li>every added pod finds a node</li>'}</ul>${zones(full.result, pods, new Set())}</article>`;
}

function headroom(report: SimulationReport): string {
  const rows = report.headroom
    .map(
      (h) =>
        `<tr class="${h.survives ? 'ok' : 'short'}"><td>${esc(h.resource)}</td><td>${formatAmount(h.resource, h.requested)}</td><td>${formatAmount(h.resource, h.allocatable - h.largestAllocatable)}</td><td>${esc(h.largestNode)}</td><td>${h.survives ? 'survives' : 'does not survive'}</td></tr>`,
    )
    .join('');
  return `<article class="what-if" data-kind="headroom"><h3>N−1 headroom</h3><table><tr><th>resource</th><th>requested</th><th>left without the largest node</th><th>largest node</th><th></th></tr>${rows}</table></article>`;
}

function eviction(report: SimulationReport): string {
  return report.evictionOrder
    .filter((e) => e.order.length)
    .map(
      (e) =>
        `<details data-node="${esc(e.node)}"><summary>${esc(e.node)} (${e.order.length})</summary><ol>${e.order
          .map(
            (x) =>
              `<li><code>${esc(x.pod)}</code> <span class="qos ${x.qos}">${x.qos}</span> priority ${x.priority}, ${x.exceedsRequest ? 'above' : 'within'} its request; oom_score_adj ${esc(x.containers.map((c) => `${c.name} ${c.oomScoreAdj}`).join(', '))}</li>`,
          )
          .join('')}</ol></details>`,
    )
    .join('');
}

function legend(): string {
  return `<p class="legend"><span class="pod Guaranteed"></span> Guaranteed <span class="pod Burstable"></span> Burstable <span class="pod BestEffort"></span> BestEffort (requests nothing: drawn as a thin mark) <span class="pod system"></span> system overhead of the profile</p>`;
}

/** Requests and QoS of every pod a node can show: the declared ones and the running ones from the cluster file. */
function podShapes(report: SimulationReport): Map<string, PodShape> {
  const out = new Map<string, PodShape>();
  const add = (result: SimulationResult) => {
    for (const p of result.placements)
      out.set(`${p.namespace}/${p.name}`, {
        requests: p.requests,
        qos: qosClass(asRecord(p.pod.spec)),
        workload: p.origin ? `${p.origin.kind}/${p.origin.name}` : '',
      });
  };
  add(report.result);
  for (const w of report.whatIfs) add(w.result);
  if (report.fullScale) add(report.fullScale.result);
  for (const pod of report.input.runningPods ?? []) {
    const spec = asRecord(pod.spec);
    const overhead = asRecord(asRecord(pod.metadata).labels)[SYSTEM_OVERHEAD_LABEL] !== undefined;
    out.set(podKey(asRecord(pod.metadata)), {
      requests: { cpu: podEffectiveRequest(spec, 'cpu') * 1000, memory: podEffectiveRequest(spec, 'memory') },
      qos: overhead ? 'system' : qosClass(spec),
      workload: '',
    });
  }
  return out;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
header,main{padding:12px 24px}header h1{margin:0 0 4px;font-size:20px}
.note{color:#5a6470;font-size:12px}.pending-count{color:#b3261e;font-weight:600}
.zone{margin:8px 0 16px}.zone h3{margin:4px 0;font-size:15px;border-bottom:1px solid #d5d9df}
.nodes{display:flex;flex-wrap:wrap;gap:10px}
.node{background:#fff;border:1px solid #d5d9df;border-radius:6px;padding:8px;width:260px}
.node h4{margin:0 0 6px;font-size:13px}.node small{color:#5a6470;font-weight:400}
.resource .label{font-size:11px;color:#3c4550}
.bar{display:flex;height:14px;background:#e8ebef;border-radius:3px;overflow:hidden;margin:2px 0 6px}
.pod{display:inline-block;height:100%;box-sizing:border-box;border-right:1px solid #fff}
.legend .pod{width:14px;height:10px}
.pod.Guaranteed{background:#2e7d32}.pod.system{background:#8a939e}.pod.Burstable{background:#f0a202}.pod.BestEffort{background:#c62828;min-width:3px}
.pod.moved{outline:2px solid #1565c0;outline-offset:-2px}
.count{margin:0;font-size:11px;color:#5a6470}
.pending-list li{margin-bottom:10px}.message{white-space:pre-wrap;background:#fff3f2;border-left:3px solid #b3261e;padding:6px;margin:4px 0}
.tag{font-size:11px;padding:1px 6px;border-radius:8px}.tag.certain{background:#b3261e;color:#fff}.tag.order{background:#f0a202}
dl{display:grid;grid-template-columns:90px 1fr;margin:0;font-size:12px}dt{color:#5a6470}dd{margin:0}
.what-if{background:#fff;border:1px solid #d5d9df;border-radius:6px;padding:8px 12px;margin:10px 0}
.removed{color:#b3261e;font-size:12px}tr.short td{color:#b3261e}td,th{padding:2px 8px;text-align:left}
.qos{font-size:11px}.finding.error b{color:#b3261e}.finding.warning b{color:#a15c00}
`;

export default html;
