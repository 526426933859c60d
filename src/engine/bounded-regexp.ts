import vm from 'node:vm';

/** How long one user pattern may take on one value before the match is given up. */
export const PATTERN_TIME_LIMIT_MS = 1000;

/**
 * Values this short cannot make a pattern backtrack for long (2^16 steps at worst), so they are
 * matched directly; longer ones run under a time bound, which costs about 0.1 ms a match.
 */
const DIRECT_MATCH_LENGTH = 16;

/** A user pattern (a customRules schema `pattern`) that ran past the time bound on a value. */
export class PatternTimeout extends Error {
  constructor(readonly pattern: string) {
    super(`the pattern ${JSON.stringify(pattern)} took more than ${PATTERN_TIME_LIMIT_MS / 1000} s on one value`);
  }
}

const context = vm.createContext({ job: { re: /$^/, text: '' } });
const script = new vm.Script('job.re.test(job.text)');

/**
 * ajv's RegExp engine for user schemas: V8's backtracking engine, with a time bound, since a
 * pattern such as `^(a+)+$` takes longer than the universe's age on a 40-character value. The
 * script's timeout interrupts the match itself; PatternTimeout says which pattern it was.
 */
export const boundedRegExp = Object.assign(
  (pattern: string, flags: string) => {
    const re = new RegExp(pattern, flags);
    return {
      // ajv keys its cache of compiled patterns by this.
      toString: () => re.toString(),
      test(text: string): boolean {
        if (text.length <= DIRECT_MATCH_LENGTH) return re.test(text);
        (context.job as { re: RegExp; text: string }) = { re, text };
        try {
          return script.runInContext(context, { timeout: PATTERN_TIME_LIMIT_MS }) as boolean;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new PatternTimeout(pattern);
          throw err;
        }
      },
    };
  },
  { code: 'boundedRegExp' },
);
