// The CLI end of an attached container or exec: the engine's output to our stdout and stderr
// (stdcopy frames apart without a TTY), our stdin to the process (in raw mode when it is a
// terminal and the process has a TTY), detach keys seen here as well as by the engine, and the end
// of our stdin passed on as a half-close (the process's stdin EOF).
import { spawnSync } from 'node:child_process';
import type { Socket } from 'node:net';
import { finished, type Readable, type Writable } from 'node:stream';
import { DetachScanner } from '../api/detachKeys';
import { StdcopyReader } from '../api/stdcopy';

export interface TerminalInput extends Readable {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface StreamOptions {
  readonly tty: boolean;
  /** Our stdin, when the process's stdin is attached. */
  readonly stdin?: TerminalInput;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly detachKeys: Buffer;
}

export type StreamEnd = 'ended' | 'detached';

/**
 * Raw mode as docker's (cfmakeraw): Node's leaves output processing on, so the container's CRLF
 * would reach the screen as CR CR LF; stty turns it off on the terminal (stdin) and back on after.
 */
function setRaw(stdin: TerminalInput, on: boolean): void {
  stdin.setRawMode!(on);
  spawnSync('stty', [on ? '-opost' : 'opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
}

/** Runs until the engine ends the output (the process exited) or the user detached. */
export function streamAttached(socket: Socket, options: StreamOptions): Promise<StreamEnd> {
  const { stdin } = options;
  const raw = options.tty && stdin?.isTTY === true && typeof stdin.setRawMode === 'function';
  if (raw) setRaw(stdin!, true);
  return new Promise<StreamEnd>((resolve) => {
    let done = false;
    const finish = (how: StreamEnd) => {
      if (done) return;
      done = true;
      if (stdin) {
        stdin.off('data', onInput);
        stdin.off('end', onInputEnd);
        stdin.pause();
      }
      if (raw) setRaw(stdin!, false);
      resolve(how);
    };
    const reader = new StdcopyReader();
    socket.on('data', (chunk: Buffer) => {
      if (options.tty) {
        options.stdout.write(chunk);
        return;
      }
      for (const f of reader.push(chunk)) (f.stream === 'stderr' || f.stream === 'system' ? options.stderr : options.stdout).write(f.payload);
    });
    // Callers start the container between the attach and this call: a process that exits at once
    // without a word has ended the stream by now (a paused socket with nothing buffered still ends),
    // and its 'end' and 'close' are past. finished() also reports a stream that is already done.
    finished(socket, { writable: false }, () => finish('ended'));
    socket.on('error', () => finish('ended'));

    const scanner = new DetachScanner(raw ? options.detachKeys : Buffer.alloc(0));
    const onInput = (chunk: Buffer) => {
      const { forward, detach } = scanner.push(chunk);
      if (forward.length > 0 && !socket.destroyed) socket.write(forward);
      if (detach) {
        socket.destroy();
        finish('detached');
      }
    };
    const onInputEnd = () => {
      if (!socket.destroyed) socket.end();
    };
    if (stdin) {
      stdin.on('data', onInput);
      stdin.once('end', onInputEnd);
      stdin.resume();
    }
    socket.resume();
  });
}
