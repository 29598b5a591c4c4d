// `berth inspect`: like docker's, any object by name or id: a container first, then an image, then
// a network (or only the --type given). Prints one JSON array, or the -f template per object.
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { EngineError, type EngineClient } from './engineClient';
import { renderDocument } from './formatOutput';

type ObjectType = 'container' | 'image' | 'network';

const paths: Record<ObjectType, (name: string) => string> = {
  container: (n) => `/containers/${n}/json`,
  image: (n) => `/images/${n}/json`,
  network: (n) => `/networks/${n}`,
};

async function find(client: EngineClient, name: string, types: readonly ObjectType[]): Promise<unknown> {
  for (const type of types) {
    try {
      return await client.json('GET', paths[type](name));
    } catch (err) {
      if (!(err instanceof EngineError) || (err.status !== 404 && err.status !== 400)) throw err;
    }
  }
  return undefined;
}

export async function runInspectAny(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth inspect [OPTIONS] NAME|ID [NAME|ID...]';
  const { values, positionals } = parseCommand(argv, { format: { type: 'string', short: 'f' }, type: { type: 'string' }, size: { type: 'boolean', short: 's' } }, usage, { min: 1 });
  const type = values.type;
  if (type !== undefined && !(type in paths)) throw new UsageError(`"${type}" is not a valid value for --type (container, image or network)`, usage);
  const types: ObjectType[] = type === undefined ? ['container', 'image', 'network'] : [type as ObjectType];
  const client = await ctx.connect();
  const found: unknown[] = [];
  let failed = 0;
  for (const name of positionals) {
    const doc = await find(client, name, types);
    if (doc === undefined) {
      ctx.io.stderr.write(`Error: No such ${type ?? 'object'}: ${name}\n`);
      failed++;
    } else {
      found.push(doc);
    }
  }
  if (values.format === undefined || values.format === '') ctx.io.stdout.write(renderDocument(undefined, found));
  else for (const doc of found) ctx.io.stdout.write(renderDocument(values.format, doc));
  return failed > 0 ? 1 : 0;
}
