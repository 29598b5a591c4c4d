/**
 * `berth`: the command-line interface, a thin client of the Docker Engine API (like docker's).
 * Each verb lives in its own module; this file reads the global options and routes.
 */
import { runCheck } from './check';
import { runEngine } from './engineCommand';
import { connectEngine, engineTarget, type GlobalOptions } from './engineConnection';
import { EngineError, EngineUnreachable } from './engineClient';
import { UsageError, type Command, type CommandContext } from './commandContext';
import { runImages } from './imagesCommand';
import { runHistory, runInspect, runRmi, runTag } from './imageCommands';
import { runImport, runLoad, runSave } from './archiveCommands';
import { runLogin, runLogout } from './loginCommands';
import { StreamError } from './progressView';
import { runSearch } from './searchCommand';
import { runImagePrune, runInfo, runSystemCheck, runSystemDf, runVersion } from './systemCommands';
import { runPull, runPush } from './transferCommands';

const USAGE = `usage: berth [--host ADDRESS] [--root DIR] <command> [options]

global options:
  -H, --host ADDRESS   engine to talk to (unix:///path or tcp://host:port); default: BERTH_HOST,
                       then DOCKER_HOST, then berthd's own socket (started on demand)
      --root DIR       data root of berth's own engine (default /var/lib/berth as root,
                       $XDG_DATA_HOME/berth otherwise; BERTH_ROOT)

images:
  images, pull, push, tag, rmi, inspect, history, save, load, import, search
  image ls|pull|push|tag|rm|inspect|history|save|load|import|prune
  login, logout
system:
  version, info, system df|check [--repair]|info
  engine start|stop|status
dockerfiles:
  check [--format text|json] [--rule ID=SEVERITY]... [--context DIR] <Dockerfile>...
        lint Dockerfiles with the same rules as the editor; exits 1 when an error is found
  help  show this help
`;

const verbs: Record<string, Command> = {
  images: runImages, pull: runPull, push: runPush, tag: runTag, rmi: runRmi, inspect: runInspect, history: runHistory,
  save: runSave, load: runLoad, import: runImport, login: runLogin, logout: runLogout, search: runSearch,
  version: runVersion, info: runInfo,
};

const imageVerbs: Record<string, Command> = {
  ls: runImages, list: runImages, pull: runPull, push: runPush, tag: runTag, rm: runRmi, remove: runRmi, inspect: runInspect,
  history: runHistory, save: runSave, load: runLoad, import: runImport, prune: runImagePrune,
};

const systemVerbs: Record<string, Command> = { df: runSystemDf, check: runSystemCheck, info: runInfo };

/** Reads `--host`/`-H` and `--root` before the verb. */
function globalOptions(argv: readonly string[]): { options: GlobalOptions; rest: string[] } {
  const rest = [...argv];
  const options: { host?: string; root?: string } = {};
  while (rest.length > 0 && rest[0]!.startsWith('-') && !['-h', '--help'].includes(rest[0]!)) {
    const [flag, inline] = rest.shift()!.split(/=(.*)/s) as [string, string | undefined];
    const value = inline ?? rest.shift();
    if (value === undefined) throw new UsageError(`${flag} needs a value`, USAGE);
    if (flag === '--host' || flag === '-H') options.host = value;
    else if (flag === '--root') options.root = value;
    else throw new UsageError(`unknown global option ${flag}`, USAGE);
  }
  return { options, rest };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
  try {
    const { options, rest } = globalOptions(argv);
    const [verb, ...args] = rest;
    const target = engineTarget(options, env);
    const ctx: CommandContext = {
      io, env,
      connect: () => connectEngine(target, env, (paths) => io.stderr.write(`starting berthd (root ${paths.root})…\n`)),
    };
    const group = (table: Record<string, Command>, name: string): Promise<number> => {
      const [sub, ...subArgs] = args;
      const command = sub === undefined ? undefined : table[sub];
      if (!command) throw new UsageError(`"${name}" needs one of: ${Object.keys(table).join(', ')}`, USAGE);
      return command(subArgs, ctx);
    };
    switch (verb) {
      case 'check':
        return await runCheck(args, io.stdout, io.stderr);
      case 'engine':
        return await runEngine(args, ctx, target);
      case 'image':
        return await group(imageVerbs, 'image');
      case 'system':
        return await group(systemVerbs, 'system');
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return verb === undefined ? 2 : 0;
      default: {
        const command = verbs[verb];
        if (!command) throw new UsageError(`unknown command "${verb}"`, USAGE);
        if (args.includes('--help') || args.includes('-h')) {
          io.stdout.write(USAGE);
          return 0;
        }
        return await command(args, ctx);
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`berth: ${err.message}\nusage: ${err.usage.split('\n')[0]!.replace(/^usage: /, '')}\n`);
      return 2;
    }
    if (err instanceof EngineError || err instanceof StreamError) io.stderr.write(`Error response from daemon: ${err.message}\n`);
    else if (err instanceof EngineUnreachable) io.stderr.write(`berth: ${err.message}\n`);
    else io.stderr.write(`berth: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`berth: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
