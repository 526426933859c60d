import type * as ChildProcess from 'node:child_process';
import { spawnSync } from './spawn.js';

/** An external tool to run (kustomize, kubectl), its output captured. */
export interface ToolCommand {
  command: string;
  args: string[];
}

/** What running a tool gave: not installed, could not run to the end, or its exit status and output. */
export type ToolOutcome = { missing: true } | { failure: string } | { status: number | null; stdout: string; stderr: string };

const MAX_OUTPUT = 256 * 1024 * 1024;

/** Runs a tool and waits for it; a run past `timeoutMs` is killed and reported. */
export function runToolSync(tool: ToolCommand, timeoutMs: number): ToolOutcome {
  const run = spawnSync(tool.command, tool.args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT });
  const code = (run.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { missing: true };
  if (code === 'ETIMEDOUT') return { failure: timedOut(timeoutMs) };
  if (code === 'ENOBUFS') return { failure: TOO_MUCH_OUTPUT };
  if (run.error) return { failure: cannotRun(run.error) };
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** runToolSync without blocking, so several tools run at once; same outcomes, same messages. */
export function runTool(tool: ToolCommand, timeoutMs: number): Promise<ToolOutcome> {
  const { spawn } = process.getBuiltinModule('node:child_process') as typeof ChildProcess;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: ToolOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const child = spawn(tool.command, tool.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    // A killed tool may leave children holding its pipes open: settle on its exit, not on the pipes closing.
    const stop = (failure: string) => {
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      settle({ failure });
    };
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) return stop(TOO_MUCH_OUTPUT);
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    const timer = setTimeout(() => stop(timedOut(timeoutMs)), timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => settle(err.code === 'ENOENT' ? { missing: true } : { failure: cannotRun(err) }));
    child.on('close', (status) =>
      settle({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

const TOO_MUCH_OUTPUT = `its output exceeded ${MAX_OUTPUT / 1024 / 1024} MiB and it was stopped`;

function timedOut(timeoutMs: number): string {
  return `it did not finish within ${timeoutMs / 1000} s and was stopped`;
}

function cannotRun(err: NodeJS.ErrnoException): string {
  return `it could not be run (${err.code ?? err.message})`;
}
