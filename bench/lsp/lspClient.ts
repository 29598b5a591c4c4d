// A minimal LSP client over a server's stdio. Framing (Content-Length headers) is written by hand
// rather than through vscode-jsonrpc so that each message is timestamped the moment its bytes are
// parsed, with no dispatch queue between the pipe and the clock; this is also how the peer
// baseline (BASELINES.md) was measured, so the numbers compare.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ConfigurationParams, PublishDiagnosticsParams, WorkspaceFolder } from 'vscode-languageserver';

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface Timed<T> {
  readonly value: T;
  readonly ms: number;
}

interface PendingRequest {
  readonly method: string;
  readonly sentAt: number;
  resolve(value: Timed<unknown>): void;
  reject(error: Error): void;
  readonly timer: NodeJS.Timeout;
}

interface DiagnosticsWaiter {
  readonly uri: string;
  readonly version: number;
  resolve(value: { params: PublishDiagnosticsParams; at: number }): void;
  reject(error: Error): void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Marks a promise as handled so that a failure nobody is awaiting yet (a diagnostics wait
 * registered before a notification that then throws) cannot become an unhandled rejection;
 * whoever awaits it still sees the error.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export class LspClient {
  readonly startedAt = performance.now();
  /** Whether any publishDiagnostics carried a document version (if not, the first after an edit counts). */
  versionedDiagnostics = false;
  /** Server→client requests answered, by method (workspace/configuration, client/registerCapability, …). */
  readonly serverRequests = new Map<string, number>();
  /** What workspace/workspaceFolders answers; the trial sets the fixture's folder. */
  workspaceFolders: WorkspaceFolder[] = [];
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private waiters: DiagnosticsWaiter[] = [];
  private stderrTail = '';
  private stopping = false;
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  /** `envOverrides` change the bench's environment for the server as its editor client does (undefined removes). */
  constructor(readonly label: string, serverPath: string, private readonly timeoutMs: number, nodeArgs: readonly string[] = [],
    envOverrides: Readonly<Record<string, string | undefined>> = {}) {
    this.process = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...envOverrides } });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    this.process.stdin.on('error', () => undefined); // a dead server surfaces through 'exit' below
    this.exited = new Promise((resolve) => {
      this.process.on('error', (error) => {
        this.fail(`${label}: cannot start ${serverPath}: ${error.message}`);
        resolve();
      });
      this.process.on('exit', (code, signal) => {
        if (!this.stopping) this.fail(`${label} exited unexpectedly (code ${code}, signal ${signal})`);
        resolve();
      });
    });
  }

  request<T>(method: string, params: unknown): Promise<Timed<T>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return handled(new Promise<Timed<unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: no response to ${method} within ${this.timeoutMs} ms (a busy machine may need a larger --timeout)`));
      }, this.timeoutMs);
      this.pending.set(id, { method, sentAt: performance.now(), resolve, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    })) as Promise<Timed<T>>;
  }

  notify(method: string, params: unknown): void {
    if (this.failure) throw this.failure;
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * Resolves with the first publishDiagnostics for `uri` that belongs to `version` or later: one
   * carrying that version, or, from a server that sends no version, the first one to arrive.
   * Register before sending the change so a fast answer cannot be missed.
   */
  diagnostics(uri: string, version: number): Promise<{ params: PublishDiagnosticsParams; at: number }> {
    if (this.failure) return handled(Promise.reject(this.failure));
    return handled(new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        reject(new Error(`${this.label}: no publishDiagnostics for ${uri} version ${version} within ${this.timeoutMs} ms (a busy machine may need a larger --timeout)`));
      }, this.timeoutMs);
      this.waiters.push({ uri, version, resolve, reject, timer });
    }));
  }

  /** Resident and peak resident memory of the server process, in KiB (Linux /proc). */
  memoryKiB(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  }

  /** Orderly shutdown/exit; a server that does not leave within the timeout is killed. */
  async stop(): Promise<void> {
    if (this.failure) throw this.failure;
    await this.request('shutdown', null);
    this.stopping = true;
    this.send({ jsonrpc: '2.0', method: 'exit' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), this.timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills the server if it is still running (after a failure, or at the end of a run). */
  kill(): void {
    this.stopping = true;
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    this.fail(`${this.label} was stopped by the bench`); // settles anything still waiting, clears its timers
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = /Content-Length:\s*(\d+)/i.exec(header);
      if (!length) {
        this.fail(`${this.label}: malformed message header ${JSON.stringify(header)}`);
        this.kill();
        return;
      }
      const end = headerEnd + 4 + Number(length[1]);
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(headerEnd + 4, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      this.dispatch(JSON.parse(body) as Message, performance.now());
    }
  }

  private dispatch(message: Message, at: number): void {
    if (message.method === undefined && typeof message.id === 'number') {
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      clearTimeout(request.timer);
      if (message.error) request.reject(new Error(`${this.label}: ${request.method} failed: ${message.error.message} (code ${message.error.code})`));
      else request.resolve({ value: message.result, ms: at - request.sentAt });
    } else if (message.method !== undefined && message.id !== undefined) {
      this.answer(message.id, message.method, message.params);
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params as PublishDiagnosticsParams;
      if (params.version !== undefined && params.version !== null) this.versionedDiagnostics = true;
      const index = this.waiters.findIndex((waiter) => waiter.uri === params.uri && (params.version == null || params.version >= waiter.version));
      if (index < 0) return;
      const [waiter] = this.waiters.splice(index, 1);
      clearTimeout(waiter.timer);
      waiter.resolve({ params, at });
    }
  }

  /** Answers server→client requests the way an editor with no settings would: defaults everywhere. */
  private answer(id: number | string | null, method: string, params: unknown): void {
    this.serverRequests.set(method, (this.serverRequests.get(method) ?? 0) + 1);
    switch (method) {
      case 'workspace/configuration': // null per item: the server applies its defaults (Berth reads section `berth`)
        this.send({ jsonrpc: '2.0', id, result: (params as ConfigurationParams).items.map(() => null) });
        return;
      case 'client/registerCapability':
      case 'client/unregisterCapability':
      case 'window/workDoneProgress/create':
      case 'window/showMessageRequest':
      case 'workspace/semanticTokens/refresh':
      case 'workspace/inlayHint/refresh':
      case 'workspace/codeLens/refresh':
      case 'workspace/diagnostic/refresh':
        this.send({ jsonrpc: '2.0', id, result: null });
        return;
      case 'workspace/workspaceFolders':
        this.send({ jsonrpc: '2.0', id, result: this.workspaceFolders });
        return;
      default:
        this.send({ jsonrpc: '2.0', id, error: { code: -32601, message: `bench client does not handle ${method}` } });
    }
  }

  private fail(reason: string): void {
    if (this.failure) return;
    const stderr = this.stderrTail.trim();
    this.failure = new Error(stderr ? `${reason}; stderr: ${stderr}` : reason);
    for (const request of this.pending.values()) {
      clearTimeout(request.timer);
      request.reject(this.failure);
    }
    this.pending.clear();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(this.failure);
    }
    this.waiters = [];
  }
}
