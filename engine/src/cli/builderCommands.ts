// `berth builder prune`: forgets the build cache (records and RUN cache mounts) and frees the
// layers nothing else holds, through POST /build/prune (Docker's; berthd runs GC after it).
import { filtersJson, parseCommand, type CommandContext } from './commandContext';
import { confirm } from './confirm';
import { humanSize } from './humanUnits';

export async function runBuilderPrune(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth builder prune [-a] [-f] [--filter until=DURATION]';
  const { values } = parseCommand(argv, {
    all: { type: 'boolean', short: 'a' },
    force: { type: 'boolean', short: 'f' },
    filter: { type: 'string', multiple: true },
  }, usage, { max: 0 });
  if (!values.force && !(await confirm(ctx.io, 'WARNING! This will remove all build cache.'))) return 0;
  const client = await ctx.connect();
  const result = await client.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/build/prune', {
    query: { all: values.all ?? false, filters: filtersJson(values.filter, usage) },
  });
  const deleted = result.CachesDeleted ?? [];
  if (deleted.length > 0) ctx.io.stdout.write(`Deleted build cache objects:\n${deleted.map((id) => `${id.replace(/^sha256:/, '')}\n`).join('')}\n`);
  ctx.io.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}\n`);
  return 0;
}
