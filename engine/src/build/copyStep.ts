// COPY and ADD as layer steps (BuildKit's dispatchCopy). Planning expands the instruction, picks
// its sources — build context paths (hashed for the key), another stage or an image (whose key
// or digest stands for them), heredocs (their text), URLs (their checksum or downloaded content)
// — and writes BuildKit's history line; executing copies into the step's new layer, unpacking
// local archives for ADD. --link makes the layer independent of the layers below (its key too),
// unless --chown names a user, which must be looked up in those layers.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { berthError } from '../image/berthError';
import { parseGoBool } from '../dockerfile/goValues';
import { isHeredocWord } from '../dockerfile/heredocWord';
import { parseHeredocWord } from '../dockerfile/parser';
import { processWord } from '../dockerfile/shellLexer';
import { environmentOf } from '../dockerfile/scope';
import { stageReferences } from '../dockerfile/stageReferences';
import { archiveCompression, extractArchive } from './archiveSource';
import type { BuildSession } from './buildSession';
import { parseChmod } from './chmodSpec';
import { resolveOwner } from './chownSpec';
import { copyInto, viewOf, type LayerTarget } from './copyInto';
import { selectSources, type SelectedSource, type SourceTree } from './copySources';
import { createIgnoreMatcher } from './dockerignore';
import { builtLayers, type BuiltLayer } from './layerWorkspace';
import { MergedView } from './mergedView';
import type { Expander } from './metadataSteps';
import { fetchRemote, isHttpSource, parseChecksum, remoteFileName, type RemoteFile } from './remoteSource';
import { sourceDigest } from './sourceDigest';
import type { LayerStep, StepPlace } from './stageBuild';
import type { StageState } from './stageState';

/** BuildKit's pathRelativeToWorkingDir: absolute, cleaned, a trailing `/` (or `/.`) kept. */
export function destinationPath(workdir: string, dest: string): string {
  const wanted = dest === '' || dest === '.' ? './' : dest;
  const joined = posix.normalize(wanted.startsWith('/') ? wanted : posix.join('/', workdir || '/', wanted));
  const keepSlash = (wanted.endsWith('/') || wanted.endsWith('/.')) && joined !== '/';
  return keepSlash && !joined.endsWith('/') ? `${joined}/` : joined;
}

/** Heredoc content as COPY writes it: `<<-` drops leading tabs; unquoted delimiters expand variables. */
function heredocContent(content: string, chomp: boolean, expand: boolean, variables: StepPlace['variables']): string {
  const text = chomp ? content.replace(/^\t+/gm, '') : content;
  return expand ? processWord(text, environmentOf(variables), '\\', { skipProcessQuotes: true }).result : text;
}

interface Group {
  /** What the key records about this group. */
  readonly input: string;
  /** Copies (or unpacks) the group into the layer. */
  copy(target: LayerTarget, placement: { dest: string; chown: string; now: number }): Promise<void>;
  close?(): Promise<void>;
}

function flagValue(place: StepPlace, name: string): string | undefined {
  return place.instruction.flags.find((f) => f.name === name)?.value;
}

function flagBool(place: StepPlace, name: string): boolean | undefined {
  const flag = place.instruction.flags.find((f) => f.name === name);
  if (!flag) return undefined;
  return flag.value === undefined || parseGoBool(flag.value) === true;
}

export async function planCopy(session: BuildSession, state: StageState, place: StepPlace, expand: Expander): Promise<LayerStep> {
  const ins = place.instruction;
  const isAdd = ins.name === 'ADD';
  const chown = expand.word(flagValue(place, 'chown') ?? '');
  const chmodText = expand.word(flagValue(place, 'chmod') ?? '');
  const chmod = parseChmod(chmodText);
  const checksumText = isAdd ? expand.word(flagValue(place, 'checksum') ?? '') : '';
  const parents = !isAdd && flagBool(place, 'parents') === true;
  const unpack = isAdd ? flagBool(place, 'unpack') : false;
  const excludes = ins.flags.filter((f) => f.name === 'exclude').map((f) => f.value ?? '');
  const exclude = excludes.length ? createIgnoreMatcher(excludes) : undefined;
  if (ins.args.length < 2) throw berthError('invalid-argument', `${ins.name} requires at least two arguments, but only one was provided. Destination could not be determined`);
  const destText = expand.word(ins.args[ins.args.length - 1]!.value);
  const dest = destinationPath(state.config.workingDir, destText);
  const sourceWords = ins.args.slice(0, -1);
  const paths = sourceWords.filter((w) => !isHeredocWord(w.value)).map((w) => expand.word(w.value));
  const docs = sourceWords.filter((w) => isHeredocWord(w.value)).flatMap((w) => ins.heredocs.filter((h) => h.name === parseHeredocWord(w.value)?.name));
  const history = `${ins.name}${parents ? ' --parents' : ''}${chown ? ` --chown=${chown}` : ''}${chmodText ? ` --chmod=${chmodText}` : ''} ${[...paths, ...docs.map((h) => `<<${h.name}`)].join(' ')} ${destText}`;
  if (checksumText && (paths.length !== 1 || !isHttpSource(paths[0]!))) {
    throw berthError('invalid-argument', paths.length !== 1 ? "checksum can't be specified for multiple sources" : 'checksum requires HTTP(S) or Git sources');
  }
  const checksum = checksumText ? parseChecksum(checksumText) : undefined;

  const groups: Group[] = [];
  const from: Record<string, string> = {};
  const fromFlag = flagValue(place, 'from');
  const files: Record<string, string> = {};
  let sourceReason: string | undefined;
  try {
    if (fromFlag) {
      const ref = stageReferences(session.model).references.find((r) => r.instruction === ins && r.kind === 'copy');
      const target = ref?.target;
      if (target?.kind === 'invalid') throw berthError('invalid-argument', target.message);
      let layers: readonly BuiltLayer[] | undefined;
      let description: string;
      if (target?.kind === 'stage') {
        const stage = await session.stage(target.index);
        from[`stage ${session.stageName(target.index)}`] = stage.fsKey;
        sourceReason = stage.lastMissReason;
        layers = stage.layersKnown ? stage.layers() : undefined;
        description = `stage ${session.stageName(target.index)}`;
      } else {
        const resolved = await session.image(fromFlag, state.config.platform);
        from[`image ${fromFlag}`] = resolved.image?.digest ?? `unresolved ${fromFlag}`;
        layers = resolved.image ? await builtLayers(resolved.image.image) : undefined;
        description = `image ${fromFlag}`;
      }
      groups.push({
        input: `from ${fromFlag}`,
        copy: async (t, placement) => {
          if (!layers) throw berthError('internal', `${description} has no known layers`);
          const tree = await session.workspace.openTree(layers, session.signal);
          try {
            const source: SourceTree = { view: tree.view, owner: 'keep', description };
            const selected = paths.flatMap((p) => selectSources(source, p, { ...(exclude ? { exclude } : {}), parents }));
            await copyWithOwner(t, source, selected, placement, chmod);
          } finally {
            await tree.close();
          }
        },
      });
    } else {
      const local = paths.filter((p) => !isHttpSource(p));
      for (const p of paths) {
        if (isHttpSource(p) && !isAdd) throw berthError('invalid-argument', "source can't be a URL for COPY");
        if (/^(git@|git:\/\/|ssh:\/\/)/.test(p) || (/^https?:\/\//.test(p) && !isHttpSource(p))) throw berthError('invalid-argument', `ADD of git repositories (${p}) is not supported by this engine`);
      }
      if (local.length > 0) {
        const tree = session.contextTree();
        const selected = local.map((p) => selectSources(tree, p, { ...(exclude ? { exclude } : {}), parents }));
        const digest = await sourceDigest(tree, selected.flat(), session.hashes, session.signal);
        for (const [path, hash] of digest.files) files[path] = hash;
        groups.push({
          input: `context ${digest.digest}`,
          copy: async (t, placement) => {
            for (const sources of selected) {
              for (const source of sources) {
                const compression = isAdd && unpack !== false && source.children.length === 0 ? await archiveCompression(source.top.hostPath, source.top.stats, session.signal) : undefined;
                if (compression) {
                  const owner = resolveOwner(placement.chown, viewOf(t));
                  const destDir = viewOf(t).resolve(placement.dest, true);
                  await extractArchive(t, source.top.hostPath, compression, destDir, owner, placement.now, session.signal);
                } else await copyWithOwner(t, tree, [source], placement, chmod);
              }
            }
          },
        });
      }
      for (const url of paths.filter(isHttpSource)) groups.push(await remoteGroup(session, url, checksum, unpack === true, chmod));
    }
    if (docs.length > 0) groups.push(await heredocGroup(session, docs.map((h) => ({ name: h.name, content: heredocContent(h.content, h.chomp, h.expand, place.variables) })), chmod));
  } catch (err) {
    await Promise.all(groups.map((g) => g.close?.()));
    throw err;
  }

  // --link copies onto nothing, so its key does not depend on the layers below; a --chown by name
  // has to read /etc/passwd from them, and then the step is an ordinary one
  const independent = flagBool(place, 'link') === true && !chmodText && (chown === '' || /^\d+(:\d+)?$/.test(chown));
  return {
    inputs: {
      parent: independent ? '' : state.fsKey,
      instruction: history,
      sources: createHash('sha256').update(groups.map((g) => g.input).join('\n')).digest('hex'),
      settings: { dest, ...(excludes.length ? { exclude: excludes.join('\n') } : {}), ...(independent ? { link: 'true' } : {}), ...(unpack !== undefined && isAdd ? { unpack: String(unpack) } : {}) },
      ...(Object.keys(from).length ? { from } : {}),
      ...(Object.keys(files).length && Object.keys(files).length <= 5000 ? { files } : {}),
    },
    history,
    buildkitSuffix: true,
    independent,
    ...(sourceReason ? { sourceReason } : {}),
    execute: async (target) => {
      const placement = { dest, chown, now: session.now() };
      for (const group of groups) await group.copy(target, placement);
    },
    cleanup: async () => {
      await Promise.all(groups.map((g) => g.close?.()));
    },
  };
}

async function copyWithOwner(target: LayerTarget, tree: SourceTree, selected: readonly SelectedSource[], placement: { dest: string; chown: string; now: number }, chmod: ReturnType<typeof parseChmod>): Promise<void> {
  const owner = resolveOwner(placement.chown, viewOf(target));
  await copyInto(target, tree, selected, { dest: placement.dest, now: placement.now, ...(owner ? { owner } : {}), ...(chmod ? { chmod } : {}) });
}

/** Inline files (`COPY <<EOF /dest`): written to a private directory, copied as files of mode 0644. */
async function heredocGroup(session: BuildSession, docs: readonly { name: string; content: string }[], chmod: ReturnType<typeof parseChmod>): Promise<Group> {
  const input = docs.map((d) => `heredoc ${d.name} ${createHash('sha256').update(d.content).digest('hex')}`).join('\n');
  return {
    input,
    copy: async (target, placement) => {
      const dir = await mkdtemp(join(session.scratchDir, 'heredoc-'));
      try {
        for (const d of docs) await writeFile(join(dir, posix.basename(d.name)), d.content, { mode: 0o644 });
        const tree: SourceTree = { view: new MergedView([dir], false), owner: 'root', description: 'heredoc' };
        await copyWithOwner(target, tree, docs.flatMap((d) => selectSources(tree, posix.basename(d.name))), placement, chmod);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** ADD <url>: with --checksum the key needs no download; otherwise the content is fetched to key the step. */
async function remoteGroup(session: BuildSession, url: string, checksum: string | undefined, unpack: boolean, chmod: ReturnType<typeof parseChmod>): Promise<Group> {
  let file: RemoteFile | undefined;
  const fetchOnce = async () => (file ??= await fetchRemote(url, session.scratchDir, checksum, session.signal));
  let input: string;
  if (checksum) input = `url ${remoteFileName(url)} ${checksum}`;
  else if (session.plan) input = `url ${url} unknown until fetched`;
  else input = `url ${remoteFileName(url)} ${(await fetchOnce()).digest}`;
  return {
    input,
    copy: async (target, placement) => {
      const f = await fetchOnce();
      const tree: SourceTree = { view: new MergedView([f.dir], false), owner: 'root', description: `download of ${url}` };
      const selected = selectSources(tree, f.name);
      const compression = unpack ? await archiveCompression(selected[0]!.top.hostPath, selected[0]!.top.stats, session.signal) : undefined;
      if (compression) {
        const owner = resolveOwner(placement.chown, viewOf(target));
        await extractArchive(target, selected[0]!.top.hostPath, compression, viewOf(target).resolve(placement.dest, true), owner, placement.now, session.signal);
      } else await copyWithOwner(target, tree, selected, placement, chmod);
    },
    close: async () => {
      await file?.close();
    },
  };
}
