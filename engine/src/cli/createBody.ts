// `berth run` / `berth create` flags (docker's names and meanings) and the Engine API create body
// they make: Config, HostConfig and NetworkingConfig. Pure, apart from reading --env-file files,
// seccomp profile files (sent as their content, as the docker CLI does) and the caller's
// environment for `-e NAME` without a value.
import { readFileSync } from 'node:fs';
import { parsePortSpec, portKey } from '../network/portSpec';
import { UsageError } from './commandContext';
import type { FlagSpecs, ParsedFlags } from './flagParser';

export const createFlags: FlagSpecs = {
  name: { kind: 'string' }, env: { kind: 'list', short: 'e' }, 'env-file': { kind: 'list' },
  workdir: { kind: 'string', short: 'w' }, user: { kind: 'string', short: 'u' }, volume: { kind: 'list', short: 'v' },
  mount: { kind: 'list' }, publish: { kind: 'list', short: 'p' }, 'publish-all': { kind: 'boolean', short: 'P' },
  network: { kind: 'string', aliases: ['net'] }, 'network-alias': { kind: 'list', aliases: ['net-alias'] }, ip: { kind: 'string' },
  hostname: { kind: 'string', short: 'h' }, domainname: { kind: 'string' }, entrypoint: { kind: 'string' },
  memory: { kind: 'string', short: 'm' }, 'memory-swap': { kind: 'string' }, 'memory-reservation': { kind: 'string' },
  cpus: { kind: 'string' }, 'cpu-shares': { kind: 'string', short: 'c' }, 'cpuset-cpus': { kind: 'string' }, 'pids-limit': { kind: 'string' },
  'read-only': { kind: 'boolean' }, 'cap-add': { kind: 'list' }, 'cap-drop': { kind: 'list' }, init: { kind: 'boolean' },
  restart: { kind: 'string' }, rm: { kind: 'boolean' }, interactive: { kind: 'boolean', short: 'i' }, tty: { kind: 'boolean', short: 't' },
  tmpfs: { kind: 'list' }, 'add-host': { kind: 'list' }, dns: { kind: 'list' }, 'dns-search': { kind: 'list' }, 'dns-option': { kind: 'list' },
  label: { kind: 'list', short: 'l' }, expose: { kind: 'list' }, ulimit: { kind: 'list' }, 'group-add': { kind: 'list' },
  'stop-signal': { kind: 'string' }, 'stop-timeout': { kind: 'string' }, 'shm-size': { kind: 'string' },
  attach: { kind: 'list', short: 'a' }, 'detach-keys': { kind: 'string' }, pull: { kind: 'string' }, platform: { kind: 'string' },
  privileged: { kind: 'boolean' }, 'security-opt': { kind: 'list' }, help: { kind: 'boolean' },
};

export const runFlags: FlagSpecs = { ...createFlags, detach: { kind: 'boolean', short: 'd' }, 'sig-proxy': { kind: 'boolean' } };

const ramUnits: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** docker's RAMInBytes: 512m, 1g, 64k, 1.5GB, plain bytes. */
export function parseBytes(text: string, flag: string, usage: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtp]?)b?$/i.exec(text.trim());
  if (!m) throw new UsageError(`invalid argument "${text}" for "--${flag}" flag: invalid size: '${text}'`, usage);
  return Math.floor(Number(m[1]) * ramUnits[m[2]!.toLowerCase()]!);
}

function integer(text: string, flag: string, usage: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`invalid argument "${text}" for "--${flag}" flag: expected an integer`, usage);
  return Number(text);
}

/** docker's env-file format: KEY=value lines, a bare KEY takes the caller's value, # starts a comment. */
export function readEnvFile(path: string, env: NodeJS.ProcessEnv, usage: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`open ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`, usage);
  }
  return text.split(/\r?\n/).map((l) => l.replace(/^\s+/, '')).filter((l) => l !== '' && !l.startsWith('#')).flatMap((l) => envEntry(l, env));
}

function envEntry(entry: string, env: NodeJS.ProcessEnv): string[] {
  if (entry.includes('=')) return [entry];
  const value = env[entry];
  return value === undefined ? [] : [`${entry}=${value}`];
}

function csvFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const field of text.split(',')) {
    const eq = field.indexOf('=');
    out.set((eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : field.slice(eq + 1));
  }
  return out;
}

/** `--mount type=bind,source=/a,target=/b,readonly` as a HostConfig.Mounts entry. */
export function parseMountFlag(text: string, usage: string): Record<string, unknown> {
  const f = csvFields(text);
  const type = f.get('type') ?? 'volume';
  const source = f.get('source') ?? f.get('src') ?? '';
  const target = f.get('target') ?? f.get('destination') ?? f.get('dst') ?? '';
  if (target === '') throw new UsageError(`invalid argument "${text}" for "--mount" flag: target is required`, usage);
  const ro = f.get('readonly') ?? f.get('ro');
  const mount: Record<string, unknown> = { Type: type, Source: source, Target: target, ReadOnly: ro !== undefined && ro !== 'false' && ro !== '0' };
  if (type === 'bind' && f.has('bind-propagation')) mount.BindOptions = { Propagation: f.get('bind-propagation') };
  if (type === 'volume' && (f.has('volume-nocopy') || f.has('volume-driver'))) {
    mount.VolumeOptions = { NoCopy: f.has('volume-nocopy') && f.get('volume-nocopy') !== 'false', ...(f.has('volume-driver') ? { DriverConfig: { Name: f.get('volume-driver') } } : {}) };
  }
  if (type === 'tmpfs') {
    mount.TmpfsOptions = {
      ...(f.has('tmpfs-size') ? { SizeBytes: parseBytes(f.get('tmpfs-size')!, 'mount', usage) } : {}),
      ...(f.has('tmpfs-mode') ? { Mode: parseInt(f.get('tmpfs-mode')!, 8) } : {}),
    };
  }
  return mount;
}

/**
 * `--security-opt seccomp=<file>` sends the file's content (compacted JSON), as the docker CLI does;
 * the daemon checks the profile itself. Other options go as they are.
 */
export function securityOptions(options: readonly string[], usage: string): string[] {
  return options.map((option) => {
    const m = /^seccomp[=:](.+)$/s.exec(option);
    if (!m || m[1] === 'unconfined' || m[1] === 'builtin') return option;
    const path = m[1]!;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`opening seccomp profile (${path}) failed: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`, usage);
    }
    try {
      return `seccomp=${JSON.stringify(JSON.parse(text))}`;
    } catch (err) {
      throw new UsageError(`seccomp profile ${path} is not JSON: ${(err as Error).message}`, usage);
    }
  });
}

function restartPolicy(text: string | undefined, usage: string): { Name: string; MaximumRetryCount: number } {
  if (text === undefined) return { Name: 'no', MaximumRetryCount: 0 };
  const [name = '', count] = text.split(':');
  if (!['no', 'always', 'on-failure', 'unless-stopped'].includes(name)) throw new UsageError(`invalid restart policy '${text}'`, usage);
  return { Name: name, MaximumRetryCount: count === undefined ? 0 : integer(count, 'restart', usage) };
}

function ulimits(specs: readonly string[], usage: string): { Name: string; Soft: number; Hard: number }[] {
  return specs.map((spec) => {
    const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(spec);
    if (!m) throw new UsageError(`invalid argument "${spec}" for "--ulimit" flag: expected name=soft[:hard]`, usage);
    return { Name: m[1]!, Soft: Number(m[2]), Hard: Number(m[3] ?? m[2]) };
  });
}

export interface CreateInput {
  readonly flags: ParsedFlags;
  readonly image: string;
  readonly command: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly usage: string;
  /** `run -d`: nothing is attached. */
  readonly detach: boolean;
}

export function createBody(input: CreateInput): Record<string, unknown> {
  const { flags, usage } = input;
  const s = (k: string) => flags.strings.get(k);
  const l = (k: string) => flags.lists.get(k) ?? [];
  const b = (k: string) => flags.booleans.get(k) ?? false;
  if (b('privileged')) throw new UsageError('--privileged is not supported by berth', usage);
  const interactive = b('interactive');
  const attach = l('attach');
  if (input.detach && attach.length) throw new UsageError('conflicting options: cannot specify both --attach and --detach', usage);
  const attached = (stream: string) => !input.detach && (attach.length === 0 ? stream !== 'stdin' || interactive : attach.includes(stream));

  const env = [...l('env-file').flatMap((p) => readEnvFile(p, input.env, usage)), ...l('env').flatMap((e) => envEntry(e, input.env))];
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const exposed: Record<string, object> = {};
  for (const spec of l('publish')) {
    for (const p of parsePortSpec(spec)) {
      const key = portKey(p);
      const hostPort = p.hostPort ? (p.hostPortEnd ? `${p.hostPort}-${p.hostPortEnd}` : String(p.hostPort)) : '';
      (portBindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: hostPort });
      exposed[key] = {};
    }
  }
  for (const e of l('expose')) exposed[e.includes('/') ? e : `${e}/tcp`] = {};
  const network = s('network') ?? 'default';
  const aliases = l('network-alias');
  const ip = s('ip');
  const endpoint = aliases.length || ip ? { Aliases: aliases.length ? aliases : null, ...(ip ? { IPAMConfig: { IPv4Address: ip } } : {}) } : {};
  const labels = Object.fromEntries(l('label').map((x) => { const eq = x.indexOf('='); return eq < 0 ? [x, ''] : [x.slice(0, eq), x.slice(eq + 1)]; }));
  const cpus = s('cpus');
  const nanoCpus = cpus === undefined ? 0 : Math.round(Number(cpus) * 1e9);
  if (Number.isNaN(nanoCpus)) throw new UsageError(`invalid argument "${cpus}" for "--cpus" flag: expected a number`, usage);
  const memorySwap = s('memory-swap');
  const entrypoint = s('entrypoint');
  const stopTimeout = s('stop-timeout');
  return {
    Hostname: s('hostname') ?? '', Domainname: s('domainname') ?? '', User: s('user') ?? '',
    AttachStdin: attached('stdin'), AttachStdout: attached('stdout'), AttachStderr: attached('stderr'),
    Tty: b('tty'), OpenStdin: interactive, StdinOnce: interactive && !input.detach,
    Env: env, Cmd: input.command.length ? input.command : null, Image: input.image,
    WorkingDir: s('workdir') ?? '', Entrypoint: entrypoint === undefined ? null : [entrypoint],
    Labels: labels, ExposedPorts: exposed,
    ...(s('stop-signal') ? { StopSignal: s('stop-signal') } : {}),
    ...(stopTimeout !== undefined ? { StopTimeout: integer(stopTimeout, 'stop-timeout', usage) } : {}),
    HostConfig: {
      Binds: l('volume'), Mounts: l('mount').map((m) => parseMountFlag(m, usage)),
      Tmpfs: Object.fromEntries(l('tmpfs').map((t) => { const c = t.indexOf(':'); return c < 0 ? [t, ''] : [t.slice(0, c), t.slice(c + 1)]; })),
      NetworkMode: network, PortBindings: portBindings, PublishAllPorts: b('publish-all'),
      RestartPolicy: restartPolicy(s('restart'), usage), AutoRemove: b('rm'),
      Memory: s('memory') ? parseBytes(s('memory')!, 'memory', usage) : 0,
      MemorySwap: memorySwap === undefined ? 0 : memorySwap === '-1' ? -1 : parseBytes(memorySwap, 'memory-swap', usage),
      MemoryReservation: s('memory-reservation') ? parseBytes(s('memory-reservation')!, 'memory-reservation', usage) : 0,
      NanoCpus: nanoCpus, CpuShares: s('cpu-shares') ? integer(s('cpu-shares')!, 'cpu-shares', usage) : 0, CpusetCpus: s('cpuset-cpus') ?? '',
      PidsLimit: s('pids-limit') ? integer(s('pids-limit')!, 'pids-limit', usage) : null,
      ReadonlyRootfs: b('read-only'), CapAdd: l('cap-add'), CapDrop: l('cap-drop'), Init: b('init') || null,
      ExtraHosts: l('add-host'), Dns: l('dns'), DnsSearch: l('dns-search'), DnsOptions: l('dns-option'),
      Ulimits: ulimits(l('ulimit'), usage), GroupAdd: l('group-add'),
      ShmSize: s('shm-size') ? parseBytes(s('shm-size')!, 'shm-size', usage) : 0,
      SecurityOpt: l('security-opt').length ? securityOptions(l('security-opt'), usage) : null,
      ConsoleSize: [0, 0],
    },
    NetworkingConfig: { EndpointsConfig: { [network]: endpoint } },
  };
}
