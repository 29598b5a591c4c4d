/**
 * `berth`: the command-line interface, a thin client of the Docker Engine API (like docker's).
 * Each verb lives in its own module; this file reads the global options and routes.
 */
import { connectEngine, engineTarget, type GlobalOptions } from './engineConnection';
import { EngineError, EngineUnreachable } from './engineClient';
import { UsageError, type Command, type CommandContext } from './commandContext';

// Verb modules load when their verb runs: a `berth run` should not pay for the Dockerfile linter
// or the progress bars (start-up time is most of a short command's time).
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): Command {
  return async (argv, ctx) => ((await load())[name] as Command)(argv, ctx);
}
const imagesModule = () => import('./imagesCommand');
const imageModule = () => import('./imageCommands');
const archiveModule = () => import('./archiveCommands');
const loginModule = () => import('./loginCommands');
const systemModule = () => import('./systemCommands');
const transferModule = () => import('./transferCommands');
const runModule = () => import('./runCommand');
const containerModule = () => import('./containerCommands');
const streamModule = () => import('./streamCommands');
const networkModule = () => import('./networkCommands');
const containerFsModule = () => import('./containerFsCommands');
const volumeModule = () => import('./volumeCommands');

const runImages = lazy(imagesModule, 'runImages');
const runPull = lazy(transferModule, 'runPull');
const runPush = lazy(transferModule, 'runPush');
const runTag = lazy(imageModule, 'runTag');
const runRmi = lazy(imageModule, 'runRmi');
const runInspect = lazy(imageModule, 'runInspect');
const runHistory = lazy(imageModule, 'runHistory');
const runSave = lazy(archiveModule, 'runSave');
const runLoad = lazy(archiveModule, 'runLoad');
const runImport = lazy(archiveModule, 'runImport');
const runLogin = lazy(loginModule, 'runLogin');
const runLogout = lazy(loginModule, 'runLogout');
const runSearch = lazy(() => import('./searchCommand'), 'runSearch');
const runVersion = lazy(systemModule, 'runVersion');
const runInfo = lazy(systemModule, 'runInfo');
const runImagePrune = lazy(systemModule, 'runImagePrune');
const runSystemDf = lazy(systemModule, 'runSystemDf');
const runSystemCheck = lazy(systemModule, 'runSystemCheck');

const USAGE = `usage: berth [--host ADDRESS] [--root DIR] <command> [options]

global options:
  -H, --host ADDRESS   engine to talk to (unix:///path or tcp://host:port); default: BERTH_HOST,
                       then DOCKER_HOST, then berthd's own socket (started on demand)
      --root DIR       data root of berth's own engine (default /var/lib/berth as root,
                       $XDG_DATA_HOME/berth otherwise; BERTH_ROOT)

containers:
  run, create, start, stop, restart, kill, rm, ps, logs, exec, attach, top, stats, inspect, wait,
  port, rename, pause, unpause, cp, export, diff, commit; container ls|run|create|start|stop|...|prune
  network create|ls|rm|connect|disconnect|inspect|prune
  volume create|ls|inspect|rm|prune
images:
  images, pull, push, tag, rmi, inspect, history, save, load, import, search
  image ls|pull|push|tag|rm|inspect|history|save|load|import|prune
  login, logout
system:
  version, info, system df|check [--repair]|info
  engine start|stop|status
builds:
  build [-t NAME]... [--build-arg K=V]... [--label K=V]... [-f FILE] [--target STAGE] [--no-cache]
        [--pull] [--network MODE] [--platform P] [--check] [--explain] [-q] PATH
  builder prune [-a] [-f] [--filter until=DURATION]
dockerfiles:
  check [--format text|json] [--rule ID=SEVERITY]... [--context DIR] <Dockerfile>...
        lint Dockerfiles with the same rules as the editor; exits 1 when an error is found
  help  show this help
`;

const verbs: Record<string, Command> = {
  images: runImages, pull: runPull, push: runPush, tag: runTag, rmi: runRmi, inspect: lazy(() => import('./inspectCommand'), 'runInspectAny'), history: runHistory,
  save: runSave, load: runLoad, import: runImport, login: runLogin, logout: runLogout, search: runSearch,
  version: runVersion, info: runInfo, build: lazy(() => import('./buildCommand'), 'runBuild'),
};

const imageVerbs: Record<string, Command> = {
  ls: runImages, list: runImages, pull: runPull, push: runPush, tag: runTag, rm: runRmi, remove: runRmi, inspect: runInspect,
  history: runHistory, save: runSave, load: runLoad, import: runImport, prune: runImagePrune,
};

const systemVerbs: Record<string, Command> = { df: runSystemDf, check: runSystemCheck, info: runInfo };

const builderVerbs: Record<string, Command> = { prune: lazy(() => import('./builderCommands'), 'runBuilderPrune') };

// Verbs whose arguments end in a command or that take docker's -h (run -h HOSTNAME): they read
// their own flags, --help included.
const containerVerbs: Record<string, Command> = {
  run: lazy(runModule, 'runRun'), create: lazy(runModule, 'runCreate'), exec: lazy(streamModule, 'runExec'), top: lazy(containerModule, 'runTop'),
};

const containerGroup: Record<string, Command> = {
  ...containerVerbs,
  start: lazy(containerModule, 'runStart'), stop: lazy(containerModule, 'runStop'), restart: lazy(containerModule, 'runRestart'),
  kill: lazy(containerModule, 'runKill'), rm: lazy(containerModule, 'runRm'), pause: lazy(containerModule, 'pauseVerb'),
  unpause: lazy(containerModule, 'unpauseVerb'), wait: lazy(containerModule, 'runWait'), rename: lazy(containerModule, 'runRename'),
  port: lazy(containerModule, 'runPort'), ps: lazy(() => import('./psCommand'), 'runPs'), logs: lazy(streamModule, 'runLogs'),
  attach: lazy(streamModule, 'runAttach'), stats: lazy(() => import('./statsCommand'), 'runStats'),
  inspect: lazy(() => import('./inspectCommand'), 'runInspectAny'),
  cp: lazy(() => import('./cpCommand'), 'runCp'), export: lazy(containerFsModule, 'runExport'), diff: lazy(containerFsModule, 'runDiff'),
  commit: lazy(containerFsModule, 'runCommit'),
};

const volumeVerbs: Record<string, Command> = {
  create: lazy(volumeModule, 'runVolumeCreate'), ls: lazy(volumeModule, 'runVolumeLs'), list: lazy(volumeModule, 'runVolumeLs'),
  inspect: lazy(volumeModule, 'runVolumeInspect'), rm: lazy(volumeModule, 'runVolumeRm'), remove: lazy(volumeModule, 'runVolumeRm'),
  prune: lazy(volumeModule, 'runVolumePrune'),
};

const networkVerbs: Record<string, Command> = {
  create: lazy(networkModule, 'runNetworkCreate'), ls: lazy(networkModule, 'runNetworkLs'), list: lazy(networkModule, 'runNetworkLs'),
  rm: lazy(networkModule, 'runNetworkRm'), remove: lazy(networkModule, 'runNetworkRm'), connect: lazy(networkModule, 'runNetworkConnect'),
  disconnect: lazy(networkModule, 'runNetworkDisconnect'), inspect: lazy(networkModule, 'runNetworkInspect'), prune: lazy(networkModule, 'runNetworkPrune'),
};

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

// Verbs whose exit status can be a container's own: docker's 125 for a usage mistake there, so a
// mistyped flag is never taken for the container exiting 2.
const relaysContainerStatus = new Set(['run', 'create', 'exec', 'start']);

let ran: string | undefined;

/** The command this process ran ('run', 'network ls'): the code cache keeps its bookkeeping by it (start.ts). */
export function ranCommand(): string | undefined {
  return ran;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // process.stdin builds its stream on first use (~1 ms): only the verbs that read it pay for it
  const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; } };
  let command: string | undefined; // `berth container run` is `berth run`
  try {
    const { options, rest } = globalOptions(argv);
    const [verb, ...args] = rest;
    command = verb === 'container' ? args[0] : verb;
    ran = verb;
    const target = engineTarget(options, env);
    const ctx: CommandContext = {
      io, env,
      connect: () => connectEngine(target, env, (paths) => io.stderr.write(`starting berthd (root ${paths.root})…\n`)),
    };
    const group = (table: Record<string, Command>, name: string): Promise<number> => {
      const [sub, ...subArgs] = args;
      const command = sub === undefined ? undefined : table[sub];
      if (!command) throw new UsageError(`"${name}" needs one of: ${Object.keys(table).join(', ')}`, USAGE);
      ran = `${name} ${sub}`;
      return command(subArgs, ctx);
    };
    switch (verb) {
      case 'check':
        return await (await import('./check')).runCheck(args, io.stdout, io.stderr);
      case 'engine':
        if (args[0] !== undefined) ran = `engine ${args[0]}`;
        return await (await import('./engineCommand')).runEngine(args, ctx, target);
      case 'container':
        return await group({ ...containerGroup, ls: containerGroup.ps!, list: containerGroup.ps!, prune: lazy(containerFsModule, 'runContainerPrune') }, 'container');
      case 'network':
        return await group(networkVerbs, 'network');
      case 'volume':
        return await group(volumeVerbs, 'volume');
      case 'image':
        return await group(imageVerbs, 'image');
      case 'system':
        return await group(systemVerbs, 'system');
      case 'builder':
        return await group(builderVerbs, 'builder');
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return verb === undefined ? 2 : 0;
      default: {
        const own = containerVerbs[verb];
        if (own) return await own(args, ctx);
        const command = verbs[verb] ?? containerGroup[verb];
        if (!command) throw new UsageError(`unknown command "${verb}"`, USAGE);
        if (args.includes('--help') || args.includes('-h')) {
          ran = 'help';
          io.stdout.write(USAGE);
          return 0;
        }
        return await command(args, ctx);
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`berth: ${err.message}\nusage: ${err.usage.split('\n')[0]!.replace(/^usage: /, '')}\n`);
      return command !== undefined && relaysContainerStatus.has(command) ? 125 : 2;
    }
    if (err instanceof EngineError || (err instanceof Error && err.name === 'StreamError')) io.stderr.write(`Error response from daemon: ${err.message}\n`);
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
