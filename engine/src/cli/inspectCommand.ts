// `berth inspect`: like docker's, any object by name or id: a container first, then an image, then
// a network (or only the --type given). Prints one JSON array, or the -f template per object.
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { EngineError, type EngineClient } from './engineClient';
import { inspectEach } from './eachTarget';

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
  return inspectEach(ctx, positionals, values.format, (client, name) => find(client, name, types), (name) => `No such ${type ?? 'object'}: ${name}`);
}
