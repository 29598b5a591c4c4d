// The small image verbs: tag, rmi, inspect and history.
import { parseReference, referenceError } from '../image/reference';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { forEachTarget, inspectEach, jsonUnlessMissing } from './eachTarget';
import { renderListing } from './formatOutput';
import { humanAge, humanSize } from './humanUnits';

export async function runTag(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]';
  const { positionals } = parseCommand(argv, {}, usage, { min: 2, max: 2 });
  const target = positionals[1]!;
  const problem = referenceError(target);
  if (problem !== undefined) throw new UsageError(`invalid reference "${target}": ${problem}`, usage);
  const ref = parseReference(target);
  const client = await ctx.connect();
  await client.request('POST', `/images/${positionals[0]}/tag`, { query: { repo: ref.name, tag: ref.tag } });
  return 0;
}

export async function runRmi(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth rmi [OPTIONS] IMAGE [IMAGE...]';
  const { values, positionals } = parseCommand(argv, { force: { type: 'boolean', short: 'f' }, 'no-prune': { type: 'boolean' } }, usage, { min: 1 });
  return forEachTarget(ctx, positionals, async (client, name) => {
    const items = await client.json<{ Untagged?: string; Deleted?: string }[]>('DELETE', `/images/${name}`, { query: { force: values.force ?? false, noprune: values['no-prune'] ?? false } });
    return items.length > 0 ? items.map((item) => (item.Untagged ? `Untagged: ${item.Untagged}` : `Deleted: ${item.Deleted}`)).join('\n') : undefined;
  });
}

export async function runInspect(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth inspect [OPTIONS] IMAGE [IMAGE...]';
  const { values, positionals } = parseCommand(argv, { format: { type: 'string', short: 'f' }, type: { type: 'string' } }, usage, { min: 1 });
  if (values.type !== undefined && values.type !== 'image') throw new UsageError(`--type ${values.type}: only images exist in this engine so far`, usage);
  return inspectEach(ctx, positionals, values.format, (client, name) => jsonUnlessMissing(client, `/images/${name}/json`), (name) => `No such image: ${name}`);
}

interface HistoryItem {
  readonly Id: string;
  readonly Created: number;
  readonly CreatedBy: string;
  readonly Size: number;
  readonly Comment: string;
}

export async function runHistory(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth history [OPTIONS] IMAGE';
  const { values, positionals } = parseCommand(argv, {
    format: { type: 'string' }, human: { type: 'boolean', short: 'H', default: true }, 'no-trunc': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
  }, usage, { min: 1, max: 1 });
  const client = await ctx.connect();
  const items = await client.json<HistoryItem[]>('GET', `/images/${positionals[0]}/history`);
  const noTrunc = values['no-trunc'] ?? false;
  const rows = items.map((h) => {
    const id = h.Id.startsWith('sha256:') && !noTrunc ? h.Id.slice(7, 19) : h.Id;
    const createdBy = !noTrunc && h.CreatedBy.length > 45 ? `${h.CreatedBy.slice(0, 44)}…` : h.CreatedBy;
    return {
      ID: id, CreatedSince: humanAge(h.Created), CreatedAt: new Date(h.Created * 1000).toISOString(), CreatedBy: createdBy,
      Size: values.human === false ? String(h.Size) : humanSize(h.Size), Comment: h.Comment,
    };
  });
  if (values.quiet) {
    ctx.io.stdout.write(rows.map((r) => `${r.ID}\n`).join(''));
    return 0;
  }
  ctx.io.stdout.write(renderListing(values.format, rows, {
    defaultTemplate: '{{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}',
    headers: { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' },
  }));
  return 0;
}
