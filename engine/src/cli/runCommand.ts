// `berth run` and `berth create`, in docker's order: create (pulling the image first when the engine
// does not have it), attach before start (nothing the process writes is missed), wait, start,
// follow the terminal's size, stream until the output ends, then exit with the container's status.
// Docker's exit codes: the container's own, 125 when the engine refused, 126/127 when the command
// could not be run; Ctrl-P Ctrl-Q detaches from a TTY and leaves the container running.
import type { IncomingMessage } from 'node:http';
import { defaultDetachKeys, parseDetachKeys } from '../api/detachKeys';
import { parseReference, referenceError } from '../image/reference';
import { streamAttached } from './attachedStream';
import { UsageError, type CommandContext } from './commandContext';
import { createBody, createFlags, runFlags } from './createBody';
import { EngineError, readText, type EngineClient } from './engineClient';
import { parseFlags, type ParsedFlags } from './flagParser';
import { hijackedRequest } from './hijackedRequest';
import { followTerminalSize, proxySignals } from './terminalSync';

const runUsage = 'berth run [OPTIONS] IMAGE [COMMAND] [ARG...]';
const createUsage = 'berth create [OPTIONS] IMAGE [COMMAND] [ARG...]';

/** docker's exit status for an engine error around create and start (toStatusError). */
export function statusForError(message: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(message)) return 127;
  if (/permission denied|is a directory/.test(message)) return 126;
  return 125;
}

async function pullImage(client: EngineClient, image: string, ctx: CommandContext, platform: string | undefined): Promise<void> {
  // the pull path is rare: its modules (credentials, progress bars) load only here
  const [{ authHeader }, { showProgress }] = await Promise.all([import('./registryCredentials'), import('./progressView')]);
  const ref = parseReference(image);
  const res = await client.request('POST', '/images/create', {
    query: { fromImage: ref.name, tag: ref.digest ?? ref.tag, platform },
    headers: await authHeader(ref.domain, ctx.env),
  });
  await showProgress(res, ctx.io.stderr, { quiet: false });
}

/** Creates the container; on "No such image" pulls it (unless --pull=never) and tries again. Returns the id. */
async function createContainer(client: EngineClient, ctx: CommandContext, flags: ParsedFlags, body: Record<string, unknown>, image: string): Promise<string> {
  const pull = flags.strings.get('pull') ?? 'missing';
  const platform = flags.strings.get('platform');
  const name = flags.strings.get('name');
  const create = () => client.json<{ Id: string; Warnings?: string[] | null }>('POST', '/containers/create', { query: { name, platform }, body });
  if (pull === 'always') await pullImage(client, image, ctx, platform);
  let created;
  try {
    created = await create();
  } catch (err) {
    if (!(err instanceof EngineError) || err.status !== 404 || !/No such image/i.test(err.message) || pull === 'never') throw err;
    const ref = referenceError(image) === undefined ? parseReference(image).familiar() : image;
    ctx.io.stderr.write(`Unable to find image '${ref}' locally\n`);
    await pullImage(client, image, ctx, platform);
    created = await create();
  }
  for (const w of created.Warnings ?? []) ctx.io.stderr.write(`WARNING: ${w}\n`);
  return created.Id;
}

function parse(argv: readonly string[], run: boolean, ctx: CommandContext) {
  const usage = run ? runUsage : createUsage;
  const flags = parseFlags(argv, run ? runFlags : createFlags, usage);
  if (flags.booleans.get('help')) throw new HelpRequested(usage);
  const [image, ...command] = flags.positionals;
  if (image === undefined) throw new UsageError(`"berth ${run ? 'run' : 'create'}" requires at least 1 argument`, usage);
  const detach = run && (flags.booleans.get('detach') ?? false);
  const body = createBody({ flags, image, command, env: ctx.env, usage, detach: !run || detach });
  return { flags, image, body, detach, usage };
}

/** `--help` among the flags: the usage goes to stdout and the verb does nothing else. */
class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help requested');
  }
}

function withHelp(verb: (argv: readonly string[], ctx: CommandContext) => Promise<number>) {
  return async (argv: readonly string[], ctx: CommandContext): Promise<number> => {
    try {
      return await verb(argv, ctx);
    } catch (err) {
      if (!(err instanceof HelpRequested)) throw err;
      ctx.io.stdout.write(`usage: ${err.usage}\n`);
      return 0;
    }
  };
}

export const runCreate = withHelp(async (argv, ctx) => {
  const { flags, image, body } = parse(argv, false, ctx);
  const client = await ctx.connect();
  try {
    ctx.io.stdout.write(`${await createContainer(client, ctx, flags, body, image)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    ctx.io.stderr.write(`berth: Error response from daemon: ${err.message}\n`);
    return statusForError(err.message);
  }
});

async function discard(res: Promise<IncomingMessage>): Promise<void> {
  (await res).resume();
}

export const runRun = withHelp(async (argv, ctx) => {
  const { flags, image, body, detach } = parse(argv, true, ctx);
  const tty = body.Tty === true;
  const attachStdin = body.AttachStdin === true;
  if (attachStdin && tty && !ctx.io.stdin.isTTY) {
    ctx.io.stderr.write('the input device is not a TTY\n');
    return 1;
  }
  const detachKeys = parseDetachKeys(flags.strings.get('detach-keys') ?? defaultDetachKeys);
  const autoRemove = flags.booleans.get('rm') ?? false;
  const client = await ctx.connect();
  let id: string;
  try {
    id = await createContainer(client, ctx, flags, body, image);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    ctx.io.stderr.write(`berth: Error response from daemon: ${err.message}\n`);
    return statusForError(err.message);
  }
  if (detach) {
    try {
      await discard(client.request('POST', `/containers/${id}/start`));
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      ctx.io.stderr.write(`berth: Error response from daemon: ${err.message}\n`);
      return statusForError(err.message);
    }
    ctx.io.stdout.write(`${id}\n`);
    return 0;
  }

  const attach = body.AttachStdin || body.AttachStdout || body.AttachStderr;
  const stream = attach
    ? await hijackedRequest(client, `/containers/${id}/attach`, {
      query: { stream: true, stdin: attachStdin, stdout: body.AttachStdout === true, stderr: body.AttachStderr === true, detachKeys: flags.strings.get('detach-keys') },
    })
    : undefined;
  const waiting = client.request('POST', `/containers/${id}/wait`, { query: { condition: autoRemove ? 'removed' : 'next-exit' } });
  waiting.catch(() => undefined);
  const signals = (flags.booleans.get('sig-proxy') ?? true) && !tty ? proxySignals(client, id) : undefined;
  try {
    try {
      await discard(client.request('POST', `/containers/${id}/start`));
    } catch (err) {
      stream?.socket.destroy();
      if (!(err instanceof EngineError)) throw err;
      if (autoRemove) await waiting.then(readText).catch(() => undefined);
      ctx.io.stderr.write(`berth: Error response from daemon: ${err.message}\n`);
      return statusForError(err.message);
    }
    if (stream) {
      const resize = tty ? followTerminalSize(client, `/containers/${id}/resize`, ctx.io.stdout) : undefined;
      const end = await streamAttached(stream.socket, {
        tty, stdout: ctx.io.stdout, stderr: ctx.io.stderr, detachKeys, ...(attachStdin ? { stdin: ctx.io.stdin } : {}),
      });
      resize?.dispose();
      if (end === 'detached') {
        void waiting.then((res) => res.destroy(), () => undefined);
        return 0;
      }
    }
    const result = JSON.parse(await readText(await waiting)) as { StatusCode: number; Error?: { Message: string } | null };
    if (result.Error?.Message) {
      ctx.io.stderr.write(`berth: error waiting for container: ${result.Error.Message}\n`);
      return 125;
    }
    return result.StatusCode;
  } finally {
    signals?.dispose();
  }
});
