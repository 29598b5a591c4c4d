// Docker's JSON message stream (pkg/jsonmessage): one JSON object per line for pull, push, load
// and import progress. Headers go out with the first message; an error before that becomes a
// plain HTTP error (the client sees a status code), an error after it becomes an in-stream
// `{"errorDetail": …, "error": …}` message, as Docker's handlers do.
import type { ServerResponse } from 'node:http';
import { errorBody, errorMessage, errorStatus } from './httpError';

export interface ProgressDetail {
  readonly current?: number;
  readonly total?: number;
  readonly units?: string;
}

export interface JsonMessage {
  readonly status?: string;
  readonly id?: string;
  readonly progress?: string;
  readonly progressDetail?: ProgressDetail;
  readonly stream?: string;
  readonly aux?: unknown;
  readonly error?: string;
  readonly errorDetail?: { readonly message: string; readonly code?: number };
}

export class JsonMessageStream {
  private started = false;
  private readonly held: (JsonMessage | object)[] = [];

  constructor(private readonly res: ServerResponse) {}

  get hasStarted(): boolean {
    return this.started;
  }

  /** Sends the headers now (a stream that may be quiet for long, like /events). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.res.writeHead(200, { 'Content-Type': 'application/json' });
    this.res.flushHeaders();
  }

  /**
   * Keeps a message back until the next one is written: a stream whose first step fails (a pull
   * of a manifest that does not exist) then still answers with an HTTP error status, as Docker's.
   */
  hold(message: JsonMessage | object): void {
    if (this.started) this.write(message);
    else this.held.push(message);
  }

  write(message: JsonMessage | object): void {
    this.start();
    for (const m of this.held.splice(0)) this.res.write(JSON.stringify(m) + '\r\n');
    if (!this.res.writableEnded && !this.res.destroyed) this.res.write(JSON.stringify(message) + '\r\n');
  }

  /** Ends the stream with `err`, in-stream or as an HTTP status, whichever still can be. */
  fail(err: unknown): void {
    const message = errorMessage(err);
    if (!this.started) {
      const body = Buffer.from(JSON.stringify(errorBody(err)) + '\n');
      this.res.writeHead(errorStatus(err), { 'Content-Type': 'application/json', 'Content-Length': body.length });
      this.res.end(body);
      this.started = true;
      return;
    }
    this.write({ errorDetail: { message }, error: message });
    this.end();
  }

  end(): void {
    if (this.held.length > 0) this.write(this.held.pop()!);
    this.start();
    if (!this.res.writableEnded) this.res.end();
  }
}
