// `berth pull` and `berth push`: the engine does the transfer; the CLI sends the stored
// credentials and shows the progress stream (bars in a terminal, plain lines otherwise).
import { parseReference, referenceError } from '../image/reference';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { showProgress } from './progressView';
import { authHeader } from './registryCredentials';

function reference(text: string, usage: string) {
  const problem = referenceError(text);
  if (problem !== undefined) throw new UsageError(`invalid reference "${text}": ${problem}`, usage);
  return parseReference(text);
}

export async function runPull(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth pull [OPTIONS] NAME[:TAG|@DIGEST]';
  const { values, positionals } = parseCommand(argv, {
    platform: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  }, usage, { min: 1, max: 1 });
  const ref = reference(positionals[0]!, usage);
  const client = await ctx.connect();
  const res = await client.request('POST', '/images/create', {
    query: { fromImage: ref.name, tag: ref.digest ?? ref.tag, platform: values.platform },
    headers: await authHeader(ref.domain, ctx.env),
  });
  await showProgress(res, ctx.io.stdout, { quiet: values.quiet ?? false });
  ctx.io.stdout.write(`${ref.toString()}\n`);
  return 0;
}

export async function runPush(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth push [OPTIONS] NAME[:TAG]';
  const { values, positionals } = parseCommand(argv, {
    'all-tags': { type: 'boolean', short: 'a' },
    quiet: { type: 'boolean', short: 'q' },
  }, usage, { min: 1, max: 1 });
  const ref = reference(positionals[0]!, usage);
  if (ref.digest !== undefined) throw new UsageError('push takes a tag, not a digest', usage);
  const client = await ctx.connect();
  const res = await client.request('POST', `/images/${ref.name}/push`, {
    query: { tag: values['all-tags'] ? undefined : ref.tag },
    headers: await authHeader(ref.domain, ctx.env),
  });
  await showProgress(res, ctx.io.stdout, { quiet: values.quiet ?? false });
  if (values.quiet) ctx.io.stdout.write(`${ref.toString()}\n`);
  return 0;
}
