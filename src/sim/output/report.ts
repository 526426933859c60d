import type { UsageAssumption } from '../../k8s/eviction.js';
import type { LabelSelector } from '../../k8s/labels.js';
import type { DisruptionBudget } from '../../k8s/pdb.js';
import type { AutoscaledWorkload } from '../input/index.js';
import type { Placement, PodOrigin, SimulationInput, SimulationResult } from '../types.js';
import { evictionOrder, type NodeEviction } from './eviction.js';
import { headroom, packing, type Headroom, type Packing } from './packing.js';
import { runWhatIfs, whatIf, worstNode, type WhatIfContext, type WhatIfOutcome, type WhatIfRequest } from './what-if.js';

/**
 * Everything `simulate` reports, computed once per run: the placement, the what-ifs, eviction order and packing.
 * The lint rules and the formats read it; none of them simulates again.
 */
export interface SimulationReport {
  input: SimulationInput;
  result: SimulationResult;
  /** The second pass, with every HorizontalPodAutoscaler's target at maxReplicas; absent without HPAs. */
  fullScale?: FullScale;
  usage: UsageAssumption;
  /** The what-ifs asked for (`--lose-node`, `--lose-zone`, `--drain`), in that order. */
  whatIfs: WhatIfOutcome[];
  /**
   * Computed on every run for the lint rules: losing the worst node (clusters of 2 nodes or more) and each zone
   * (clusters of 2 zones or more).
   */
  resilience: { worstNode?: WhatIfOutcome; zones: WhatIfOutcome[] };
  headroom: Headroom[];
  evictionOrder: NodeEviction[];
  packing: Packing;
}

/** What no longer fits when every autoscaler scales its target to maxReplicas. */
export interface FullScale {
  autoscaled: AutoscaledWorkload[];
  result: SimulationResult;
  /** How many more pods the full-scale pass places than the steady one. */
  added: number;
  /** Pods Pending at full scale that are not Pending in the steady pass (those are reported there). */
  pendingOnlyAtFullScale: Placement[];
}

/** A PodDisruptionBudget as a drain consults it. */
export interface DisruptionBudgetRef {
  namespace: string;
  name: string;
  selector: LabelSelector;
  budget: DisruptionBudget;
  origin?: PodOrigin;
}

export type Simulate = (input: SimulationInput) => SimulationResult;

export interface ReportOptions {
  input: SimulationInput;
  simulate: Simulate;
  usage: UsageAssumption;
  whatIfs: WhatIfRequest[];
  pdbs: DisruptionBudgetRef[];
  /** The same input with HPA targets at maxReplicas, and the autoscaled workloads; simulated too when given. */
  fullScaleInput?: { input: SimulationInput; autoscaled: AutoscaledWorkload[] };
}

export function buildReport(options: ReportOptions): SimulationReport {
  const result = options.simulate(options.input);
  const ctx: WhatIfContext = { input: options.input, base: result, simulate: options.simulate, pdbs: options.pdbs, memo: new Map() };
  const zones = [...new Set(result.nodes.map((n) => n.zone).filter((z): z is string => z !== null))].sort();
  return {
    input: options.input,
    result,
    ...(options.fullScaleInput ? { fullScale: fullScale(result, options.fullScaleInput, options.simulate) } : {}),
    usage: options.usage,
    whatIfs: runWhatIfs(options.whatIfs, ctx),
    resilience: {
      ...(result.nodes.length > 1 ? { worstNode: worstNode(ctx) } : {}),
      zones: zones.length > 1 ? zones.map((zone) => whatIf('lose-zone', zone, ctx)) : [],
    },
    headroom: headroom(result),
    evictionOrder: evictionOrder(options.input, result, options.usage),
    packing: packing(options.input, result),
  };
}

function fullScale(
  steady: SimulationResult,
  second: { input: SimulationInput; autoscaled: AutoscaledWorkload[] },
  simulate: Simulate,
): FullScale {
  const result = simulate(second.input);
  const steadyPending = new Set(steady.placements.filter((p) => p.pending).map((p) => `${p.namespace}/${p.name}`));
  return {
    autoscaled: second.autoscaled,
    result,
    added: result.placements.length - steady.placements.length,
    pendingOnlyAtFullScale: result.placements.filter((p) => p.pending && !steadyPending.has(`${p.namespace}/${p.name}`)),
  };
}
