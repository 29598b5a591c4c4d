// The container's effective configuration, merged from the image's config and the create options
// the way Docker merges them (daemon/create.go `merge`, container/env.go): entrypoint and command,
// environment, working directory, user, stop signal. Pure: the record stores the result, so inspect
// shows what will run and later image changes do not alter a created container.
import { berthError } from '../image/berthError';
import type { ContainerConfig as ImageContainerConfig } from '../image/imageConfig';
import type { CreateOptions } from './createOptions';
import { defaultPath } from './specDefaults';

export interface ContainerConfig {
  readonly hostname: string;
  readonly domainname: string;
  readonly user: string;
  readonly env: readonly string[];
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly workingDir: string;
  readonly tty: boolean;
  readonly openStdin: boolean;
  readonly stdinOnce: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly stopSignal: string;
  readonly stopTimeout: number;
  /** The reference the container was created from (Docker's Config.Image). */
  readonly image: string;
  readonly exposedPorts: readonly string[];
  readonly volumes: readonly string[];
}

/** KEY of KEY=value. */
export function envKey(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

/** Later entries replace earlier ones with the same key, keeping the first one's position. */
export function mergeEnv(...lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const index = new Map<string, number>();
  for (const list of lists) {
    for (const entry of list) {
      if (!entry.includes('=')) continue;
      const key = envKey(entry);
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, out.length);
        out.push(entry);
      } else {
        out[at] = entry;
      }
    }
  }
  return out;
}

/** Entrypoint then command, Docker's rules: an overridden entrypoint drops the image's command. */
export function resolveCommand(image: ImageContainerConfig | undefined, options: Pick<CreateOptions, 'cmd' | 'entrypoint'>): { entrypoint: string[]; cmd: string[] } {
  const userEntrypoint = options.entrypoint?.length === 1 && options.entrypoint[0] === '' ? [] : options.entrypoint;
  let cmd = options.cmd ? [...options.cmd] : undefined;
  let entrypoint: string[];
  if (userEntrypoint === undefined || userEntrypoint.length === 0) {
    cmd ??= [...(image?.Cmd ?? [])];
    entrypoint = userEntrypoint === undefined ? [...(image?.Entrypoint ?? [])] : [];
  } else {
    entrypoint = [...userEntrypoint];
  }
  return { entrypoint, cmd: cmd ?? [] };
}

export function buildConfig(id: string, image: ImageContainerConfig | undefined, options: CreateOptions): ContainerConfig {
  const { entrypoint, cmd } = resolveCommand(image, options);
  if (entrypoint.length === 0 && cmd.length === 0) {
    throw berthError('invalid-argument', `create ${options.name ?? 'container'} from ${options.image.reference}: no command specified (the image has no Entrypoint or Cmd; give one)`);
  }
  const env = mergeEnv(image?.Env ?? [], options.env ?? []);
  return {
    hostname: options.hostname || id.slice(0, 12),
    domainname: options.domainname ?? '',
    user: options.user ?? image?.User ?? '',
    env,
    entrypoint,
    cmd,
    workingDir: options.workingDir || image?.WorkingDir || '/',
    tty: options.tty ?? false,
    openStdin: options.openStdin ?? false,
    stdinOnce: options.stdinOnce ?? false,
    labels: { ...(image?.Labels ?? {}), ...(options.labels ?? {}) },
    stopSignal: options.stopSignal ?? image?.StopSignal ?? 'SIGTERM',
    stopTimeout: options.stopTimeout ?? 10,
    image: options.image.reference,
    exposedPorts: Object.keys(image?.ExposedPorts ?? {}),
    volumes: Object.keys(image?.Volumes ?? {}),
  };
}

/**
 * The process environment at start (Docker's CreateDaemonEnvironment): PATH when the config has
 * none, HOSTNAME, TERM with a TTY, HOME from the user's passwd entry, then the configured variables.
 */
export function processEnv(config: ContainerConfig, home: string): string[] {
  const base = [`PATH=${defaultPath}`, `HOSTNAME=${config.hostname}`];
  if (config.tty) base.push('TERM=xterm');
  base.push(`HOME=${home}`);
  return mergeEnv(base, config.env);
}

/** Docker's Path and Args of a container: the first word, then the rest. */
export function pathAndArgs(config: Pick<ContainerConfig, 'entrypoint' | 'cmd'>): { path: string; args: string[] } {
  const all = [...config.entrypoint, ...config.cmd];
  return { path: all[0] ?? '', args: all.slice(1) };
}
