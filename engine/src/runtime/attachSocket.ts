// A client of conmon's attach socket (SOCK_SEQPACKET, `attach` in the container's or exec session's
// directory), through node-unix-socket's prebuilt addon. Every packet conmon sends is one chunk of
// output whose first byte names the stream (2 stdout, 3 stderr); what we send is the process's
// stdin, one packet per chunk; shutting down our side closes the process's stdin (unless conmon was
// told to leave it open). The socket is reached through /proc/self/fd/<dir>/attach so a long
// directory path never exceeds sun_path's 108 bytes.
import { closeSync, constants, openSync } from 'node:fs';
import { Readable } from 'node:stream';
import { SeqpacketSocket } from 'node-unix-socket';
import { berthError } from '../image/berthError';

export type StdStream = 'stdout' | 'stderr';

export interface AttachFrame {
  readonly stream: StdStream;
  readonly data: Buffer;
}

const streamOf: Record<number, StdStream> = { 2: 'stdout', 3: 'stderr' };
// conmon reads at most this much per packet; a larger packet would be truncated
const maxPacket = 8192;

export class ConmonAttach {
  /** Output frames in order; ends when conmon closes the socket (the process exited). */
  readonly output: Readable;
  private ended = false;

  private constructor(private readonly socket: SeqpacketSocket) {
    this.output = new Readable({ objectMode: true, read: () => undefined });
    socket.on('data', (buf: Buffer) => {
      const stream = streamOf[buf[0] ?? 0];
      if (stream && buf.length > 1) this.output.push({ stream, data: Buffer.from(buf.subarray(1)) } satisfies AttachFrame);
    });
    const finish = () => {
      if (this.ended) return;
      this.ended = true;
      this.output.push(null);
    };
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (err: Error) => {
      if (!this.ended) this.output.destroy(err);
      this.ended = true;
    });
  }

  /** Connects to `<dir>/attach`; throws unavailable when nothing listens there. */
  static connect(dir: string): Promise<ConmonAttach> {
    return new Promise((resolve, reject) => {
      const dirFd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
      const socket = new SeqpacketSocket();
      const fail = (err: unknown) => reject(berthError('unavailable', `attach to ${dir}/attach: ${(err as Error).message}`, err));
      socket.once('error', fail);
      try {
        socket.connect(`/proc/self/fd/${dirFd}/attach`, () => {
          closeSync(dirFd);
          socket.off('error', fail);
          resolve(new ConmonAttach(socket));
        });
      } catch (err) {
        closeSync(dirFd);
        fail(err);
      }
    });
  }

  /** Sends bytes to the process's stdin. */
  write(data: Buffer): Promise<void> {
    const chunks: Buffer[] = [];
    for (let i = 0; i < data.length; i += maxPacket) chunks.push(data.subarray(i, i + maxPacket));
    return Promise.all(chunks.map((chunk) => new Promise<void>((resolve) => {
      try {
        this.socket.write(chunk, 0, chunk.length, () => resolve());
      } catch {
        resolve(); // the process is gone; its stdin with it
      }
    }))).then(() => undefined);
  }

  /** Half-closes: conmon closes the process's stdin (EOF) once everything sent was read. */
  closeStdin(): void {
    try {
      this.socket.end();
    } catch {
      // already closed
    }
  }

  close(): void {
    this.socket.destroy();
    if (!this.ended) {
      this.ended = true;
      this.output.push(null);
    }
  }
}
