import { findingJson } from '../../report/json.js';
import { TIE_BREAK_STATEMENT, usageStatement } from './assumptions.js';
import type { FullScale, SimulationReport } from './report.js';
import type { SimulateFormatter } from './format.js';
import type { WhatIfOutcome } from './what-if.js';

/**
 * The public JSON contract of `simulate --format json` (version 1): nodes with allocatable and requested in
 * base units (cpu millicores, memory and ephemeral-storage bytes, pods and extended resources counts), every
 * declared pod with its node or its scheduler message, the what-ifs, the eviction order and the lint findings.
 */
const json: SimulateFormatter = (report, findings) => {
  const { result } = report;
  const out = {
    version: 1,
    kubernetesVersion: result.kubernetesVersion,
    assumptions: {
      tieBreak: 'first-by-name',
      usage: report.usage,
      statements: [TIE_BREAK_STATEMENT, usageStatement(report.usage)],
    },
    nodes: result.nodes.map((n) => ({
      name: n.name,
      zone: n.zone,
      pool: n.pool,
      allocatable: n.allocatable,
      requested: n.requested,
      pods: n.pods,
    })),
    pods: result.placements.map((p) => ({
      name: p.name,
      namespace: p.namespace,
      workload: p.origin ? { kind: p.origin.kind, namespace: p.origin.namespace, name: p.origin.name } : null,
      requests: p.requests,
      node: p.preemptedBy ? null : p.node,
      tiedNodes: p.preemptedBy ? [] : p.tiedNodes,
      pending: p.pending ? { message: p.pending.message, certain: p.pending.certain } : null,
      certainty: p.certainty,
    })),
    whatIf: [
      ...report.whatIfs.map(whatIfJson),
      ...(report.fullScale ? [fullScaleJson(report.fullScale)] : []),
      { kind: 'headroom', resources: report.headroom },
    ],
    evictionOrder: Object.fromEntries(report.evictionOrder.map((e) => [e.node, e.order.map((x) => x.pod)])),
    findings: findings.filter((f) => !f.suppressed).map(findingJson),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
};

function whatIfJson(w: WhatIfOutcome) {
  return {
    kind: w.kind,
    target: w.target,
    ...(w.chosen ? { chosen: w.chosen } : {}),
    nodes: w.nodes,
    moved: w.moved,
    gone: w.gone,
    pending: w.pending.map((p) => ({
      pod: p.pod,
      workload: p.origin ? { kind: p.origin.kind, namespace: p.origin.namespace, name: p.origin.name } : null,
      message: p.message,
    })),
    workloadsWithoutReplicas: w.workloadsWithoutReplicas,
    spreadUnsatisfiable: w.spreadUnsatisfiable.map((s) => ({
      workload: s.workload,
      topologyKey: s.topologyKey,
      maxSkew: s.maxSkew,
      pods: s.pods,
    })),
    volumesStranded: w.volumesStranded.map((v) => ({ pod: v.pod, claim: v.claim, zone: v.zone })),
    pdbRefusals: w.pdbRefusals.map((r) => ({
      namespace: r.namespace,
      name: r.name,
      onNode: r.onNode,
      healthy: r.healthy,
      desiredHealthy: r.desiredHealthy,
      stayPending: r.stayPending,
    })),
    unmanaged: w.unmanaged,
  };
}

function fullScaleJson(full: FullScale) {
  return {
    kind: 'full-scale',
    autoscaled: full.autoscaled.map((a) => ({
      workload: { kind: a.origin.kind, namespace: a.origin.namespace, name: a.origin.name },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
    })),
    added: full.added,
    pending: full.pendingOnlyAtFullScale.map((p) => ({
      pod: `${p.namespace}/${p.name}`,
      workload: p.origin ? { kind: p.origin.kind, namespace: p.origin.namespace, name: p.origin.name } : null,
      message: p.pending!.message,
      certain: p.pending!.certain,
    })),
  };
}

export default json;
