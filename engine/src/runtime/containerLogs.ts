// Container logs from conmon's k8s-file log: one line per chunk of output,
//   2026-11-22T14:49:27.527768533+00:00 stdout F hello
// where F ends a line and P is a partial one (conmon splits long lines and flushes output that has
// no newline yet). Entries are reassembled into lines, then filtered as `docker logs` does (streams,
// since, until, tail) and, with follow, read on as conmon appends until the container stops.
import { promises as fsp, watch } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';
import type { StdStream } from './attachSocket';

export interface LogEntry {
  readonly stream: StdStream;
  /** RFC 3339 in UTC with nanoseconds. */
  readonly time: string;
  /** Milliseconds since the epoch (for since/until). */
  readonly timeMs: number;
  /** The bytes written, including the final newline of a complete line. */
  readonly line: Buffer;
}

export interface LogOptions {
  readonly stdout?: boolean;
  readonly stderr?: boolean;
  /** Unix seconds (fractions allowed): only entries at or after. */
  readonly since?: number;
  /** Unix seconds: only entries before. */
  readonly until?: number;
  /** Only the last n lines (before following). */
  readonly tail?: number;
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
}

/** One k8s-file line, or undefined when it is not one. */
export function parseLogLine(text: string): { stream: StdStream; time: string; timeMs: number; partial: boolean; content: string } | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) (stdout|stderr) ([FP]) (.*)$/s.exec(text);
  if (!m) return undefined;
  const [, seconds, fraction = '', zone, stream, tag, content] = m;
  const nanos = fraction.padEnd(9, '0');
  const timeMs = Date.parse(`${seconds}.${nanos.slice(0, 3)}${zone}`);
  if (Number.isNaN(timeMs)) return undefined;
  const time = `${new Date(timeMs).toISOString().slice(0, 19)}.${nanos}Z`;
  return { stream: stream as StdStream, time, timeMs, partial: tag === 'P', content: content! };
}

/** Reassembles complete lines from parsed entries, per stream. */
export class LineAssembler {
  private readonly pending = new Map<StdStream, { time: string; timeMs: number; parts: string[] }>();

  push(text: string): LogEntry | undefined {
    const e = parseLogLine(text);
    if (!e) return undefined;
    const open = this.pending.get(e.stream) ?? { time: e.time, timeMs: e.timeMs, parts: [] };
    open.parts.push(e.content);
    if (e.partial) {
      this.pending.set(e.stream, open);
      return undefined;
    }
    this.pending.delete(e.stream);
    return { stream: e.stream, time: open.time, timeMs: open.timeMs, line: Buffer.from(`${open.parts.join('')}\n`) };
  }

  /** Output that ended without a newline. */
  flush(): LogEntry[] {
    const out = [...this.pending.entries()].map(([stream, p]) => ({ stream, time: p.time, timeMs: p.timeMs, line: Buffer.from(p.parts.join('')) }));
    this.pending.clear();
    return out;
  }
}

function wanted(e: LogEntry, o: LogOptions): boolean {
  if (e.stream === 'stdout' && o.stdout === false) return false;
  if (e.stream === 'stderr' && o.stderr === false) return false;
  if (o.since !== undefined && e.timeMs < o.since * 1000) return false;
  if (o.until !== undefined && o.until > 0 && e.timeMs >= o.until * 1000) return false;
  return true;
}

/** Reads lines appended to `path` from `offset`, keeping an incomplete last line for the next call. */
class LogFileReader {
  offset = 0;
  private rest = '';
  constructor(private readonly path: string) {}

  async readLines(): Promise<string[]> {
    let handle;
    try {
      handle = await fsp.open(this.path, 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    try {
      const lines: string[] = [];
      const buf = Buffer.alloc(256 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const parts = (this.rest + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
        this.rest = parts.pop()!;
        lines.push(...parts);
      }
      return lines;
    } finally {
      await handle.close();
    }
  }
}

/**
 * The log as entries. With `follow`, keeps reading until `stopped` resolves (the container is not
 * running) and everything conmon wrote before that was read, or the signal aborts.
 */
export async function* readLogs(path: string, options: LogOptions, stopped?: Promise<void>): AsyncGenerator<LogEntry> {
  const reader = new LogFileReader(path);
  const assembler = new LineAssembler();
  const collect = (lines: string[]) => lines.map((l) => assembler.push(l)).filter((e): e is LogEntry => e !== undefined && wanted(e, options));
  let first = collect(await reader.readLines());
  if (!options.follow) first.push(...assembler.flush().filter((e) => wanted(e, options)));
  if (options.tail !== undefined && options.tail >= 0) first = options.tail === 0 ? [] : first.slice(-options.tail);
  yield* first;
  if (!options.follow || stopped === undefined) return;

  let done = false;
  void stopped.then(() => { done = true; });
  const signal = options.signal;
  while (!signal?.aborted) {
    const finished = done; // read once more after the stop: conmon drains before it reports the exit
    yield* collect(await reader.readLines());
    if (finished) break;
    await changeOrStop(path, reader.offset, stopped, signal);
  }
  yield* assembler.flush().filter((e) => wanted(e, options));
}

function changeOrStop(path: string, offset: number, stopped: Promise<void>, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let watcher: ReturnType<typeof watch> | undefined;
    const finish = () => {
      watcher?.close();
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    try {
      watcher = watch(path, finish);
      watcher.on('error', finish);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw berthError('internal', `follow log ${path}: ${(err as Error).message}`, err);
    }
    void stopped.then(finish);
    signal?.addEventListener('abort', finish, { once: true });
    // what was appended between the last read and the watch would otherwise wait for the next write
    fsp.stat(path).then((st) => { if (st.size > offset) finish(); }, () => undefined);
  });
}
