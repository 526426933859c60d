import type { UsageAssumption } from '../../k8s/eviction.js';
import type { LabelSelector } from '../../k8s/labels.js';
import type { DisruptionBudget } from '../../k8s/pdb.js';
import type { PodOrigin, SimulationInput, SimulationResult } from '../types.js';
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
  /** The pods placed at every HorizontalPodAutoscaler's maxReplicas, when the input has HPAs. */
  fullScale?: SimulationResult;
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
  /** The same input with HPA targets at maxReplicas; simulated too when given. */
  fullScaleInput?: SimulationInput;
}

export function buildReport(options: ReportOptions): SimulationReport {
  const result = options.simulate(options.input);
  const ctx: WhatIfContext = { input: options.input, base: result, simulate: options.simulate, pdbs: options.pdbs, memo: new Map() };
  const zones = [...new Set(result.nodes.map((n) => n.zone).filter((z): z is string => z !== null))].sort();
  return {
    input: options.input,
    result,
    ...(options.fullScaleInput ? { fullScale: options.simulate(options.fullScaleInput) } : {}),
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
