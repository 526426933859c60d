import fs from 'node:fs';

/**
 * The one way kube-intent reads input: regular files only (a FIFO would block forever, /dev/zero
 * never ends), never more than a size bound, and the same text checks for files and stdin.
 */
export type ReadResult = { text: string } | { error: string };

const SNIFF_BYTES = 8000;
const CHUNK = 64 * 1024;

/** Reads a regular file of at most `maxBytes` as UTF-8 text; any other kind of file, or a bigger one, is refused. */
export function readTextFile(file: string, maxBytes: number): ReadResult {
  const read = readRegularFile(file, maxBytes);
  return 'buffer' in read ? decodeText(read.buffer) : read;
}

/** The bytes of a regular file of at most `maxBytes`. */
export function readRegularFile(file: string, maxBytes: number): { buffer: Buffer } | { error: string } {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading waits for a writer otherwise, before fstat can refuse it.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    return { error: describeError(err) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { error: `${describeKind(stat)}, not a regular file; skipped` };
    if (stat.size > maxBytes) return { error: tooBig(`file is ${mb(stat.size)}, above`, maxBytes, stat.size) };
    // The size can lie (procfs reports 0, a file may grow while read): the bound is on what is read.
    const buffer = readUpTo(fd, maxBytes);
    if (buffer.length > maxBytes) return { error: tooBig('file is larger than', maxBytes) };
    return { buffer };
  } catch (err) {
    return { error: describeError(err) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Standard input up to `maxBytes` (what --max-file-size allows one file), with the checks files get. */
export function readStdin(maxBytes: number): ReadResult {
  let buffer: Buffer;
  try {
    buffer = readUpTo(0, maxBytes);
  } catch (err) {
    return { error: `cannot read standard input (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  return stdinText(buffer, maxBytes);
}

/** What standard input holds, once read: bounded and checked like a file. */
export function stdinText(buffer: Buffer, maxBytes: number): ReadResult {
  if (buffer.length > maxBytes) return { error: tooBig('standard input is larger than', maxBytes) };
  return decodeText(buffer);
}

/** Reads until end of input or one byte past `maxBytes` (so "too big" can be told from "exactly full"). */
function readUpTo(fd: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      // A non-blocking pipe with nothing in it yet: wait a little, as a blocking read would.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > maxBytes) break;
  }
  return Buffer.concat(chunks, total);
}

/** Text from bytes: UTF-8 only (a BOM is dropped); UTF-16, binary data and invalid UTF-8 are refused with the reason. */
export function decodeText(buffer: Buffer): ReadResult {
  if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)))
    return { error: 'UTF-16 text; Kubernetes manifests are read as UTF-8: convert it (iconv -f UTF-16 -t UTF-8); skipped' };
  if (buffer.subarray(0, SNIFF_BYTES).includes(0)) return { error: 'binary file, not YAML or JSON; skipped' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return { error: 'not valid UTF-8 text; skipped' };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** `what` ends where the limit follows: "file is 50.0 MiB, above" or "standard input is larger than". */
function tooBig(what: string, maxBytes: number, size?: number): string {
  const example = size === undefined ? '' : `, e.g. --max-file-size ${Math.ceil(size / (1024 * 1024)) + 1}`;
  return `${what} the ${mb(maxBytes)} limit; skipped (raise the limit with --max-file-size <MiB>${example})`;
}

function describeKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'a special file';
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
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
