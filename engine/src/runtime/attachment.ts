// What `attach` (and an attached exec) hands back: output frames and, optionally, the process's
// stdin. An attachment can exist before its process does: `docker run -it` attaches to a created
// container, then starts it; the runtime connects pending attachments to conmon's socket after
// `<runtime> create` and before `<runtime> start`, so the first byte of output is seen. Stdin written
// before that is held and delivered on connect.
import { PassThrough, Writable, type Readable } from 'node:stream';
import { ConmonAttach, type AttachFrame } from './attachSocket';

export interface AttachOptions {
  readonly stdin?: boolean;
  readonly stdout?: boolean;
  readonly stderr?: boolean;
  /** Live output (default true); false with `logs` replays the log only. */
  readonly stream?: boolean;
  /** Replay what the container already wrote first. */
  readonly logs?: boolean;
}

export interface Attachment {
  /** AttachFrame objects ({stream, data}) in order; ends when the process's output ends or on close(). */
  readonly output: Readable;
  /** Bytes for the process's stdin; end() sends EOF when the container closes stdin on detach (StdinOnce). */
  readonly stdin?: Writable;
  /** Settles once connected to the process (at once when it runs; at start when it does not yet). */
  readonly connected: Promise<void>;
  /** Detaches: the process keeps running. */
  close(): void;
}

export class PendingAttachment implements Attachment {
  readonly output = new PassThrough({ objectMode: true });
  readonly stdin?: Writable;
  readonly connected: Promise<void>;
  private socket?: ConmonAttach;
  private closed = false;
  private readonly held: { chunk: Buffer; done: (err?: Error | null) => void }[] = [];
  private endRequested = false;
  private resolveConnected!: () => void;
  private rejectConnected!: (err: unknown) => void;

  constructor(private readonly options: AttachOptions) {
    // An attachment whose start failed is never handed to anyone, yet its socket can still fail:
    // an 'error' nobody listens to would end berthd. Whoever reads the output adds its own listener.
    this.output.on('error', () => undefined);
    this.connected = new Promise((resolve, reject) => {
      this.resolveConnected = resolve;
      this.rejectConnected = reject;
    });
    this.connected.catch(() => undefined);
    if (options.stdin) {
      this.stdin = new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          if (this.socket) this.socket.write(chunk).then(() => done(), done);
          else this.held.push({ chunk, done });
        },
        final: (done) => {
          this.endRequested = true;
          this.socket?.closeStdin();
          done();
        },
      });
    }
  }

  /** Frames replayed from the log before live output. */
  pushLogFrames(frames: readonly AttachFrame[]): void {
    for (const frame of frames) if (this.wants(frame)) this.output.write(frame);
  }

  private wants(frame: AttachFrame): boolean {
    return frame.stream === 'stdout' ? this.options.stdout !== false : this.options.stderr !== false;
  }

  /** Connects to the attach socket in `dir` (conmon's bundle or exec session directory). */
  async connect(dir: string): Promise<void> {
    if (this.closed) return;
    try {
      const socket = await ConmonAttach.connect(dir);
      if (this.closed) {
        socket.close();
        return;
      }
      this.socket = socket;
      socket.output.on('data', (frame: AttachFrame) => { if (this.wants(frame)) this.output.write(frame); });
      socket.output.on('end', () => this.output.end());
      socket.output.on('error', (err) => this.output.destroy(err));
      for (const { chunk, done } of this.held.splice(0)) await socket.write(chunk).then(() => done(), done);
      if (this.endRequested) socket.closeStdin();
      this.resolveConnected();
    } catch (err) {
      this.fail(err);
    }
  }

  /** The process will never run (start failed, container removed). */
  fail(err: unknown): void {
    this.socket?.close();
    this.rejectConnected(err);
    for (const { done } of this.held.splice(0)) done();
    if (!this.output.writableEnded) this.output.end();
  }

  /** Ends the output without a process (logs-only attach). */
  finish(): void {
    this.resolveConnected();
    if (!this.output.writableEnded) this.output.end();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.close();
    this.fail(new Error('detached'));
  }
}
