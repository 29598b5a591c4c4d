// The verbs that stream a running process: logs (-f), exec (-it, -e, -u, -w, -d) and attach. exec
// exits with the command's status, read from exec inspect once the stream has ended; attach with
// the container's, from a wait started beside it.
import { defaultDetachKeys, parseDetachKeys } from '../api/detachKeys';
import { StdcopyReader } from '../api/stdcopy';
import { streamAttached } from './attachedStream';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { readEnvFile } from './createBody';
import { readText } from './engineClient';
import { parseFlags } from './flagParser';
import { hijackedRequest } from './hijackedRequest';
import { followTerminalSize, proxySignals } from './terminalSync';

interface ContainerState {
  readonly Id: string;
  readonly State: { readonly Running: boolean; readonly Paused: boolean; readonly Restarting: boolean };
  readonly Config: { readonly Tty: boolean; readonly OpenStdin: boolean };
}

export async function runLogs(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth logs [OPTIONS] CONTAINER';
  const { values, positionals } = parseCommand(argv, {
    follow: { type: 'boolean', short: 'f' }, tail: { type: 'string', short: 'n' }, since: { type: 'string' }, until: { type: 'string' },
    timestamps: { type: 'boolean', short: 't' }, details: { type: 'boolean' },
  }, usage, { min: 1, max: 1 });
  const client = await ctx.connect();
  const doc = await client.json<ContainerState>('GET', `/containers/${positionals[0]}/json`);
  const res = await client.request('GET', `/containers/${doc.Id}/logs`, {
    query: { stdout: true, stderr: true, follow: values.follow ?? false, tail: values.tail ?? 'all', since: values.since, until: values.until, timestamps: values.timestamps ?? false },
  });
  const reader = new StdcopyReader();
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (doc.Config.Tty) {
      ctx.io.stdout.write(chunk);
      continue;
    }
    for (const f of reader.push(chunk)) (f.stream === 'stderr' ? ctx.io.stderr : ctx.io.stdout).write(f.payload);
  }
  return 0;
}

const execFlags = {
  detach: { kind: 'boolean', short: 'd' }, interactive: { kind: 'boolean', short: 'i' }, tty: { kind: 'boolean', short: 't' },
  env: { kind: 'list', short: 'e' }, 'env-file': { kind: 'list' }, user: { kind: 'string', short: 'u' }, workdir: { kind: 'string', short: 'w' },
  'detach-keys': { kind: 'string' }, privileged: { kind: 'boolean' }, help: { kind: 'boolean' },
} as const;

export async function runExec(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth exec [OPTIONS] CONTAINER COMMAND [ARG...]';
  const flags = parseFlags(argv, execFlags, usage);
  if (flags.booleans.get('help')) {
    ctx.io.stdout.write(`usage: ${usage}\n`);
    return 0;
  }
  const [container, ...cmd] = flags.positionals;
  if (container === undefined || cmd.length === 0) throw new UsageError('"berth exec" requires at least 2 arguments', usage);
  const b = (k: string) => flags.booleans.get(k) ?? false;
  const detach = b('detach');
  const interactive = b('interactive');
  const tty = b('tty');
  if (interactive && tty && !ctx.io.stdin.isTTY && !detach) {
    ctx.io.stderr.write('the input device is not a TTY\n');
    return 1;
  }
  const env = [...(flags.lists.get('env-file') ?? []).flatMap((p) => readEnvFile(p, ctx.env, usage)), ...(flags.lists.get('env') ?? []).map((e) => (e.includes('=') || ctx.env[e] === undefined ? e : `${e}=${ctx.env[e]}`))];
  const size = tty && ctx.io.stdout.isTTY ? [(ctx.io.stdout as { rows?: number }).rows ?? 0, (ctx.io.stdout as { columns?: number }).columns ?? 0] : [0, 0];
  const client = await ctx.connect();
  const { Id: execId } = await client.json<{ Id: string }>('POST', `/containers/${container}/exec`, {
    body: {
      Cmd: cmd, Tty: tty, AttachStdin: interactive && !detach, AttachStdout: !detach, AttachStderr: !detach, Env: env,
      User: flags.strings.get('user') ?? '', WorkingDir: flags.strings.get('workdir') ?? '', DetachKeys: flags.strings.get('detach-keys') ?? '',
      Privileged: b('privileged'), ConsoleSize: size,
    },
  });
  if (detach) {
    (await client.request('POST', `/exec/${execId}/start`, { body: { Detach: true, Tty: tty } })).resume();
    return 0;
  }
  const stream = await hijackedRequest(client, `/exec/${execId}/start`, { body: { Detach: false, Tty: tty, ConsoleSize: size } });
  const resize = tty ? followTerminalSize(client, `/exec/${execId}/resize`, ctx.io.stdout) : undefined;
  const end = await streamAttached(stream.socket, {
    tty, stdout: ctx.io.stdout, stderr: ctx.io.stderr, detachKeys: parseDetachKeys(flags.strings.get('detach-keys') ?? defaultDetachKeys),
    ...(interactive ? { stdin: ctx.io.stdin } : {}),
  });
  resize?.dispose();
  if (end === 'detached') return 0;
  const inspect = await client.json<{ ExitCode: number | null }>('GET', `/exec/${execId}/json`);
  return inspect.ExitCode ?? 0;
}

export async function runAttach(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth attach [OPTIONS] CONTAINER';
  const { values, positionals } = parseCommand(argv, {
    'no-stdin': { type: 'boolean' }, 'sig-proxy': { type: 'string' }, 'detach-keys': { type: 'string' },
  }, usage, { min: 1, max: 1 });
  const client = await ctx.connect();
  const doc = await client.json<ContainerState>('GET', `/containers/${positionals[0]}/json`);
  if (!doc.State.Running) {
    ctx.io.stderr.write('You cannot attach to a stopped container, start it first\n');
    return 1;
  }
  if (doc.State.Paused) {
    ctx.io.stderr.write('You cannot attach to a paused container, unpause it first\n');
    return 1;
  }
  const stdin = !(values['no-stdin'] ?? false) && doc.Config.OpenStdin;
  if (stdin && doc.Config.Tty && !ctx.io.stdin.isTTY) {
    ctx.io.stderr.write('the input device is not a TTY\n');
    return 1;
  }
  const stream = await hijackedRequest(client, `/containers/${doc.Id}/attach`, { query: { stream: true, stdin, stdout: true, stderr: true, detachKeys: values['detach-keys'] } });
  const waiting = client.request('POST', `/containers/${doc.Id}/wait`);
  waiting.catch(() => undefined);
  const signals = values['sig-proxy'] !== 'false' && !doc.Config.Tty ? proxySignals(client, doc.Id) : undefined;
  const resize = doc.Config.Tty ? followTerminalSize(client, `/containers/${doc.Id}/resize`, ctx.io.stdout) : undefined;
  try {
    const end = await streamAttached(stream.socket, {
      tty: doc.Config.Tty, stdout: ctx.io.stdout, stderr: ctx.io.stderr, detachKeys: parseDetachKeys(values['detach-keys'] ?? defaultDetachKeys),
      ...(stdin ? { stdin: ctx.io.stdin } : {}),
    });
    if (end === 'detached') {
      void waiting.then((res) => res.destroy(), () => undefined);
      ctx.io.stderr.write('read escape sequence\n');
      return 1;
    }
    return (JSON.parse(await readText(await waiting)) as { StatusCode: number }).StatusCode;
  } finally {
    resize?.dispose();
    signals?.dispose();
  }
}
