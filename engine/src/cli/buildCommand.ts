// `berth build`: builds a Dockerfile on the engine. With berthd on this machine the engine reads
// the context in place (POST /berth/v1/build: no tar is made or sent, and the content hashes of
// unchanged files are remembered between builds); with any other engine (a remote berthd, Docker,
// Podman) the context goes as a tar to Docker's POST /build. Progress is the classic builder's;
// a failure names the Dockerfile line, the exit code and the last lines the step printed, and the
// command exits with the step's exit code as `docker build` does. Ctrl-C cancels the build (the
// engine stops the step and removes what it made) and exits 130.
import type { IncomingMessage } from 'node:http';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BuildRecord } from '../build/buildRecords';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { EngineError, type EngineClient } from './engineClient';
import { showBuildProgress, type BuildOutcome } from './buildProgress';
import { formatBuildRecord, formatFailure } from './explainBuild';

const usage = `berth build [OPTIONS] PATH
  -t, --tag NAME           name the image (repeatable)
      --build-arg K[=V]    set a build argument (V from the environment when left out; repeatable)
      --label K=V          add a label to the image (repeatable)
  -f, --file PATH          the Dockerfile (default PATH/Dockerfile)
      --target STAGE       build this stage
      --no-cache           run every step again
      --pull               pull base images even when they are in the engine
      --network MODE       RUN's network: default, bridge, host or none
      --platform P         build for os/arch[/variant]
      --check              run every lint rule first and fail on errors
      --explain            then print every step: lines, cache hit or miss and why, key, layer, time, log
  -q, --quiet              print only the image ID`;

interface BuildSpec {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly tags: string[];
  readonly buildArgs: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly target?: string;
  readonly noCache: boolean;
  readonly pull: boolean;
  readonly network?: string;
  readonly platform?: string;
  readonly check: boolean;
  readonly quiet: boolean;
}

function keyValues(specs: readonly string[] | undefined, env: NodeJS.ProcessEnv | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs ?? []) {
    const eq = spec.indexOf('=');
    if (eq === 0) throw new UsageError(`invalid argument "${spec}": the name is empty`, usage);
    if (eq > 0) out[spec.slice(0, eq)] = spec.slice(eq + 1);
    else if (!env) out[spec] = '';
    else if (env[spec] !== undefined) out[spec] = env[spec]!;
  }
  return out;
}

function specOf(argv: readonly string[], env: NodeJS.ProcessEnv): BuildSpec & { explain: boolean } {
  const { values, positionals } = parseCommand(argv, {
    tag: { type: 'string', short: 't', multiple: true },
    'build-arg': { type: 'string', multiple: true },
    label: { type: 'string', multiple: true },
    file: { type: 'string', short: 'f' },
    target: { type: 'string' },
    'no-cache': { type: 'boolean' },
    pull: { type: 'boolean' },
    network: { type: 'string' },
    platform: { type: 'string' },
    check: { type: 'boolean' },
    explain: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  }, usage, { min: 1, max: 1 });
  const contextDir = resolve(positionals[0]!);
  return {
    contextDir,
    dockerfile: resolve(values.file ?? join(contextDir, 'Dockerfile')),
    tags: values.tag ?? [],
    buildArgs: keyValues(values['build-arg'], env),
    labels: keyValues(values.label, undefined),
    ...(values.target ? { target: values.target } : {}),
    noCache: values['no-cache'] ?? false,
    pull: values.pull ?? false,
    ...(values.network ? { network: values.network } : {}),
    ...(values.platform ? { platform: values.platform } : {}),
    check: values.check ?? false,
    explain: values.explain ?? false,
    quiet: values.quiet ?? false,
  };
}

/** berthd on this machine reads the context in place; undefined when this engine cannot. */
async function sendLocal(client: EngineClient, spec: BuildSpec, signal: AbortSignal): Promise<IncomingMessage | undefined> {
  if (client.address.kind !== 'unix') return undefined;
  const st = await stat(spec.contextDir, { bigint: true });
  try {
    return await client.request('POST', '/berth/v1/build', {
      body: { ...spec, context: spec.contextDir, contextIdentity: { dev: String(st.dev), ino: String(st.ino) } },
      signal,
    });
  } catch (err) {
    // 404: not berthd (Docker, Podman); 412: berthd sees another filesystem (a forwarded socket)
    if (err instanceof EngineError && (err.status === 404 || err.status === 412)) return undefined;
    throw err;
  }
}

async function sendTar(client: EngineClient, spec: BuildSpec, signal: AbortSignal): Promise<IncomingMessage> {
  // loaded only for this path: a build on berthd here needs neither the tar writer nor the linter
  const { contextTar } = await import('./contextTar');
  const tar = await contextTar(spec.contextDir, spec.dockerfile, signal);
  return client.request('POST', '/build', {
    query: {
      t: spec.tags, dockerfile: tar.dockerfile, buildargs: JSON.stringify(spec.buildArgs), labels: JSON.stringify(spec.labels),
      nocache: spec.noCache, pull: spec.pull, target: spec.target, networkmode: spec.network, platform: spec.platform, q: spec.quiet, rm: true,
    },
    headers: { 'Content-Type': 'application/x-tar' },
    body: tar.stream,
    signal,
  });
}

async function record(client: EngineClient, outcome: BuildOutcome): Promise<BuildRecord | undefined> {
  if (!outcome.buildId) return undefined;
  return client.json<BuildRecord>('GET', `/berth/v1/builds/${outcome.buildId}`).catch(() => undefined);
}

export async function runBuild(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const spec = specOf(argv, ctx.env);
  const { io } = ctx;
  const client = await ctx.connect();
  const abort = new AbortController();
  const cancel = () => abort.abort();
  process.once('SIGINT', cancel);
  let outcome: BuildOutcome;
  try {
    let res = await sendLocal(client, spec, abort.signal);
    if (!res) {
      // the engine cannot lint the way berthd does: run the same rules here
      if (spec.check && !(await (await import('./buildCheck')).checkBeforeSending(spec.dockerfile, spec.contextDir, spec.buildArgs, io.stderr))) return 1;
      res = await sendTar(client, spec, abort.signal);
    }
    outcome = await showBuildProgress(res, io.stdout, spec.quiet);
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    io.stderr.write('\nbuild cancelled\n');
    return 130;
  } finally {
    process.off('SIGINT', cancel);
  }
  // the record is read only when it is shown (a cached build's time is mostly round trips)
  const built = spec.explain || outcome.failure ? await record(client, outcome) : undefined;
  if (spec.explain) {
    if (built) io.stdout.write(`\n${formatBuildRecord(built)}`);
    else io.stderr.write('berth: --explain needs build records, which only berthd keeps\n');
  }
  if (outcome.failure) {
    if (spec.quiet) io.stderr.write(outcome.text);
    io.stderr.write(`${built?.error ? formatFailure(built.error) : `ERROR: ${outcome.failure.message}`}\n`);
    return outcome.failure.code ?? 1;
  }
  if (spec.quiet && outcome.imageId) io.stdout.write(`${outcome.imageId}\n`);
  return 0;
}
