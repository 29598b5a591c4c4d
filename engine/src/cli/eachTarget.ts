// How docker's verbs that take several objects (rm, rmi, volume rm, network rm, stop, inspect, ...)
// behave: each one is tried in turn, the engine's refusal of one is printed and the rest go on, and
// the command exits 1 when any failed.
import type { CommandContext } from './commandContext';
import { EngineError, type EngineClient } from './engineClient';
import { renderDocument } from './formatOutput';

/** Runs `act` for every name; what it returns is printed on a line of its own (nothing for undefined). */
export async function forEachTarget(ctx: CommandContext, names: readonly string[], act: (client: EngineClient, name: string) => Promise<string | undefined>): Promise<number> {
  const client = await ctx.connect();
  let failed = 0;
  for (const name of names) {
    try {
      const shown = await act(client, name);
      if (shown !== undefined) ctx.io.stdout.write(`${shown}\n`);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      ctx.io.stderr.write(`Error response from daemon: ${err.message}\n`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

/**
 * The inspect verbs: every name is looked up (`lookup` answers undefined for one that does not
 * exist, which is named on stderr as `missing` says); what was found is printed as one JSON array,
 * or through the -f template one object at a time.
 */
export async function inspectEach(
  ctx: CommandContext,
  names: readonly string[],
  format: string | undefined,
  lookup: (client: EngineClient, name: string) => Promise<unknown>,
  missing: (name: string) => string,
): Promise<number> {
  const client = await ctx.connect();
  const found: unknown[] = [];
  let failed = 0;
  for (const name of names) {
    const doc = await lookup(client, name);
    if (doc === undefined) {
      ctx.io.stderr.write(`Error: ${missing(name)}\n`);
      failed++;
    } else {
      found.push(doc);
    }
  }
  if (!format) ctx.io.stdout.write(renderDocument(undefined, found));
  else for (const doc of found) ctx.io.stdout.write(renderDocument(format, doc));
  return failed > 0 ? 1 : 0;
}

/** The engine's JSON at `path`, or undefined when it answers 404. */
export async function jsonUnlessMissing(client: EngineClient, path: string): Promise<unknown> {
  try {
    return await client.json('GET', path);
  } catch (err) {
    if (err instanceof EngineError && err.status === 404) return undefined;
    throw err;
  }
}
