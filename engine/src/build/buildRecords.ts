// Build records: for every build, each step's place in the Dockerfile (the model's line range, the
// same the editor shows diagnostics on), its cache key, hit or miss and why, the layer it made,
// its duration and full log. One JSON file per build, written atomically under a directory per
// Dockerfile, so "the last build of this Dockerfile" is the newest file there. The editor's layer
// hints read `buildSteps(lastBuild)`; the next build reads the last one to explain its misses.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { errnoCode } from '../image/berthError';
import { isTempFile, writeFileAtomic } from '../store/atomicFile';
import type { StepInputs } from './stepKey';

export interface StepRecord {
  /** Which step: `<stage>:from`, `<stage>:trigger:<n>` (ONBUILD of the base), `<stage>:<n>` (the stage's n-th instruction). */
  readonly position: string;
  readonly stage: number;
  readonly stageName?: string;
  /** Upper-case keyword (`COPY`). */
  readonly instruction: string;
  /** What the step did, as the progress shows it (`COPY . /app`). */
  readonly text: string;
  readonly file: string;
  /** 0-based lines, heredoc bodies included: Instruction.startLine / endLine. */
  readonly startLine: number;
  readonly endLine: number;
  readonly key: string;
  readonly cached: boolean;
  /** Why the step missed the cache. */
  readonly reason?: string;
  readonly layer?: { readonly digest: string; readonly diffId: string; readonly size: number };
  /** Bytes of the layer's uncompressed tar; 0 for config-only steps. */
  readonly layerSize: number;
  readonly durationMs: number;
  readonly log: string;
  readonly inputs?: StepInputs;
}

export interface BuildFailure {
  readonly message: string;
  readonly file?: string;
  readonly startLine?: number;
  readonly endLine?: number;
  readonly exitCode?: number;
  /** The last lines the failing step printed. */
  readonly lastLines?: readonly string[];
}

export interface BuildRecord {
  readonly id: string;
  /** The Dockerfile as the client named it (an absolute path for local builds). */
  readonly dockerfile: string;
  readonly context?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly target?: string;
  readonly tags: readonly string[];
  /** The image's manifest digest (its ID). */
  readonly imageId?: string;
  readonly error?: BuildFailure;
  readonly steps: readonly StepRecord[];
}

/** One step as the language server's BuildHistory wants it (server/src/buildHistory.ts BuildStep). */
export interface HistoryStep {
  readonly startLine: number;
  readonly endLine: number;
  readonly layerSize?: number;
  readonly cached?: boolean;
  readonly durationMs?: number;
}

/** The steps of a record in the shape of the editor's BuildHistory (FROM and triggers included). */
export function buildSteps(record: BuildRecord): HistoryStep[] {
  return record.steps.map((s) => ({ startLine: s.startLine, endLine: s.endLine, layerSize: s.layerSize, cached: s.cached, durationMs: s.durationMs }));
}

/** Sortable by time: a build id names its record file. */
export function newBuildId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

const keepPerDockerfile = 20;

export class BuildRecords {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<BuildRecords> {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    return new BuildRecords(dir);
  }

  private folder(dockerfile: string): string {
    return join(this.dir, createHash('sha256').update(dockerfile).digest('hex').slice(0, 32));
  }

  async save(record: BuildRecord): Promise<void> {
    const folder = this.folder(record.dockerfile);
    await fsp.mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(folder, `${record.id}.json`), JSON.stringify(record));
    const names = (await fsp.readdir(folder)).filter((n) => n.endsWith('.json') && !isTempFile(n)).sort();
    for (const old of names.slice(0, Math.max(0, names.length - keepPerDockerfile))) await fsp.rm(join(folder, old), { force: true });
  }

  /** Builds of `dockerfile`, newest first (damaged records are skipped). */
  async list(dockerfile: string): Promise<BuildRecord[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.folder(dockerfile));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    const out: BuildRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && !isTempFile(n)).sort().reverse()) {
      const record = await this.read(join(this.folder(dockerfile), name));
      if (record?.dockerfile === dockerfile) out.push(record);
    }
    return out;
  }

  async lastBuild(dockerfile: string): Promise<BuildRecord | undefined> {
    let names: string[];
    try {
      names = await fsp.readdir(this.folder(dockerfile));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    for (const name of names.filter((n) => n.endsWith('.json') && !isTempFile(n)).sort().reverse()) {
      const record = await this.read(join(this.folder(dockerfile), name));
      if (record?.dockerfile === dockerfile) return record;
    }
    return undefined;
  }

  /** The most recent builds of every Dockerfile, newest first. */
  async recent(limit: number): Promise<BuildRecord[]> {
    const files: { name: string; path: string }[] = [];
    for (const folder of await fsp.readdir(this.dir)) {
      const names = await fsp.readdir(join(this.dir, folder)).catch(() => [] as string[]);
      for (const name of names) if (name.endsWith('.json') && !isTempFile(name)) files.push({ name, path: join(this.dir, folder, name) });
    }
    files.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    const out: BuildRecord[] = [];
    for (const file of files) {
      if (out.length >= limit) break;
      const record = await this.read(file.path);
      if (record) out.push(record);
    }
    return out;
  }

  /** The build with this id, wherever its Dockerfile is; undefined when there is none. */
  async get(id: string): Promise<BuildRecord | undefined> {
    if (!/^[0-9a-z]{9}[0-9a-f]{12}$/.test(id)) return undefined;
    for (const folder of await fsp.readdir(this.dir)) {
      const record = await this.read(join(this.dir, folder, `${id}.json`));
      if (record?.id === id) return record;
    }
    return undefined;
  }

  private async read(path: string): Promise<BuildRecord | undefined> {
    try {
      const parsed = JSON.parse(await fsp.readFile(path, 'utf8')) as BuildRecord;
      return typeof parsed.id === 'string' && Array.isArray(parsed.steps) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
}
