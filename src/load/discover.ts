import fs from 'node:fs';
import path from 'node:path';
import { globBase, globToRegExp, isGlob, toPosix } from './glob.js';
import { SourceFile } from './source.js';
import type { InputProblem } from './problems.js';
import { KUSTOMIZATION_FILES, patchFiles, renderKustomization } from './kustomize.js';

export interface DiscoverOptions {
  /** Files larger than this are reported and skipped. */
  maxFileSize: number;
  /** Paths (posix, relative to cwd) matching any of these are not loaded. */
  ignore: RegExp[];
  /** Reads standard input for the `-` path. */
  readStdin?: () => string;
  /** The name standard input goes by (--stdin-filename), instead of <stdin>. */
  stdinFilename?: string;
}

export interface Discovered {
  sources: SourceFile[];
  problems: InputProblem[];
  /** Patch files of kustomizations met on the way: partial objects, not linted. */
  skippedPatches: number;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const SNIFF_BYTES = 8000;

export const STDIN_PATH = '<stdin>';

export function discover(inputs: string[], options: DiscoverOptions): Discovered {
  const walker = new Walker(options);
  for (const input of inputs) walker.addInput(input);
  return { sources: walker.sources, problems: walker.problems, skippedPatches: walker.skippedPatches };
}

class Walker {
  readonly sources: SourceFile[] = [];
  readonly problems: InputProblem[] = [];
  skippedPatches = 0;
  private readonly seenFiles = new Set<string>();
  private readonly patchFiles = new Set<string>();
  private readonly patchesByFolder = new Map<string, Set<string>>();

  constructor(private readonly options: DiscoverOptions) {}

  addInput(input: string): void {
    if (input === '-') {
      const text = (this.options.readStdin ?? (() => fs.readFileSync(0, 'utf8')))();
      // An empty pipe usually means the command that rendered the manifests failed: never a green run.
      const name = this.options.stdinFilename ?? STDIN_PATH;
      if (text.trim() === '')
        return this.fail(name, 'standard input is empty: nothing to lint (did the command that renders the manifests fail?)');
      this.sources.push(new SourceFile(name, stripBom(text)));
      return;
    }
    const stat = statOrNull(input);
    if (!stat) {
      if (isGlob(input)) return this.addGlob(input);
      return this.fail(input, describeMissing(input));
    }
    if (stat.isDirectory()) {
      const kustomization = KUSTOMIZATION_FILES.find((f) => fs.existsSync(path.join(input, f)));
      if (kustomization) return this.addKustomization(input, kustomization);
      return this.walk(input, new Set());
    }
    if (this.isPatchBeside(input)) {
      this.skippedPatches++;
      return;
    }
    this.addFile(input);
  }

  private addKustomization(dir: string, file: string): void {
    const rendered = renderKustomization(dir);
    if ('error' in rendered) return this.fail(joinPath(dir, file), rendered.error);
    this.sources.push(new SourceFile(rendered.label, rendered.text, rendered.originBase ? { base: rendered.originBase, dir } : undefined));
  }

  private addGlob(pattern: string): void {
    const posixPattern = toPosix(pattern).replace(/^\.\//, '');
    const matcher = globToRegExp(posixPattern);
    const base = globBase(posixPattern);
    const before = this.sources.length + this.problems.length;
    if (!statOrNull(base)?.isDirectory()) return this.fail(pattern, 'no file matches this pattern');
    this.walk(base, new Set(), (file) => matcher.test(toPosix(file).replace(/^\.\//, '')));
    if (this.sources.length + this.problems.length === before) this.fail(pattern, 'no file matches this pattern');
  }

  private walk(dir: string, ancestors: Set<string>, accept?: (file: string) => boolean): void {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      return this.fail(dir, describeError(err));
    }
    if (ancestors.has(real)) return this.fail(dir, 'symbolic link loop: this folder contains itself; skipped');
    const inside = new Set(ancestors).add(real);
    this.collectPatches(dir, entries);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = joinPath(dir, entry.name);
      if (this.isIgnored(full)) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrNull(full);
        if (!target) {
          if (accept ? accept(full) : MANIFEST_EXT.test(entry.name)) this.fail(full, 'broken symbolic link; skipped');
          continue;
        }
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDir) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        this.walk(full, inside, accept);
      } else if (isFile && (accept ? accept(full) : MANIFEST_EXT.test(entry.name))) {
        if (this.patchFiles.has(path.resolve(full))) {
          this.skippedPatches++;
          continue;
        }
        this.addFile(full);
      }
    }
  }

  /** Files a kustomization applies as patches hold partial objects: linting them alone misleads. */
  private collectPatches(dir: string, entries: fs.Dirent[]): void {
    if (!entries.some((e) => KUSTOMIZATION_FILES.includes(e.name))) return;
    for (const file of this.patchesOf(dir)) this.patchFiles.add(file);
  }

  /** A file named on the command line (a pre-commit hook passes them one by one) may be a kustomization's patch too. */
  private isPatchBeside(file: string): boolean {
    return this.patchesOf(path.dirname(path.resolve(file))).has(path.resolve(file));
  }

  /** The patch files of a folder's kustomization, read once per folder however many files name it. */
  private patchesOf(dir: string): Set<string> {
    let patches = this.patchesByFolder.get(dir);
    if (!patches) this.patchesByFolder.set(dir, (patches = new Set(patchFiles(dir))));
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
    let buffer: Buffer;
    try {
      const stat = fs.statSync(file);
      if (stat.size > this.options.maxFileSize) {
        return this.fail(
          file,
          `file is ${mb(stat.size)}, above the ${mb(this.options.maxFileSize)} limit; skipped (raise the limit with --max-file-size <MiB>, e.g. --max-file-size ${Math.ceil(stat.size / (1024 * 1024)) + 1})`,
        );
      }
      buffer = fs.readFileSync(file);
    } catch (err) {
      return this.fail(file, describeError(err));
    }
    if (buffer.subarray(0, SNIFF_BYTES).includes(0)) return this.fail(file, 'binary file, not YAML or JSON; skipped');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch {
      return this.fail(file, 'not valid UTF-8 text; skipped');
    }
    this.sources.push(new SourceFile(file, stripBom(text)));
  }

  private isIgnored(file: string): boolean {
    if (this.options.ignore.length === 0) return false;
    const rel = toPosix(path.relative(process.cwd(), file));
    return this.options.ignore.some((re) => re.test(rel));
  }

  private fail(file: string, message: string): void {
    this.problems.push({
      ruleId: 'file-unreadable',
      location: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
      message,
    });
  }
}

function joinPath(dir: string, name: string): string {
  return dir === '.' ? name : path.join(dir, name);
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function describeMissing(p: string): string {
  try {
    fs.lstatSync(p);
    return 'broken symbolic link or symbolic link loop; skipped';
  } catch {
    return 'no such file or folder';
  }
}

export function describeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; skipped';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ELOOP':
      return 'symbolic link loop; skipped';
    case 'EISDIR':
      return 'is a folder';
    default:
      return `cannot read (${code ?? (err as Error)?.message ?? 'unknown error'}); skipped`;
  }
}
