// The short container verbs: start (-a -i), stop, restart, kill, rm, pause, unpause, wait, rename,
// port and top. Like docker's, the verbs that take several containers go on past a failure, print
// each container they handled and exit 1 when any failed.
import { defaultDetachKeys, parseDetachKeys } from '../api/detachKeys';
import { streamAttached } from './attachedStream';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { forEachTarget } from './eachTarget';
import { EngineError, readText, type EngineClient } from './engineClient';
import { hijackedRequest } from './hijackedRequest';
import { formatTable } from './tableWriter';
import { followTerminalSize } from './terminalSync';

/** A POST whose answer has no body; 304 (already started, already stopped) is success, as for docker. */
export async function post(client: EngineClient, path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<void> {
  try {
    (await client.request('POST', path, { query })).resume();
  } catch (err) {
    if (!(err instanceof EngineError) || err.status !== 304) throw err;
  }
}

export async function runStop(argv: readonly string[], ctx: CommandContext, verb: 'stop' | 'restart' = 'stop'): Promise<number> {
  const usage = `berth ${verb} [OPTIONS] CONTAINER [CONTAINER...]`;
  const { values, positionals } = parseCommand(argv, { time: { type: 'string', short: 't' }, timeout: { type: 'string' }, signal: { type: 'string', short: 's' } }, usage, { min: 1 });
  const t = values.time ?? values.timeout;
  if (t !== undefined && !/^-?\d+$/.test(t)) throw new UsageError(`invalid argument "${t}" for "-t, --time" flag: expected whole seconds`, usage);
  return forEachTarget(ctx, positionals, async (client, name) => {
    await post(client, `/containers/${name}/${verb}`, { t, signal: values.signal });
    return name;
  });
}

export const runRestart = (argv: readonly string[], ctx: CommandContext) => runStop(argv, ctx, 'restart');

export async function runKill(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, { signal: { type: 'string', short: 's' } }, 'berth kill [OPTIONS] CONTAINER [CONTAINER...]', { min: 1 });
  return forEachTarget(ctx, positionals, async (client, name) => {
    await post(client, `/containers/${name}/kill`, { signal: values.signal });
    return name;
  });
}

export async function runRm(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, { force: { type: 'boolean', short: 'f' }, volumes: { type: 'boolean', short: 'v' } }, 'berth rm [OPTIONS] CONTAINER [CONTAINER...]', { min: 1 });
  return forEachTarget(ctx, positionals, async (client, name) => {
    (await client.request('DELETE', `/containers/${name}`, { query: { force: values.force ?? false, v: values.volumes ?? false } })).resume();
    return name;
  });
}

export function simpleVerb(verb: 'pause' | 'unpause') {
  return (argv: readonly string[], ctx: CommandContext): Promise<number> => {
    const { positionals } = parseCommand(argv, {}, `berth ${verb} CONTAINER [CONTAINER...]`, { min: 1 });
    return forEachTarget(ctx, positionals, async (client, name) => {
      await post(client, `/containers/${name}/${verb}`);
      return name;
    });
  };
}

export async function runWait(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommand(argv, {}, 'berth wait CONTAINER [CONTAINER...]', { min: 1 });
  return forEachTarget(ctx, positionals, async (client, name) => {
    const result = await client.json<{ StatusCode: number }>('POST', `/containers/${name}/wait`);
    return String(result.StatusCode);
  });
}

export async function runRename(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommand(argv, {}, 'berth rename CONTAINER NEW_NAME', { min: 2, max: 2 });
  const client = await ctx.connect();
  await post(client, `/containers/${positionals[0]}/rename`, { name: positionals[1] });
  return 0;
}

interface PortBinding { HostIp: string; HostPort: string }

export async function runPort(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth port CONTAINER [PRIVATE_PORT[/PROTO]]';
  const { positionals } = parseCommand(argv, {}, usage, { min: 1, max: 2 });
  const client = await ctx.connect();
  const doc = await client.json<{ Name: string; NetworkSettings: { Ports: Record<string, PortBinding[] | null> } }>('GET', `/containers/${positionals[0]}/json`);
  const ports = doc.NetworkSettings.Ports ?? {};
  const wanted = positionals[1];
  if (wanted !== undefined) {
    const key = wanted.includes('/') ? wanted : `${wanted}/tcp`;
    const bindings = ports[key];
    if (!bindings?.length) {
      ctx.io.stderr.write(`Error: No public port '${key}' published for ${positionals[0]}\n`);
      return 1;
    }
    for (const b of bindings) ctx.io.stdout.write(`${b.HostIp || '0.0.0.0'}:${b.HostPort}\n`);
    return 0;
  }
  for (const [key, bindings] of Object.entries(ports)) for (const b of bindings ?? []) ctx.io.stdout.write(`${key} -> ${b.HostIp || '0.0.0.0'}:${b.HostPort}\n`);
  return 0;
}

export async function runTop(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const [container, ...psArgs] = argv;
  if (container === undefined) throw new UsageError('"berth top" requires at least 1 argument', 'berth top CONTAINER [ps OPTIONS]');
  const client = await ctx.connect();
  const top = await client.json<{ Titles: string[]; Processes: string[][] }>('GET', `/containers/${container}/top`, { query: { ps_args: psArgs.length ? psArgs.join(' ') : undefined } });
  ctx.io.stdout.write(formatTable([top.Titles, ...top.Processes]));
  return 0;
}

/** `berth start`: without -a prints the names; with -a streams the output and exits with the container's status. */
export async function runStart(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth start [OPTIONS] CONTAINER [CONTAINER...]';
  const { values, positionals } = parseCommand(argv, {
    attach: { type: 'boolean', short: 'a' }, interactive: { type: 'boolean', short: 'i' }, 'detach-keys': { type: 'string' },
  }, usage, { min: 1 });
  if (!values.attach && !values.interactive) return forEachTarget(ctx, positionals, async (client, name) => {
    await post(client, `/containers/${name}/start`);
    return name;
  });
  if (positionals.length > 1) throw new UsageError('you cannot start and attach multiple containers at once', usage);
  const client = await ctx.connect();
  const name = positionals[0]!;
  const doc = await client.json<{ Id: string; Config: { Tty: boolean; OpenStdin: boolean } }>('GET', `/containers/${name}/json`);
  const stdin = (values.interactive ?? false) && doc.Config.OpenStdin;
  const stream = await hijackedRequest(client, `/containers/${doc.Id}/attach`, { query: { stream: true, stdin, stdout: true, stderr: true, detachKeys: values['detach-keys'] } });
  const waiting = client.request('POST', `/containers/${doc.Id}/wait`, { query: { condition: 'next-exit' } });
  waiting.catch(() => undefined);
  await post(client, `/containers/${doc.Id}/start`);
  const resize = doc.Config.Tty ? followTerminalSize(client, `/containers/${doc.Id}/resize`, ctx.io.stdout) : undefined;
  const end = await streamAttached(stream.socket, {
    tty: doc.Config.Tty, stdout: ctx.io.stdout, stderr: ctx.io.stderr, detachKeys: parseDetachKeys(values['detach-keys'] ?? defaultDetachKeys),
    ...(stdin ? { stdin: ctx.io.stdin } : {}),
  });
  resize?.dispose();
  if (end === 'detached') {
    void waiting.then((res) => res.destroy(), () => undefined);
    return 0;
  }
  return (JSON.parse(await readText(await waiting)) as { StatusCode: number }).StatusCode;
}

export const pauseVerb = simpleVerb('pause');
export const unpauseVerb = simpleVerb('unpause');
