import type * as ChildProcess from 'node:child_process';

/**
 * spawnSync, loaded on first use: child_process pulls in streams, sockets and more, which would
 * cost every run (pre-commit hooks included) although only kustomize, git and plugin checks need it.
 */
export const spawnSync: typeof ChildProcess.spawnSync = ((...args: Parameters<typeof ChildProcess.spawnSync>) =>
  (process.getBuiltinModule('node:child_process') as typeof ChildProcess).spawnSync(...args)) as typeof ChildProcess.spawnSync;
