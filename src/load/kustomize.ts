import { spawnSync } from 'node:child_process';

export type Rendered = { label: string; text: string } | { error: string };

const TOOLS: Array<{ command: string; args: (dir: string) => string[]; name: string }> = [
  { command: 'kustomize', args: (dir) => ['build', dir], name: 'kustomize build' },
  { command: 'kubectl', args: (dir) => ['kustomize', dir], name: 'kubectl kustomize' },
];

const TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 256 * 1024 * 1024;

/** Renders a kustomization folder with the first installed of `kustomize` and `kubectl`. */
export function renderKustomization(dir: string): Rendered {
  for (const tool of TOOLS) {
    const run = spawnSync(tool.command, tool.args(dir), { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue;
    if (run.error) return { error: `\`${tool.name}\` failed: ${run.error.message}` };
    if (run.status !== 0) {
      const reason = (run.stderr || run.stdout || '').trim().split('\n')[0] || `exit code ${run.status}`;
      return { error: `\`${tool.name}\` failed: ${reason}` };
    }
    return { label: `${dir} (${tool.name})`, text: run.stdout };
  }
  return {
    error: 'this folder is a kustomization, and neither `kustomize` nor `kubectl` is installed to render it: install one, or pipe rendered output (`kustomize build DIR | kube-intent lint -`)',
  };
}
