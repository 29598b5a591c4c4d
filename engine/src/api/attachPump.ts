// Moves bytes between a hijacked connection and an attachment (container attach, exec start):
// output frames to the client (stdcopy-framed unless the process has a TTY), the client's bytes to
// the process's stdin (through the detach-key scanner with a TTY only, as in Docker: piped stdin is
// any bytes, a tarball's included), the client's half-close as stdin EOF, and
// the end of output as the end of the connection. Output waits for the client when it reads slowly.
import type { Socket } from 'node:net';
import type { Attachment } from '../runtime/attachment';
import type { AttachFrame } from '../runtime/attachSocket';
import { DetachScanner } from './detachKeys';
import { frame } from './stdcopy';

export interface PumpOptions {
  readonly tty: boolean;
  /** Bytes that detach (empty: none). */
  readonly detachKeys: Buffer;
  /** Runs after the output ended, before the connection closes (an exec's exit code is recorded by then). */
  readonly beforeEnd?: () => Promise<void>;
  readonly onDetach?: () => void;
}

/** Resolves when the connection is finished (output ended, client gone or detached). */
export function pumpAttachment(socket: Socket, attachment: Attachment, options: PumpOptions): Promise<void> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      attachment.close();
      resolve();
    };
    const output = attachment.output;
    output.on('data', (f: AttachFrame) => {
      if (socket.destroyed) return;
      const ok = socket.write(options.tty ? f.data : frame(f.stream, f.data));
      if (!ok) {
        output.pause();
        socket.once('drain', () => output.resume());
      }
    });
    output.once('end', () => {
      void (options.beforeEnd?.() ?? Promise.resolve()).catch(() => undefined).then(() => {
        if (!socket.destroyed) socket.end();
        finish();
      });
    });
    output.once('error', () => {
      socket.destroy();
      finish();
    });

    const scanner = options.tty ? new DetachScanner(options.detachKeys) : undefined;
    const stdin = attachment.stdin;
    stdin?.on('error', () => undefined); // the process is gone: its stdin with it
    socket.on('data', (chunk: Buffer) => {
      const { forward, detach } = scanner ? scanner.push(chunk) : { forward: chunk, detach: false };
      if (forward.length > 0 && stdin && !stdin.writableEnded) stdin.write(forward);
      if (detach) {
        options.onDetach?.();
        socket.end();
        finish();
      }
    });
    socket.once('end', () => {
      if (stdin && !stdin.writableEnded) stdin.end();
    });
    socket.once('close', finish);
    socket.on('error', () => finish());
    socket.resume();
  });
}
