import type { Finding } from '../../types.js';
import type { SimulationReport } from './report.js';

export interface SimulateFormatOptions {
  color: boolean;
  width: number;
}

export type SimulateFormatter = (report: SimulationReport, findings: readonly Finding[], options: SimulateFormatOptions) => string;

/** `simulate --format`: loaded on demand like lint's formats. */
export const SIMULATE_FORMATS: Record<string, () => Promise<{ default: SimulateFormatter }>> = {
  stylish: () => import('./format-stylish.js'),
  json: () => import('./format-json.js'),
  html: () => import('./format-html.js'),
};
