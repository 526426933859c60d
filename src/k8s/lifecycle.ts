import { isRecord, type Raw } from '../util/raw.js';

/** Container lifecycle hooks and pod termination (how long shutdown may take). */

/** `terminationGracePeriodSeconds` of a pod spec, default 30. */
export function terminationGracePeriod(podSpec: Raw): number {
  const value = podSpec.terminationGracePeriodSeconds;
  return typeof value === 'number' && value >= 0 ? value : 30;
}

export interface PreStopWait {
  /** Seconds the hook sleeps; Infinity for `sleep infinity`. */
  seconds: number;
  /** The `sleep` handler, or an exec command that runs `sleep`. */
  handler: 'sleep' | 'exec';
}

/**
 * How long a container's preStop hook sleeps: the `sleep` handler's seconds, or the `sleep N`
 * calls of an exec command (argv form, or a shell script after `-c`; sequential sleeps add up).
 */
export function preStopWait(container: Raw): PreStopWait | undefined {
  const lifecycle = container.lifecycle;
  const preStop = isRecord(lifecycle) ? lifecycle.preStop : undefined;
  if (!isRecord(preStop)) return undefined;
  if (isRecord(preStop.sleep) && typeof preStop.sleep.seconds === 'number') return { seconds: preStop.sleep.seconds, handler: 'sleep' };
  if (!isRecord(preStop.exec) || !Array.isArray(preStop.exec.command)) return undefined;
  const command = preStop.exec.command.map((a) => String(a));
  const seconds = sleepSecondsInArgv(command);
  return seconds === undefined ? undefined : { seconds, handler: 'exec' };
}

function sleepSecondsInArgv(argv: string[]): number | undefined {
  if (argv.length === 0) return undefined;
  if (isSleep(argv[0])) return argv.length === 2 ? parseDuration(argv[1]) : undefined;
  const c = argv.findIndex((arg, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(arg));
  if (c > 0 && c + 1 < argv.length && /(^|\/)(ba|da|a|z)?sh$/.test(argv[0])) return sleepSecondsInScript(argv[c + 1]);
  return undefined;
}

/** Sums `sleep N` commands of a shell script; undefined when it has none. */
export function sleepSecondsInScript(script: string): number | undefined {
  let total: number | undefined;
  for (const m of script.matchAll(/(?:^|[\s;&|(])(?:\/[\w/]*\/)?sleep\s+([^\s;&|)]+)/g)) {
    const seconds = parseDuration(m[1]);
    if (seconds !== undefined) total = (total ?? 0) + seconds;
  }
  return total;
}

/** `30`, `30s`, `1m`, `0.5`, `infinity` as GNU and busybox `sleep` read them. */
export function parseDuration(arg: string): number | undefined {
  if (arg === 'infinity') return Infinity;
  const m = /^([0-9]+(?:\.[0-9]+)?)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

function isSleep(arg: string): boolean {
  return arg === 'sleep' || arg.endsWith('/sleep');
}
