import { describe, expect, it } from 'vitest';
import { setOfFiles } from './helpers.js';
import { SHAPES, shapeFiles, type Shape } from './adversarial-shapes.js';
import { builtinRules } from '../rules/index.js';
import { lintSet } from '../src/engine/run.js';
import { lookupWork } from '../src/util/work-counter.js';

/** Candidates examined by cross-object look-ups while linting n apps of a shape with every built-in rule. */
function workFor(shape: Shape, n: number): { work: number; findings: number } {
  const set = setOfFiles(shapeFiles(shape, n));
  lookupWork.count = 0;
  const { findings } = lintSet(set, { config: {}, rules: builtinRules });
  return { work: lookupWork.count, findings: findings.length };
}

/**
 * The complexity guard of issue 16: work counted (not time, which a busy machine disturbs) on the
 * shapes that once grew quadratically must grow about linearly, 8x the input costing at most ~10x
 * the work (quadratic growth would be 64x).
 */
describe('cross-object look-ups grow about linearly', () => {
  for (const [shape, { describe: what, base }] of Object.entries(SHAPES) as [Shape, (typeof SHAPES)[Shape]][]) {
    it(`${shape}: ${what}`, () => {
      const small = workFor(shape, base);
      const large = workFor(shape, base * 8);
      // The look-ups ran (the counter would read 0 if the rules bypassed the indexes) and the input was linted.
      expect(small.work).toBeGreaterThanOrEqual(base);
      expect(large.findings).toBeGreaterThanOrEqual(small.findings);
      expect(large.work / small.work).toBeLessThanOrEqual(10);
    });
  }
});
