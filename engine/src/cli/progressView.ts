// Shows a Docker JSON message stream (pull, push, load, import) the way the docker CLI does: in a
// terminal, one line per layer updated in place with a progress bar (rendered through log-update,
// which owns the cursor movement); otherwise plain lines, one per status change, no bars. An error
// message in the stream ends it with that error.
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { createLogUpdate } from 'log-update';
import type { JsonMessage } from '../api/jsonMessages';
import { humanSize } from './humanUnits';
import { readJsonMessages } from './readJsonMessages';

export class StreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamError';
  }
}

export function progressBar(current: number, total: number, width = 50): string {
  if (total <= 0) return humanSize(current, 4);
  const filled = Math.min(width, Math.floor((current / total) * width));
  const bar = `[${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}]`;
  return `${bar}  ${humanSize(current, 4)}/${humanSize(total, 4)}`;
}

function lineOf(m: JsonMessage, withBar: boolean): string {
  const detail = m.progressDetail;
  const bar = withBar && detail?.current !== undefined ? ` ${m.progress ?? progressBar(detail.current, detail.total ?? 0)}` : '';
  const text = `${m.status ?? ''}${bar}`;
  return m.id ? `${m.id}: ${text}` : text;
}

export interface ProgressResult {
  /** Every message received, in order (callers pick aux records or `stream` text from it). */
  readonly messages: JsonMessage[];
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  /** Milliseconds between terminal redraws (0: redraw on every message). */
  readonly frameInterval?: number;
}

/** Displays the stream on `out`; throws StreamError when the engine reports a failure in it. */
export async function showProgress(res: IncomingMessage, out: Writable & { isTTY?: boolean }, options: ProgressOptions = {}): Promise<ProgressResult> {
  const quiet = options.quiet ?? false;
  const interval = options.frameInterval ?? 100;
  const messages: JsonMessage[] = [];
  // a terminal of zero size (a pseudo-terminal nobody sized) cannot show bars: plain lines then
  const sized = out as { columns?: number; rows?: number };
  const tty = out.isTTY === true && !quiet && (sized.columns ?? 0) > 0 && (sized.rows ?? 0) > 0;
  const live = tty ? createLogUpdate(out as NodeJS.WriteStream) : undefined;
  const lines: string[] = [];
  const byId = new Map<string, number>();
  let lastPlain = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  const render = () => {
    timer = undefined;
    live?.(lines.join('\n'));
  };
  try {
    for await (const m of readJsonMessages(res)) {
      messages.push(m);
      if (m.error !== undefined || m.errorDetail !== undefined) throw new StreamError(m.errorDetail?.message ?? m.error ?? 'unknown error');
      if (quiet) continue;
      if (m.stream !== undefined) {
        if (live) lines.push(m.stream.replace(/\n$/, ''));
        else out.write(m.stream);
      } else if (m.status !== undefined && m.status !== '') {
        if (live) {
          const text = lineOf(m, true);
          const at = m.id ? byId.get(m.id) : undefined;
          if (at !== undefined) lines[at] = text;
          else {
            if (m.id) byId.set(m.id, lines.length);
            lines.push(text);
          }
        } else {
          const key = m.id ?? '';
          const text = lineOf(m, false);
          // no bars without a terminal: a line per status change, not per byte count
          if (lastPlain.get(key) !== text) out.write(`${text}\n`);
          lastPlain.set(key, text);
        }
      }
      if (live && interval === 0) render();
      else if (live && !timer) timer = setTimeout(render, interval);
    }
  } finally {
    if (timer) clearTimeout(timer);
    if (live) {
      render();
      live.done();
    }
    lastPlain = new Map();
  }
  return { messages };
}
