/**
 * Counts the candidates cross-object look-ups examine. Tests read it to check that the work grows
 * about linearly with the input (time is too noisy for that); it costs one increment per candidate.
 */
export const lookupWork = { count: 0 };

/** Adds `n` examined candidates. */
export function countWork(n: number): void {
  lookupWork.count += n;
}
