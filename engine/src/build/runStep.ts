// RUN as a layer step (BuildKit's dispatchRun). Planning works out what will run — the command
// under the stage's shell (heredocs folded in as BuildKit does: a lone `<<EOF` with a #! line
// becomes a script mounted at /dev/pipes), the environment (ENV plus the values of the stage's
// ARGs), user, working directory, network and mounts — and keys the step on all of it, on the
// content of context bind mounts and on the keys of stages mounted from. Executing prepares each
// mount as data and hands the whole to the RunStepExecutor (the container runtime), whose upper
// directory becomes the step's layer.
import { createHash } from 'node:crypto';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { BerthError, berthError } from '../image/berthError';
import { isHeredocWord } from '../dockerfile/heredocWord';
import type { BuildSession } from './buildSession';
import type { HeldCacheDir } from './cacheMounts';
import { copyInto } from './copyInto';
import { selectSources, type SourceTree } from './copySources';
import { builtLayers, type BuiltLayer, type ReadOnlyTree } from './layerWorkspace';
import { MergedView } from './mergedView';
import { removeMountStubs } from './mountStubs';
import type { Expander } from './metadataSteps';
import { parseRunMount, type RunMountSpec } from './runMounts';
import { sourceDigest } from './sourceDigest';
import { stageImage } from './imageOutput';
import type { LayerStep, StepPlace } from './stageBuild';
import type { StageState } from './stageState';
import type { RunMount, RunNetwork } from './stepRunner';

/** A RUN whose process exited non-zero. */
export class StepExitError extends BerthError {
  constructor(message: string, readonly exitCode: number) {
    super('failed-precondition', message);
  }
}

/** Build arguments that reach RUN's environment without being declared (BuildKit's proxy args). */
const proxyArgs = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

interface MountSource {
  readonly spec: RunMountSpec;
  /** The layers of the stage or image mounted from (absent: the build context). */
  readonly layers?: readonly BuiltLayer[];
}

function runArgs(place: StepPlace, state: StageState): { args: string[]; script?: { name: string; data: string } } {
  const ins = place.instruction;
  if (ins.json) return { args: ins.args.map((a) => a.value) };
  let cmd = ins.args.map((a) => a.value).join(' ');
  let script: { name: string; data: string } | undefined;
  if (ins.heredocs.length > 0) {
    if (ins.args.length === 1 && isHeredocWord(cmd)) {
      const doc = ins.heredocs[0]!;
      const data = doc.chomp ? doc.content.replace(/^\t+/gm, '') : doc.content;
      if (data.startsWith('#!')) {
        script = { name: doc.name, data };
        cmd = `/dev/pipes/${doc.name}`;
      } else cmd = data;
    } else cmd += ins.heredocs.map((h) => `\n${h.content}${h.name}`).join('');
  }
  return { args: [...state.config.shellArgs(), cmd], ...(script ? { script } : {}) };
}

export async function planRun(session: BuildSession, state: StageState, place: StepPlace, expand: Expander): Promise<LayerStep> {
  const ins = place.instruction;
  const config = state.config;
  const { args, script } = runArgs(place, state);
  const networkFlag = ins.flags.find((f) => f.name === 'network')?.value;
  const network = (networkFlag ?? session.request.network ?? 'default') as RunNetwork;
  if (!['default', 'none', 'host'].includes(network)) throw berthError('invalid-argument', `unsupported network mode ${network}`);
  const insecure = ins.flags.find((f) => f.name === 'security')?.value === 'insecure';
  const workdir = config.workingDir || '/';
  const specs = ins.flags.filter((f) => f.name === 'mount').map((f) => parseRunMount(f.value ?? '', expand.word, workdir));

  const env = new Map(config.env);
  const argValues: Record<string, string> = {};
  for (const name of state.argNames) argValues[name] = place.variables.get(name)?.value ?? '';
  for (const [name, v] of place.variables) if (v.kind === 'arg' && v.value !== undefined) env.set(name, v.value);
  const proxies = proxyArgs.filter((p) => session.request.buildArgs?.[p] !== undefined && !env.has(p)).map((p) => `${p}=${session.request.buildArgs![p]}`);
  const pairs = Object.entries(argValues).map(([k, v]) => `${k}=${v}`);
  const history = `RUN ${pairs.length ? `|${pairs.length} ${pairs.join(' ')} ` : ''}${args.join(' ')}`;

  const from: Record<string, string> = {};
  const sources: string[] = [];
  const mountSources: MountSource[] = [];
  for (const spec of specs) {
    if (spec.type === 'ssh') throw berthError('invalid-argument', 'RUN --mount=type=ssh is not supported by this engine (no SSH agent forwarding)');
    if ((spec.type === 'bind' || spec.type === 'cache') && spec.from) {
      const ref = session.model.stages.findIndex((s) => s.name?.value.toLowerCase() === spec.from!.toLowerCase());
      if (ref >= 0) {
        const stage = await session.stage(ref);
        from[`stage ${spec.from}`] = stage.fsKey;
        mountSources.push({ spec, ...(stage.layersKnown ? { layers: stage.layers() } : {}) });
      } else {
        const image = (await session.image(spec.from, config.platform)).image;
        from[`image ${spec.from}`] = image?.digest ?? `unresolved ${spec.from}`;
        const layers = image ? await builtLayers(image.image) : undefined;
        mountSources.push({ spec, ...(layers ? { layers } : {}) });
      }
    } else {
      if (spec.type === 'bind') {
        const tree = session.contextTree();
        const digest = await sourceDigest(tree, selectSources(tree, spec.source || '.'), session.hashes, session.signal);
        sources.push(`${spec.target} ${digest.digest}`);
      }
      mountSources.push({ spec });
    }
  }

  return {
    inputs: {
      parent: state.fsKey,
      instruction: args.join(' '),
      ...(pairs.length ? { args: argValues } : {}),
      env: Object.fromEntries(config.env),
      settings: {
        user: config.user, workdir, network, ...(insecure ? { security: 'insecure' } : {}),
        ...(specs.length ? { mounts: JSON.stringify(specs) } : {}),
        ...(script ? { script: createHash('sha256').update(script.data).digest('hex') } : {}),
      },
      ...(sources.length ? { sources: sources.join('\n') } : {}),
      ...(Object.keys(from).length ? { from } : {}),
    },
    history,
    buildkitSuffix: true,
    produce: async (layers, log) => {
      const executor = session.runSteps;
      if (!executor) throw berthError('unavailable', 'RUN needs the container runtime, and this engine was started without one');
      const cleanups: (() => Promise<void>)[] = [];
      try {
        const extra: RunMount[] = [];
        const runEnv = [...[...env].map(([k, v]) => `${k}=${v}`), ...proxies];
        for (const source of mountSources) {
          const prepared = await prepareMount(session, source, cleanups);
          if (prepared.mount) extra.push(prepared.mount);
          if (prepared.env) runEnv.push(prepared.env);
        }
        if (script) {
          const dir = await privateDir(session, cleanups);
          await writeFile(join(dir, posix.basename(script.name)), script.data, { mode: 0o755 });
          extra.push({ kind: 'bind', source: dir, target: '/dev/pipes', readOnly: true });
        }
        await session.workspace.materialize(layers, session.signal);
        const result = await executor.run({
          image: await stageImage(session.services.content, state), args, env: runEnv, user: config.user, workdir, network, mounts: extra,
          ...(insecure ? { insecure } : {}),
          output: (_stream, chunk) => log(chunk.toString('utf8')),
          ...(session.signal ? { signal: session.signal } : {}),
        });
        cleanups.push(() => result.release());
        if (result.exitCode !== 0) {
          throw new StepExitError(`process "${args.join(' ')}" did not complete successfully: exit code: ${result.exitCode}`, result.exitCode);
        }
        return await session.workspace.layerFromSnapshot(result.snapshotKey, layers, {
          ...(session.request.sourceDateEpoch !== undefined ? { sourceDateEpoch: session.request.sourceDateEpoch } : {}),
          ...(session.signal ? { signal: session.signal } : {}),
        }, async (target, _mounts, below) => removeMountStubs(target, below, extra.map((m) => m.target)));
      } finally {
        for (const c of cleanups.reverse()) await c().catch(() => undefined);
      }
    },
  };
}

async function privateDir(session: BuildSession, cleanups: (() => Promise<void>)[]): Promise<string> {
  const dir = await mkdtemp(join(session.scratchDir, 'run-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The host path a bind mount shows: the source in place when that is safe (a read-only mount of a
 * single directory or file), else a private copy (the context minus what .dockerignore leaves
 * out, a directory merged from several layers, anything mounted read-write: writes are thrown away).
 */
async function mountSource(session: BuildSession, source: MountSource, cleanups: (() => Promise<void>)[], writable: boolean): Promise<string> {
  const { spec } = source;
  let sourceTree: SourceTree;
  if (spec.from) {
    if (!source.layers) throw berthError('internal', `mount from ${spec.from}: its layers are unknown`);
    const tree: ReadOnlyTree = await session.workspace.openTree(source.layers, session.signal);
    cleanups.push(() => tree.close());
    sourceTree = { view: tree.view, owner: 'keep', description: spec.from };
  } else {
    sourceTree = session.contextTree();
  }
  const path = `/${spec.source}`;
  const entry = sourceTree.view.stat(path);
  if (!entry) throw berthError('not-found', `mount source ${spec.source || '/'}: not found in ${sourceTree.description}`);
  const dirs = sourceTree.view.directoryLayers(path);
  const inPlace = !writable && (spec.from ? dirs === undefined || dirs.length === 1 : !sourceTree.ignore);
  if (inPlace) return dirs?.[0] ?? entry.hostPath;
  const dir = await privateDir(session, cleanups);
  const selected = selectSources(sourceTree, spec.source || '.');
  const isDir = entry.stats.isDirectory();
  await copyInto({ upper: dir, lowers: [], whiteouts: 'remove' }, sourceTree, selected, { dest: isDir ? '/' : '/file', now: session.now() });
  return isDir ? dir : join(dir, 'file');
}

async function prepareMount(session: BuildSession, source: MountSource, cleanups: (() => Promise<void>)[]): Promise<{ mount?: RunMount; env?: string }> {
  const { spec } = source;
  switch (spec.type) {
    case 'tmpfs':
      return { mount: { kind: 'tmpfs', target: spec.target, ...(spec.sizeBytes !== undefined ? { sizeBytes: spec.sizeBytes } : {}) } };
    case 'secret': {
      const value = session.request.secrets?.get(spec.id);
      if (value === undefined) {
        if (spec.required) throw berthError('invalid-argument', `secret ${spec.id}: not provided (pass it with --secret id=${spec.id},src=...)`);
        return {};
      }
      const dir = await privateDir(session, cleanups);
      const file = join(dir, 'secret');
      await writeFile(file, value, { mode: spec.mode ?? 0o400 });
      await chown(file, spec.uid ?? 0, spec.gid ?? 0);
      return {
        mount: { kind: 'bind', source: file, target: spec.target, readOnly: true },
        ...(spec.env ? { env: `${spec.env}=${Buffer.from(value).toString('utf8')}` } : {}),
      };
    }
    case 'cache': {
      const seed = spec.from
        ? async (dir: string) => {
            const from = await mountSource(session, source, cleanups, false);
            const tree: SourceTree = { view: new MergedView([from], false), owner: 'keep', description: spec.from! };
            await copyInto({ upper: dir, lowers: [], whiteouts: 'remove' }, tree, selectSources(tree, '.'), { dest: '/', now: session.now() });
          }
        : undefined;
      const held: HeldCacheDir = await session.cacheMounts.acquire(spec.id, {
        sharing: spec.sharing, ...(spec.mode !== undefined ? { mode: spec.mode } : {}), ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
        ...(spec.gid !== undefined ? { gid: spec.gid } : {}), ...(seed ? { seed } : {}),
      });
      cleanups.push(async () => held.release());
      return { mount: { kind: 'bind', source: held.dir, target: spec.target, readOnly: spec.readOnly } };
    }
    case 'bind':
      return { mount: { kind: 'bind', source: await mountSource(session, source, cleanups, !spec.readOnly), target: spec.target, readOnly: spec.readOnly } };
    default:
      throw berthError('invalid-argument', `RUN --mount=type=${spec.type} is not supported by this engine`);
  }
}
