// How docker's verbs that take several objects (rm, rmi, volume rm, network rm, stop, ...) behave:
// each one is tried in turn, the engine's refusal of one is printed and the rest go on, and the
// command exits 1 when any failed.
import type { CommandContext } from './commandContext';
import { EngineError, type EngineClient } from './engineClient';

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
