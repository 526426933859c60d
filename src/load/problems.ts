import type { SourceLocation } from '../types.js';

/** Something wrong with the input itself, reported through the parse-level rule named by ruleId. */
export interface InputProblem {
  ruleId: string;
  location: SourceLocation;
  message: string;
}
