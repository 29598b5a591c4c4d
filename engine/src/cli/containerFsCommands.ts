// `berth export`, `berth diff` (docker's `container diff`), `berth commit` and `berth container prune`.
import { parseReference, referenceError } from '../image/reference';
import { writeArchiveOutput } from './archiveOutput';
import { confirm } from './confirm';
import { filtersJson, parseCommand, UsageError, type CommandContext } from './commandContext';
import { humanSize } from './humanUnits';

export async function runExport(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth export [OPTIONS] CONTAINER';
  const { values, positionals } = parseCommand(argv, { output: { type: 'string', short: 'o' } }, usage, { min: 1, max: 1 });
  if (values.output === undefined && ctx.io.stdout.isTTY) throw new UsageError('cowardly refusing to save to a terminal. Use the -o flag or redirect', usage);
  const client = await ctx.connect();
  const res = await client.request('GET', `/containers/${encodeURIComponent(positionals[0]!)}/export`);
  await writeArchiveOutput(res, values.output, ctx.io.stdout, 'export');
  return 0;
}

export async function runDiff(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommand(argv, {}, 'berth diff CONTAINER', { min: 1, max: 1 });
  const client = await ctx.connect();
  const changes = await client.json<{ Path: string; Kind: number }[] | null>('GET', `/containers/${encodeURIComponent(positionals[0]!)}/changes`);
  ctx.io.stdout.write((changes ?? []).map((c) => `${'CAD'[c.Kind] ?? '?'} ${c.Path}\n`).join(''));
  return 0;
}

export async function runCommit(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]';
  const { values, positionals } = parseCommand(argv, {
    author: { type: 'string', short: 'a' }, change: { type: 'string', short: 'c', multiple: true }, message: { type: 'string', short: 'm' },
    pause: { type: 'boolean', short: 'p', default: true }, 'no-pause': { type: 'boolean' },
  }, usage, { min: 1, max: 2 });
  const target = positionals[1];
  if (target !== undefined && referenceError(target) !== undefined) throw new UsageError(`invalid reference format: ${referenceError(target)}`, usage);
  const ref = target === undefined ? undefined : parseReference(target);
  const client = await ctx.connect();
  const { Id } = await client.json<{ Id: string }>('POST', '/commit', {
    query: {
      container: positionals[0], repo: ref?.name, tag: ref?.tag, author: values.author, comment: values.message,
      changes: values.change ?? [], pause: values['no-pause'] ? false : values.pause,
    },
  });
  ctx.io.stdout.write(`${Id}\n`);
  return 0;
}

export async function runContainerPrune(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth container prune [OPTIONS]';
  const { values } = parseCommand(argv, { filter: { type: 'string', multiple: true }, force: { type: 'boolean', short: 'f' } }, usage, { max: 0 });
  if (!values.force && !(await confirm(ctx.io, 'WARNING! This will remove all stopped containers.'))) return 0;
  const client = await ctx.connect();
  const result = await client.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune', { query: { filters: filtersJson(values.filter, usage) } });
  const deleted = result.ContainersDeleted ?? [];
  if (deleted.length > 0) ctx.io.stdout.write(`Deleted Containers:\n${deleted.map((id) => `${id}\n`).join('')}\n`);
  ctx.io.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}\n`);
  return 0;
}
