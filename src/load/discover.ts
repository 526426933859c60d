import fs from 'node:fs';
import path from 'node:path';
import { compileGlob, globBase, isGlob, toPosix, type GlobMatcher } from './glob.js';
import { SourceFile } from './source.js';
import type { InputProblem } from './problems.js';
import {
  kustomizationFile,
  kustomizationInputs,
  patchFiles,
  dormantPatchFiles,
  renderKustomization,
  renderKustomizations,
  type Rendered,
} from './kustomize.js';
import { describeError, readStdin, readTextFile, stdinText } from './read.js';

export interface DiscoverOptions {
  /** Files larger than this are reported and skipped. */
  maxFileSize: number;
  /** Paths (posix, relative to cwd) matching any of these are not loaded. */
  ignore: GlobMatcher[];
  /** Stands in for standard input (tests); it gets the checks real stdin gets. */
  readStdin?: () => string | Buffer;
  /** The name standard input goes by (--stdin-filename), instead of <stdin>. */
  stdinFilename?: string;
}

export interface Discovered {
  sources: SourceFile[];
  problems: InputProblem[];
  /** Patch files of kustomizations met on the way: partial objects, not linted. */
  skippedPatches: number;
  /** Kustomization folders rendered. */
  rendered: number;
  /** Files linted as they are (not through a kustomization). */
  plain: number;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

export const STDIN_PATH = '<stdin>';

/** Reads the inputs, rendering the kustomizations met one after another. */
export function discover(inputs: string[], options: DiscoverOptions): Discovered {
  const walker = walk(inputs, options);
  return walker.assemble(walker.renders.map((render) => renderKustomization(render.dir)));
}

/**
 * discover, with the kustomizations met rendered side by side (the walk does not depend on what
 * they render, so it runs first); sources and problems come out in the same order as discover's.
 */
export async function discoverConcurrently(inputs: string[], options: DiscoverOptions): Promise<Discovered> {
  const walker = walk(inputs, options);
  return walker.assemble(await renderKustomizations(walker.renders.map((render) => render.dir)));
}

function walk(inputs: string[], options: DiscoverOptions): Walker {
  const walker = new Walker(options);
  for (const input of inputs) walker.addInput(input);
  return walker;
}

/** A kustomization met on the walk, rendered after it: where its output (or failure) goes in order. */
class PendingRender {
  constructor(
    readonly dir: string,
    readonly file: string,
  ) {}
}

class Walker {
  /** In walk order; a pending render holds the place of its output, or of its failure. */
  private readonly sources: Array<SourceFile | PendingRender> = [];
  private readonly problems: Array<InputProblem | PendingRender> = [];
  readonly renders: PendingRender[] = [];
  private skippedPatches = 0;
  private readonly seenFiles = new Set<string>();
  /** Real paths of folders walked: symbolic links that make a tree of paths to one folder cost one visit. */
  private readonly seenFolders = new Set<string>();
  private readonly patchesByFolder = new Map<string, Set<string>>();

  constructor(private readonly options: DiscoverOptions) {}

  addInput(input: string): void {
    if (input === '-') {
      const name = this.options.stdinFilename ?? STDIN_PATH;
      const read = this.readStdin();
      if ('error' in read) return this.fail(name, read.error);
      // An empty pipe usually means the command that rendered the manifests failed: never a green run.
      if (read.text.trim() === '')
        return this.fail(name, 'standard input is empty: nothing to lint (did the command that renders the manifests fail?)');
      this.sources.push(new SourceFile(name, read.text));
      return;
    }
    const stat = statOrError(input);
    if (stat instanceof Error) {
      if (isGlob(input)) return this.addGlob(input);
      return this.fail(input, describeMissing(input, stat));
    }
    if (stat.isDirectory()) {
      const kustomization = kustomizationFile(input);
      if (kustomization && 'error' in kustomization) return this.fail(joinPath(input, kustomization.name), kustomization.error);
      if (kustomization) return this.addKustomization(input, kustomization.name, new Set());
      return this.walk(input, new Set());
    }
    if (this.isPatch(input)) {
      this.skippedPatches++;
      return;
    }
    this.addFile(input);
  }

  private readStdin(): ReturnType<typeof readStdin> {
    if (!this.options.readStdin) return readStdin(this.options.maxFileSize);
    const given = this.options.readStdin();
    return stdinText(typeof given === 'string' ? Buffer.from(given) : given, this.options.maxFileSize);
  }

  /**
   * A kustomization folder, given or met on a walk: rendered as kustomize applies it, and the files
   * and folders in it that the render does not use (examples, other apps) linted on their own,
   * as linting each of them alone would. Patches stay unlinted (partial objects).
   */
  private addKustomization(dir: string, file: string, ancestors: Set<string>): void {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (err) {
      return this.fail(dir, describeError(err));
    }
    if (this.seenFolders.has(real)) return;
    this.seenFolders.add(real);
    const render = new PendingRender(dir, file);
    this.renders.push(render);
    this.sources.push(render);
    this.problems.push(render);
    const used = kustomizationInputs(dir);
    this.walkEntries(dir, new Set(ancestors).add(real), undefined, (full, isDir) => {
      const absolute = path.resolve(full);
      if (isDir) return !used.has(absolute);
      if (path.basename(full) === file) return false;
      // A patch is counted as one where it is met (isPatch); any other input is part of the render.
      return !used.has(absolute) || patchFiles(dir).includes(absolute);
    });
  }

  /** The walk's sources and problems, with each render's output (by the index of `renders`) in its place. */
  assemble(results: readonly Rendered[]): Discovered {
    const outputs = new Map(this.renders.map((render, i) => [render, results[i]]));
    const sources: SourceFile[] = [];
    let rendered = 0;
    for (const entry of this.sources) {
      if (entry instanceof SourceFile) sources.push(entry);
      else {
        const output = outputs.get(entry)!;
        if ('error' in output) continue;
        rendered++;
        sources.push(
          new SourceFile(output.label, output.text, output.originBase ? { base: output.originBase, dir: entry.dir } : undefined),
        );
      }
    }
    const problems: InputProblem[] = [];
    for (const entry of this.problems) {
      if (!(entry instanceof PendingRender)) problems.push(entry);
      else {
        const output = outputs.get(entry)!;
        if ('error' in output) problems.push(fileUnreadable(joinPath(entry.dir, entry.file), output.error));
      }
    }
    return { sources, problems, skippedPatches: this.skippedPatches, rendered, plain: sources.length - rendered };
  }

  private addGlob(pattern: string): void {
    const posixPattern = toPosix(pattern).replace(/^\.\//, '');
    const matcher = compileGlob(posixPattern);
    const base = globBase(posixPattern);
    const before = this.sources.length + this.problems.length;
    const baseStat = statOrError(base);
    if (baseStat instanceof Error && (baseStat.code === 'EACCES' || baseStat.code === 'EPERM'))
      return this.fail(pattern, `${base}: ${describeError(baseStat)}`);
    if (baseStat instanceof Error || !baseStat.isDirectory()) return this.fail(pattern, 'no file matches this pattern');
    this.walk(base, new Set(), (file) => matcher.test(toPosix(file).replace(/^\.\//, '')));
    if (this.sources.length + this.problems.length === before) this.fail(pattern, 'no file matches this pattern');
  }

  private walk(dir: string, ancestors: Set<string>, accept?: (file: string) => boolean, keep?: (full: string) => boolean): void {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      return this.fail(dir, describeError(err));
    }
    if (ancestors.has(real)) return this.fail(dir, 'symbolic link loop: this folder contains itself; skipped');
    if (this.seenFolders.has(real)) return;
    this.seenFolders.add(real);
    this.walkEntries(dir, new Set(ancestors).add(real), accept, keep, entries);
  }

  /** The entries of a folder, in name order; `keep` leaves some out (what a kustomization renders). */
  private walkEntries(
    dir: string,
    inside: Set<string>,
    accept: ((file: string) => boolean) | undefined,
    keep?: (full: string, isDir: boolean) => boolean,
    listed?: fs.Dirent[],
  ): void {
    let entries: fs.Dirent[];
    try {
      entries = listed ?? fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      return this.fail(dir, describeError(err));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = joinPath(dir, entry.name);
      if (this.isIgnored(full)) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrError(full);
        if (target instanceof Error) {
          if (accept ? accept(full) : MANIFEST_EXT.test(entry.name)) this.fail(full, 'broken symbolic link; skipped');
          continue;
        }
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (keep && !keep(full, isDir)) continue;
      if (isDir) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        // A glob names files; a walk meets kustomizations and renders them, as naming the folder would.
        const kustomization: ReturnType<typeof kustomizationFile> = accept ? undefined : kustomizationFile(full);
        if (!kustomization) this.walk(full, inside, accept);
        else if ('error' in kustomization) {
          this.fail(joinPath(full, kustomization.name), String(kustomization.error));
          // It cannot be rendered: the folder's other files are still linted, as plain files.
          this.walk(full, inside, accept, (f) => path.basename(f) !== kustomization.name);
        } else if (inside.has(safeRealPath(full))) this.fail(full, 'symbolic link loop: this folder contains itself; skipped');
        else this.addKustomization(full, kustomization.name, inside);
      } else if (isFile && (accept ? accept(full) : MANIFEST_EXT.test(entry.name))) {
        if (this.isPatch(full)) {
          this.skippedPatches++;
          continue;
        }
        this.addFile(full);
      }
    }
  }

  /**
   * Files a kustomization applies as patches hold partial objects: linting them alone misleads.
   * A file is a patch when the kustomization of its own folder or of a folder above names it
   * (kustomize loads no file outside a kustomization's folder). Decided per file, so neither the
   * order of a walk nor of the command line (a pre-commit hook passes files one by one) changes it.
   */
  private isPatch(file: string): boolean {
    const absolute = path.resolve(file);
    for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
      if (this.patchesOf(dir).has(absolute)) return true;
      if (path.dirname(dir) === dir) return false;
    }
  }

  /** The patch files of a folder's kustomization, read once per folder however many files name it. */
  private patchesOf(dir: string): Set<string> {
    let patches = this.patchesByFolder.get(dir);
    if (!patches) this.patchesByFolder.set(dir, (patches = new Set([...patchFiles(dir), ...dormantPatchFiles(dir)])));
    return patches;
  }

  private addFile(file: string): void {
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch (err) {
      return this.fail(file, describeError(err));
    }
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    const read = readTextFile(file, this.options.maxFileSize);
    if ('error' in read) return this.fail(file, read.error);
    this.sources.push(new SourceFile(file, read.text));
  }

  private isIgnored(file: string): boolean {
    if (this.options.ignore.length === 0) return false;
    const rel = toPosix(path.relative(process.cwd(), file));
    return this.options.ignore.some((glob) => glob.test(rel));
  }

  private fail(file: string, message: string): void {
    this.problems.push(fileUnreadable(file, message));
  }
}

function fileUnreadable(file: string, message: string): InputProblem {
  return { ruleId: 'file-unreadable', location: { file, line: 1, column: 1, endLine: 1, endColumn: 1 }, message };
}

function safeRealPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function joinPath(dir: string, name: string): string {
  return dir === '.' ? name : path.join(dir, name);
}

function statOrError(p: string): fs.Stats | NodeJS.ErrnoException {
  try {
    return fs.statSync(p);
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

/** Why a path cannot be statted: a dangling link, a folder that cannot be entered, or nothing there. */
function describeMissing(p: string, err: NodeJS.ErrnoException): string {
  if (err.code !== 'ENOENT' && err.code !== 'ELOOP') return describeError(err);
  try {
    fs.lstatSync(p);
    return 'broken symbolic link or symbolic link loop; skipped';
  } catch {
    return 'no such file or folder';
  }
}
