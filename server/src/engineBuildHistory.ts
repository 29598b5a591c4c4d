/**
 * The editor's BuildHistory over berthd's build records (GET /berth/v1/builds/last?dockerfile=…).
 * Requests never wait: `lastBuild` answers from a cache and, when that is missing or stale, starts
 * a refresh in the background. While Dockerfiles are open the history also listens to the engine's
 * /events for `builder` events, so a build that just finished (from the CLI, the extension or
 * `docker build`) reaches the editor at once: `onChange` tells the server to ask the client for
 * fresh code lenses and inlay hints. Without berthd (none running, or Docker/Podman only) there
 * is simply no history; the socket is looked for again every few seconds.
 */
import { existsSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { BuildHistory, BuildStep } from './buildHistory';
import { engineSocketCandidates, getJson, getReply } from './imageCatalog';

export interface EngineBuildHistoryOptions {
  readonly sockets?: () => readonly string[];
  /** The last build of the Dockerfile at `uri` is not what it was (a new build, or the first answer). */
  readonly onChange?: (uri: string) => void;
  readonly maxAgeMs?: number;
  readonly timeoutMs?: number;
  /** How long to wait before looking for the engine again after it went away. */
  readonly retryMs?: number;
}

interface KnownBuild {
  readonly id: string;
  readonly steps: readonly BuildStep[];
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The steps of a build record from the engine (untrusted input: malformed steps are dropped). */
export function stepsFromRecord(record: unknown): KnownBuild | undefined {
  const r = record as { id?: unknown; steps?: unknown } | null;
  if (typeof r?.id !== 'string' || !Array.isArray(r.steps)) return undefined;
  const steps: BuildStep[] = [];
  for (const s of r.steps as { startLine?: unknown; endLine?: unknown; layerSize?: unknown; cached?: unknown; durationMs?: unknown }[]) {
    if (!isNumber(s?.startLine) || !isNumber(s.endLine)) continue;
    steps.push({
      startLine: s.startLine, endLine: s.endLine,
      ...(isNumber(s.layerSize) ? { layerSize: s.layerSize } : {}),
      ...(typeof s.cached === 'boolean' ? { cached: s.cached } : {}),
      ...(isNumber(s.durationMs) ? { durationMs: s.durationMs } : {}),
    });
  }
  return { id: r.id, steps };
}

export class EngineBuildHistory implements BuildHistory {
  private readonly builds = new Map<string, KnownBuild | undefined>();
  private readonly fetchedAt = new Map<string, number>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Paths whose read on its way was asked for again (refresh). */
  private readonly rereads = new Set<string>();
  /** Dockerfile path → the URI the editor uses for it. */
  private readonly uris = new Map<string, string>();
  private socket: Promise<string | undefined> | undefined;
  private watcher: ClientRequest | undefined;
  private watching = false;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: EngineBuildHistoryOptions = {}) {}

  lastBuild(uri: string): { readonly steps: readonly BuildStep[] } | undefined {
    const path = pathOf(uri);
    if (path === undefined || this.closed) return undefined;
    this.uris.set(path, uri);
    this.watch();
    if (Date.now() - (this.fetchedAt.get(path) ?? -Infinity) > (this.options.maxAgeMs ?? 30_000)) void this.refresh(path);
    const build = this.builds.get(path);
    return build ? { steps: build.steps } : undefined;
  }

  /**
   * Reads the last build of `path` again; resolves when done (failures keep what was known). A
   * refresh asked for while a read is on its way (a build that finished meanwhile) reads once more
   * after it: that read's answer may predate the build.
   */
  refresh(path: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const running = this.loading.get(path);
    if (running) {
      this.rereads.add(path);
      return running;
    }
    const p = (async () => {
      try {
        do {
          this.rereads.delete(path);
          await this.load(path);
        } while (this.rereads.has(path) && !this.closed);
      } finally {
        // here, not after the promise settles: a refresh in between would wait for a read that never comes
        this.loading.delete(path);
      }
    })();
    this.loading.set(path, p);
    return p;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.watcher?.destroy();
  }

  /** The first candidate socket where berthd answers (Docker and Podman keep no build records). */
  private engine(): Promise<string | undefined> {
    this.socket ??= (async () => {
      const timeout = this.options.timeoutMs ?? 1_500;
      for (const socket of (this.options.sockets ?? (() => engineSocketCandidates()))()) {
        if (!existsSync(socket)) continue;
        const version = (await getJson(socket, '/version', timeout).catch(() => undefined)) as { Platform?: { Name?: unknown } } | undefined;
        if (typeof version?.Platform?.Name === 'string' && /berth/i.test(version.Platform.Name)) return socket;
      }
      return undefined;
    })();
    const found = this.socket;
    // no engine yet: ask again next time rather than remembering the absence
    void found.then((socket) => {
      if (socket === undefined && this.socket === found) this.socket = undefined;
    });
    return found;
  }

  private async load(path: string): Promise<void> {
    this.fetchedAt.set(path, Date.now());
    const socket = await this.engine();
    if (!socket) return;
    let next: KnownBuild | undefined;
    try {
      const { status, text } = await getReply(socket, `/berth/v1/builds/last?logs=0&dockerfile=${encodeURIComponent(path)}`, this.options.timeoutMs ?? 1_500);
      // a reply that is not JSON means something else answers on the socket: look again next time
      const body: unknown = JSON.parse(text);
      if (status === 200) next = stepsFromRecord(body);
      else if (status !== 404) return;
    } catch {
      this.socket = undefined; // the engine went away; look for it again next time
      return;
    }
    const before = this.builds.get(path);
    this.builds.set(path, next);
    const uri = this.uris.get(path);
    if (uri && before?.id !== next?.id) {
      try {
        this.options.onChange?.(uri);
      } catch {
        // the editor went away (its connection closed): nobody to tell
      }
    }
  }

  /** Follows the engine's builder events while there is an engine; reconnects when it comes back. */
  private watch(): void {
    if (this.watching || this.closed) return;
    this.watching = true;
    void this.engine().then((socket) => {
      if (this.closed) return;
      if (!socket) return this.again();
      const filters = encodeURIComponent(JSON.stringify({ type: ['builder'] }));
      const req = request({ socketPath: socket, path: `/events?filters=${filters}`, method: 'GET', headers: { Host: 'localhost' } }, (res) => {
        if (res.statusCode !== 200) return req.destroy();
        // builds that finished while nobody listened
        for (const path of this.uris.keys()) void this.refresh(path);
        let pending = '';
        res.on('data', (chunk: Buffer) => {
          pending += chunk.toString('utf8');
          let newline: number;
          while ((newline = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line) this.onEvent(line);
          }
        });
      });
      // a listener must not keep the language server alive on its own
      req.on('socket', (s) => s.unref());
      req.on('close', () => {
        this.watcher = undefined;
        this.socket = undefined;
        this.again();
      });
      req.on('error', () => undefined);
      req.end();
      this.watcher = req;
    });
  }

  private again(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.watching = false;
      this.watch();
    }, this.options.retryMs ?? 5_000);
    this.retry.unref();
  }

  private onEvent(line: string): void {
    let event: { Type?: unknown; Actor?: { Attributes?: { dockerfile?: unknown } } };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      return;
    }
    const path = event.Actor?.Attributes?.dockerfile;
    if (event.Type === 'builder' && typeof path === 'string' && this.uris.has(path)) void this.refresh(path);
  }
}
