/**
 * Local image tags for FROM completion, read from a container engine through the Docker Engine
 * API (berthd, Docker or Podman: whichever socket answers). Requests never wait on the engine:
 * `imageTags()` returns what the last refresh found and starts a new refresh when that is stale.
 */
import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ImageCatalog {
  /** Repository:tag names of local images; empty until an engine answered. */
  imageTags(): readonly string[];
}

/**
 * Unix socket paths to try, in order. A host named in BERTH_HOST (else DOCKER_HOST) is the only
 * one, as it is for the berth and docker CLIs: whoever set it means that engine and no other.
 * Otherwise Berth's, Docker's and Podman's default sockets.
 */
export function engineSocketCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const explicit = env.BERTH_HOST || env.DOCKER_HOST;
  if (explicit) return explicit.startsWith('unix://') ? [explicit.slice('unix://'.length)] : [];
  const out: string[] = [];
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime) out.push(join(runtime, 'berth', 'berth.sock'));
  out.push('/run/berth/berth.sock', '/var/run/docker.sock');
  if (runtime) out.push(join(runtime, 'podman', 'podman.sock'));
  out.push('/run/podman/podman.sock');
  return [...new Set(out)];
}

/** GET on a unix socket: the status and the body as text. */
export function getReply(socketPath: string, path: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { Host: 'localhost' }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} on ${socketPath}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function getJson(socketPath: string, path: string, timeoutMs: number): Promise<unknown> {
  const { status, text } = await getReply(socketPath, path, timeoutMs);
  if ((status || 500) >= 400) throw new Error(`GET ${path} on ${socketPath}: HTTP ${status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`GET ${path} on ${socketPath}: the reply is not JSON`);
  }
}

/** Tags from a /images/json reply (untrusted input: anything malformed is skipped). */
export function tagsFromImageList(reply: unknown): string[] {
  if (!Array.isArray(reply)) return [];
  const tags = new Set<string>();
  for (const image of reply) {
    const repoTags = (image as { RepoTags?: unknown } | null)?.RepoTags;
    if (!Array.isArray(repoTags)) continue;
    for (const tag of repoTags) if (typeof tag === 'string' && tag && tag !== '<none>:<none>') tags.add(tag);
  }
  return [...tags].sort();
}

export class EngineImageCatalog implements ImageCatalog {
  private tags: readonly string[] = [];
  private refreshedAt = -Infinity;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly sockets: () => readonly string[] = () => engineSocketCandidates(),
    private readonly maxAgeMs = 30_000,
    private readonly timeoutMs = 1_500,
  ) {}

  imageTags(): readonly string[] {
    if (Date.now() - this.refreshedAt > this.maxAgeMs) void this.refresh();
    return this.tags;
  }

  /** Re-reads the tags; resolves when done (failures leave the previous list). */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.load().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async load(): Promise<void> {
    this.refreshedAt = Date.now();
    for (const socket of this.sockets()) {
      if (!existsSync(socket)) continue;
      try {
        this.tags = tagsFromImageList(await getJson(socket, '/images/json', this.timeoutMs));
        return;
      } catch {
        // Try the next engine; completion simply offers no tags when none answers.
      }
    }
  }
}
