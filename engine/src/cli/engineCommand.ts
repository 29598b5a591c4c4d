// `berth engine start|stop|status`: the embedded engine as a detached daemon with a pid file and
// a log under its data root.
import { formatEngineAddress } from '../api/engineAddress';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { EngineClient } from './engineClient';
import type { EngineTarget } from './engineConnection';
import { enginePid, startEngine, stopEngine } from './engineProcess';

const usage = 'berth engine start|stop|status';

export async function runEngine(argv: readonly string[], ctx: CommandContext, target: EngineTarget): Promise<number> {
  const { positionals } = parseCommand(argv, {}, usage, { min: 1, max: 1 });
  const paths = target.managed;
  if (!paths) throw new UsageError(`the engine at ${formatEngineAddress(target.address)} (DOCKER_HOST or a TCP address) is not managed by berth; unset DOCKER_HOST or use --host unix:///path`, usage);
  switch (positionals[0]) {
    case 'start': {
      const { pid, alreadyRunning } = await startEngine(paths, ctx.env);
      ctx.io.stdout.write(alreadyRunning ? `berthd is already running (pid ${pid})\n` : `berthd started (pid ${pid}), listening on unix://${paths.socket}; log: ${paths.logFile}\n`);
      return 0;
    }
    case 'stop': {
      const stopped = await stopEngine(paths);
      ctx.io.stdout.write(stopped ? 'berthd stopped\n' : 'berthd is not running\n');
      return 0;
    }
    case 'status': {
      const pid = await enginePid(paths);
      if (pid === undefined) {
        ctx.io.stdout.write(`berthd is not running (root ${paths.root})\n`);
        return 3;
      }
      const version = await new EngineClient(target.address).negotiate().catch(() => undefined);
      ctx.io.stdout.write(`berthd is running (pid ${pid}), ${version ? `API ${version} on` : 'not answering on'} unix://${paths.socket}; root ${paths.root}; log ${paths.logFile}\n`);
      return version ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown engine command "${positionals[0]}"`, usage);
  }
}
