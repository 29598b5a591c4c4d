// Docker's stdcopy framing: without a TTY, attach, logs and exec output interleave stdout and stderr
// on one stream, each chunk behind an 8-byte header: the stream (0 stdin, 1 stdout, 2 stderr,
// 3 an error from the daemon), three zero bytes, and the payload's length (big-endian uint32).
// `frame` writes it (berthd); `StdcopyReader` reads it back (the berth CLI, tests).

export type FramedStream = 'stdin' | 'stdout' | 'stderr' | 'system';

const streamIds: Record<FramedStream, number> = { stdin: 0, stdout: 1, stderr: 2, system: 3 };
const streamNames: readonly FramedStream[] = ['stdin', 'stdout', 'stderr', 'system'];
const headerSize = 8;

export function frame(stream: FramedStream, payload: Buffer): Buffer {
  const header = Buffer.alloc(headerSize);
  header[0] = streamIds[stream];
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

export interface Frame {
  readonly stream: FramedStream;
  readonly payload: Buffer;
}

/** Reassembles frames from chunks cut anywhere (a header may span chunks). */
export class StdcopyReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (this.pending.length >= headerSize) {
      const id = this.pending[0]!;
      const stream = streamNames[id];
      if (stream === undefined) throw new Error(`unrecognized stream ${id} in a multiplexed stream (not stdcopy framing?)`);
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < headerSize + size) break;
      frames.push({ stream, payload: this.pending.subarray(headerSize, headerSize + size) });
      this.pending = this.pending.subarray(headerSize + size);
    }
    return frames;
  }

  /** Bytes of an incomplete frame left at the end of the stream. */
  get leftover(): number {
    return this.pending.length;
  }
}
