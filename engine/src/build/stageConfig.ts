// The image config a stage builds up, instruction by instruction, as BuildKit's dispatcher keeps it
// (dockerfile2llb's dispatchState.image): the base image's config (or BuildKit's empty image for
// scratch: PATH and WorkingDir "/"), then each instruction's change, and one history entry per
// instruction with BuildKit's created_by text. Serialized with the field names and order of the
// OCI image config plus Docker's extensions (Healthcheck, OnBuild, Shell).
import type { HistoryEntry, ImageConfig } from '../image/imageConfig';
import type { Platform } from '../image/platform';

export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** BuildKit's history comment on every entry it writes. */
export const historyComment = 'buildkit.dockerfile.v0';

export interface Healthcheck {
  readonly Test?: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
  readonly Retries?: number;
}

export interface StageHistory extends HistoryEntry {
  /** Steps of this build leave `created` to the build cache record; base image entries keep theirs. */
  readonly stepKey?: string;
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? [...(v as string[])] : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const keys = (v: unknown): string[] => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);

export class StageConfig {
  env = new Map<string, string>();
  user = '';
  workingDir = '';
  cmd: string[] | undefined;
  entrypoint: string[] | undefined;
  exposedPorts: string[] = [];
  volumes: string[] = [];
  labels = new Map<string, string>();
  stopSignal = '';
  argsEscaped = false;
  /** Whether this stage's own CMD was set (an ENTRYPOINT otherwise drops the inherited one). */
  cmdSet = false;
  healthcheck: Healthcheck | undefined;
  onBuild: string[] = [];
  shell: string[] | undefined;
  author = '';
  history: StageHistory[] = [];

  private constructor(public platform: Platform) {}

  /** BuildKit's emptyImage (FROM scratch). */
  static scratch(platform: Platform): StageConfig {
    const c = new StageConfig(platform);
    c.env.set('PATH', defaultPath);
    c.workingDir = '/';
    return c;
  }

  static fromImage(image: ImageConfig): StageConfig {
    const raw = image.raw;
    const c = new StageConfig({
      os: image.os,
      architecture: image.architecture,
      ...(image.variant ? { variant: image.variant } : {}),
      ...(typeof raw['os.version'] === 'string' ? { osVersion: raw['os.version'] } : {}),
    });
    const cfg = (raw.config ?? {}) as Record<string, unknown>;
    for (const e of strings(cfg.Env) ?? []) {
      const eq = e.indexOf('=');
      c.env.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
    }
    c.user = text(cfg.User) ?? '';
    c.workingDir = text(cfg.WorkingDir) ?? '';
    c.cmd = strings(cfg.Cmd);
    c.entrypoint = strings(cfg.Entrypoint);
    c.exposedPorts = keys(cfg.ExposedPorts);
    c.volumes = keys(cfg.Volumes);
    if (cfg.Labels && typeof cfg.Labels === 'object') for (const [k, v] of Object.entries(cfg.Labels)) if (typeof v === 'string') c.labels.set(k, v);
    c.stopSignal = text(cfg.StopSignal) ?? '';
    c.argsEscaped = cfg.ArgsEscaped === true;
    if (cfg.Healthcheck && typeof cfg.Healthcheck === 'object') c.healthcheck = cfg.Healthcheck as Healthcheck;
    c.onBuild = strings(cfg.OnBuild) ?? [];
    c.shell = strings(cfg.Shell);
    c.author = text(raw.author) ?? '';
    c.history = (image.history ?? []).map((h) => ({ ...h }));
    return c;
  }

  /** A stage built FROM another stage starts from its config; ONBUILD triggers do not carry over. */
  clone(): StageConfig {
    const c = new StageConfig({ ...this.platform });
    Object.assign(c, {
      env: new Map(this.env), user: this.user, workingDir: this.workingDir, cmd: this.cmd && [...this.cmd],
      entrypoint: this.entrypoint && [...this.entrypoint], exposedPorts: [...this.exposedPorts], volumes: [...this.volumes],
      labels: new Map(this.labels), stopSignal: this.stopSignal, argsEscaped: this.argsEscaped, healthcheck: this.healthcheck,
      onBuild: [], shell: this.shell && [...this.shell], author: this.author, history: this.history.map((h) => ({ ...h })),
    });
    return c;
  }

  /** Environment as the image config lists it (KEY=value, in definition order). */
  envList(): string[] {
    return [...this.env].map(([k, v]) => `${k}=${v}`);
  }

  /** The shell a shell-form instruction runs under. */
  shellArgs(): string[] {
    return this.shell && this.shell.length > 0 ? [...this.shell] : ['/bin/sh', '-c'];
  }

  /** Records one instruction's history entry (BuildKit's commitToHistory). */
  commit(createdBy: string, withLayer: boolean, stepKey: string, fromState = false): void {
    this.history.push({ created_by: fromState ? `${createdBy} # buildkit` : createdBy, comment: historyComment, ...(withLayer ? {} : { empty_layer: true }), stepKey });
  }

  /** The `config` object of the image config. */
  containerConfig(): Record<string, unknown> {
    const set = (items: readonly string[]) => Object.fromEntries([...items].sort().map((k) => [k, {}]));
    const out: Record<string, unknown> = {};
    if (this.user) out.User = this.user;
    if (this.exposedPorts.length) out.ExposedPorts = set(this.exposedPorts);
    if (this.env.size) out.Env = this.envList();
    if (this.entrypoint?.length) out.Entrypoint = this.entrypoint;
    if (this.cmd?.length) out.Cmd = this.cmd;
    if (this.volumes.length) out.Volumes = set(this.volumes);
    if (this.workingDir) out.WorkingDir = this.workingDir;
    if (this.labels.size) out.Labels = Object.fromEntries([...this.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (this.stopSignal) out.StopSignal = this.stopSignal;
    if (this.argsEscaped) out.ArgsEscaped = true;
    if (this.healthcheck) out.Healthcheck = healthcheckJson(this.healthcheck);
    if (this.onBuild.length) out.OnBuild = this.onBuild;
    if (this.shell?.length) out.Shell = this.shell;
    return out;
  }
}

function healthcheckJson(h: Healthcheck): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (h.Test?.length) out.Test = h.Test;
  for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) if (h[k]) out[k] = h[k];
  return out;
}
