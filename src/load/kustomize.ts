import { runTool, runToolSync, type ToolCommand, type ToolOutcome } from '../util/tool-run.js';
import { toPosix } from './glob.js';
import { readTextFile } from './read.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A kustomization file is small; anything bigger is not one kube-intent hands to a renderer. */
const MAX_KUSTOMIZATION_BYTES = 4 * 1024 * 1024;

/**
 * The kustomization file of a folder, or undefined. One that exists but is no regular file (a FIFO
 * would block the renderer forever) comes back with the reason instead.
 */
export function kustomizationFile(dir: string): { name: string } | { name: string; error: string } | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
    } catch {
      stat = undefined;
    }
    if (!stat) continue;
    return stat.isFile() ? { name } : { name, error: 'not a regular file (a named pipe or device?); this kustomization is skipped' };
  }
  return undefined;
}

/** Rendered output; `originBase` is the folder the objects' origin annotations are relative to. */
export type Rendered = { label: string; text: string; originBase?: string } | { error: string };

const TOOLS: Array<{ command: string; args: (dir: string) => string[]; name: string }> = [
  { command: 'kustomize', args: (dir) => ['build', dir], name: 'kustomize build' },
  { command: 'kubectl', args: (dir) => ['kustomize', dir], name: 'kubectl kustomize' },
];

/** How long one `kustomize build` may run before it is stopped and reported. */
export const RENDER_TIMEOUT_MS = 120_000;

/** Annotation kustomize adds with `buildMetadata: [originAnnotations]`: the file each object came from. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

type Run = { ok: true; text: string; tool: string } | { ok: false; error: string } | { ok: false; missing: true };

/**
 * The steps of one render, as a generator that yields each command to run and receives its
 * outcome: the same steps run one by one (renderKustomization) or many renders side by side
 * (renderKustomizations), without two copies of what a render does.
 */
type RenderSteps = Generator<ToolCommand, Rendered, ToolOutcome>;

/**
 * Renders a kustomization folder with the first installed of `kustomize` and `kubectl`. It first
 * renders through a wrapper kustomization that asks for origin annotations, so findings can point
 * at the source files; if that fails (old kustomize, load restrictions) the folder is rendered
 * directly and findings point at the rendered output.
 */
export function renderKustomization(dir: string, timeoutMs = RENDER_TIMEOUT_MS): Rendered {
  const steps = renderSteps(dir);
  for (let step = steps.next(); ;) {
    if (step.done) return step.value;
    step = steps.next(runToolSync(step.value, timeoutMs));
  }
}

/**
 * Renders several kustomization folders side by side, at most `parallel` tools running at once;
 * the results come back in the order of `dirs`, whichever finishes first.
 */
export async function renderKustomizations(
  dirs: readonly string[],
  { parallel = defaultParallelism(), timeoutMs = RENDER_TIMEOUT_MS }: { parallel?: number; timeoutMs?: number } = {},
): Promise<Rendered[]> {
  const results: Rendered[] = new Array(dirs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < dirs.length; i = next++) {
      const steps = renderSteps(dirs[i]);
      for (let step = steps.next(); ;) {
        if (step.done) {
          results[i] = step.value;
          break;
        }
        step = steps.next(await runTool(step.value, timeoutMs));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, dirs.length)) }, worker));
  return results;
}

/**
 * One render per core: a render is mostly CPU (kustomize itself), so more at once only makes each
 * slower, and fewer leaves cores idle while another waits on its process to start.
 */
function defaultParallelism(): number {
  return Math.max(1, os.availableParallelism());
}

function* renderSteps(dir: string): RenderSteps {
  const traced = yield* renderWithOrigins(dir);
  if (traced?.ok) return { label: `${dir} (${traced.run.tool})`, text: traced.run.text, originBase: traced.base };
  const direct = traced && 'missing' in traced.run ? traced.run : yield* runTools(dir);
  if (direct.ok) return { label: `${dir} (${direct.tool})`, text: direct.text };
  if ('error' in direct) return { error: direct.error };
  return {
    error:
      'this folder is a kustomization, and neither `kustomize` nor `kubectl` is installed to render it: install one, or pipe rendered output (`kustomize build DIR | kube-intent lint -`)',
  };
}

/** The render through a temporary wrapper asking for origin annotations; undefined when no wrapper can be made. */
function* renderWithOrigins(
  dir: string,
): Generator<ToolCommand, { ok: true; run: Extract<Run, { ok: true }>; base: string } | { ok: false; run: Run } | undefined, ToolOutcome> {
  let wrapper: string;
  let target: string;
  try {
    // Real paths on both sides: kustomize resolves the wrapper's real path (macOS's /var is /private/var).
    wrapper = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-kustomize-')));
    target = toPosix(path.relative(wrapper, fs.realpathSync(path.resolve(dir))));
  } catch {
    return undefined;
  }
  try {
    fs.writeFileSync(
      path.join(wrapper, 'kustomization.yaml'),
      `resources:\n  - ${JSON.stringify(target)}\nbuildMetadata: [originAnnotations]\n`,
    );
    const run = yield* runTools(wrapper);
    return run.ok ? { ok: true, run, base: wrapper } : { ok: false, run };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(wrapper, { recursive: true, force: true });
  }
}

function* runTools(dir: string): Generator<ToolCommand, Run, ToolOutcome> {
  for (const tool of TOOLS) {
    const run = yield { command: tool.command, args: tool.args(dir) };
    if ('missing' in run) continue;
    if ('failure' in run) return { ok: false, error: `\`${tool.name}\` failed: ${run.failure}` };
    if (run.status !== 0) {
      const reason = toolFailure(run.stderr || run.stdout);
      return { ok: false, error: `\`${tool.name}\` failed: ${reason ? withoutMachineDetails(reason, dir) : `exit code ${run.status}`}` };
    }
    return { ok: true, text: run.stdout, tool: tool.name };
  }
  return { ok: false, missing: true };
}

/** A klog line prefix: severity, date, time, pid, source ("E1203 08:57:47.123456   12345 run.go:72] "). */
const KLOG_PREFIX = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [^\]\s]+\] /;

/**
 * The reason a render failed, without what differs per run: kubectl logs it through klog
 * (timestamp and pid first), as `"command failed" err="..."` or, for several lines, `err=<`
 * followed by tab-indented lines and ` >`. kustomize prints deprecation warnings first.
 */
export function toolFailure(output: string): string | undefined {
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || /^#|^warning\b/i.test(line)) continue;
    const logged = lines[i].replace(KLOG_PREFIX, '');
    const quoted = /\berr="((?:[^"\\]|\\.)*)"/.exec(logged);
    if (quoted) return unquote(quoted[1]);
    if (/\berr=<\s*$/.test(logged)) {
      const block: string[] = [];
      for (let j = i + 1; j < lines.length && lines[j].trim() !== '>'; j++) block.push(lines[j].trim());
      const reason = block.filter(Boolean).join(' ');
      if (reason) return reason;
    }
    return logged.trim().replace(/^error:\s*/, '');
  }
  return undefined;
}

/**
 * The reason as every machine reports it, so a finding's message and fingerprint do not depend on
 * where the repository is checked out: absolute paths below the working directory (kustomize
 * prints real paths) become relative, the temporary wrapper folder goes, and so do the DNS
 * resolver's address and the git binary's location in a failed remote fetch.
 */
export function withoutMachineDetails(reason: string, renderedDir: string, cwd = process.cwd()): string {
  const prefixes = new Set<string>();
  for (const dir of [cwd, safeRealpath(cwd)]) if (dir) prefixes.add(`${toPosix(dir).replace(/\/$/, '')}/`);
  const wrapper = toPosix(renderedDir);
  let text = reason;
  if (path.basename(wrapper).startsWith('kube-intent-kustomize-')) text = text.split(`${wrapper}/`).join('').split(wrapper).join('.');
  for (const prefix of [...prefixes].sort((a, b) => b.length - a.length)) text = text.split(prefix).join('');
  return text.replace(/ on (?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d+:/g, ':').replace(/'(?:\/[^'\s/]+)+\/git /g, "'git ");
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

function unquote(goQuoted: string): string {
  try {
    return JSON.parse(`"${goQuoted}"`) as string;
  } catch {
    return goQuoted.replace(/\\(.)/g, '$1');
  }
}

const RENDERED_LABEL = /^(.*) \((?:kustomize build|kubectl kustomize)\)$/;

/** The kustomization folder a rendered source came from, or undefined for an ordinary file. */
export function renderedFrom(label: string): string | undefined {
  return RENDERED_LABEL.exec(label)?.[1];
}

/**
 * Local files and folders a kustomization builds from (its own folder, and recursively the
 * folders and files it lists under resources, bases, components, patches and generators), so that
 * a change to any of them counts as a change to the rendered output. Remote URLs are skipped.
 */
export function kustomizationInputs(dir: string, seen = new Set<string>()): Set<string> {
  const root = path.resolve(dir);
  if (seen.has(root)) return seen;
  seen.add(root);
  for (const ref of localReferences(readKustomization(root))) {
    const target = path.resolve(root, ref);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(target, { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (stat?.isDirectory()) kustomizationInputs(target, seen);
    else if (stat) seen.add(target);
  }
  return seen;
}

/** The parsed kustomization file of a folder, or undefined when it has none (or it does not parse). */
export function readKustomization(dir: string): Record<string, unknown> | undefined {
  const found = kustomizationFile(dir);
  if (!found || 'error' in found) return undefined;
  const read = readTextFile(path.join(dir, found.name), MAX_KUSTOMIZATION_BYTES);
  if ('error' in read) return undefined;
  try {
    const spec: unknown = parseYaml(read.text);
    return spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Absolute paths of the files a kustomization applies as patches (partial objects). */
export function patchFiles(dir: string): string[] {
  const k = readKustomization(dir);
  if (!k) return [];
  const refs: unknown[] = [...asList(k.patchesStrategicMerge)];
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of asList(k[key])) refs.push(typeof item === 'string' ? item : (item as { path?: unknown } | null)?.path);
  }
  return refs.filter((r): r is string => typeof r === 'string' && !r.includes('\n')).map((r) => path.resolve(dir, r));
}

/**
 * Files of a kustomization's own folder named as patches (`*patch*.yaml`) that it does not apply
 * now: kubebuilder's scaffolds switch them on by uncommenting an entry. They hold partial objects
 * (no selector, no image), so linting them alone would report what kustomize fills in.
 */
export function dormantPatchFiles(dir: string): string[] {
  const found = kustomizationFile(dir);
  if (!found || 'error' in found) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => /patch/i.test(name) && /\.ya?ml$/i.test(name));
  } catch {
    return [];
  }
  const inputs = kustomizationInputs(dir);
  return names.map((name) => path.resolve(dir, name)).filter((file) => !inputs.has(file));
}

function localReferences(k: Record<string, unknown> | undefined): string[] {
  if (!k) return [];
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && !v.includes('\n') && !/^[a-z]+:\/\/|^git@|^github\.com\//.test(v)) out.push(v);
  };
  for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'crds']) {
    for (const item of asList(k[key])) add(item);
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of asList(k[key])) add((item as { path?: unknown } | null)?.path);
  }
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const gen of asList(k[key])) {
      for (const entry of [...asList((gen as { files?: unknown })?.files), ...asList((gen as { envs?: unknown })?.envs)]) {
        add(typeof entry === 'string' ? entry.slice(entry.indexOf('=') + 1) : entry);
      }
    }
  }
  return out;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
