import fs from 'node:fs';

/**
 * Standard output. When it is a pipe or a file (a pre-commit hook, CI, `> report.txt`, /dev/null) the text is
 * written to the file descriptor directly: creating `process.stdout` loads Node's stream machinery,
 * ~8 ms of every run. A terminal or anything else gets `process.stdout`, as does the rest of the
 * text once a non-blocking pipe is full (EAGAIN).
 */
let direct: boolean | undefined;
let closed = false;
let stream: NodeJS.WriteStream | undefined;

export function writeStdout(text: string): void {
  if (closed) return;
  let rest: string | Buffer = text;
  if ((direct ??= isPipeOrFile())) {
    let bytes = Buffer.from(text);
    try {
      while (bytes.length > 0) bytes = bytes.subarray(fs.writeSync(1, bytes));
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        closed = true;
        return;
      }
      if (code !== 'EAGAIN') failedWrite(err as Error);
      direct = false;
      rest = bytes;
    }
  }
  outputStream().write(rest);
}

/** Whether standard output is a terminal (without creating the stream for a pipe or a file). */
export function stdoutIsTerminal(): boolean {
  return !(direct ??= isPipeOrFile()) && outputStream().isTTY === true;
}

/** The terminal's width, or undefined when standard output is no terminal. */
export function stdoutColumns(): number | undefined {
  return stdoutIsTerminal() ? outputStream().columns : undefined;
}

function isPipeOrFile(): boolean {
  if (process.platform === 'win32') return false;
  try {
    const stat = fs.fstatSync(1);
    return stat.isFIFO() || stat.isFile() || (stat.isCharacterDevice() && stat.rdev === fs.statSync('/dev/null').rdev);
  } catch {
    return false;
  }
}

function outputStream(): NodeJS.WriteStream {
  if (stream === undefined) {
    stream = process.stdout;
    stream.on('error', stopOnClosedOutput);
  }
  return stream;
}

/**
 * A reader that stops early (`kube-intent lint . | head`) closes the pipe: the rest of the report has
 * nowhere to go, which is the reader's choice, not an error, and the exit code still says whether
 * there were findings. Any other write failure is an error.
 */
function stopOnClosedOutput(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
    closed = true;
    return;
  }
  failedWrite(err);
}

function failedWrite(err: Error): never {
  process.stderr.write(`kube-intent: cannot write the report: ${err.message}\n`);
  process.exit(2);
}
