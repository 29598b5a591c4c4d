// `berth cp`: files between a container and the local filesystem, with the docker CLI's rules
// (copyPlan.ts) over the archive endpoints: HEAD stats a container path, GET reads a tar of it,
// PUT extracts a tar into a directory. `-` streams a tar on stdin or stdout. Local archives are
// made and extracted by the engine's own containerfs code over a tree rooted at `/` (reading) or at
// the destination directory (writing), so an archive from a container can never write outside it.
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, posix, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ContainerTree } from '../containerfs/containerTree';
import { extractEntries } from '../containerfs/extractArchive';
import { nodeEntries, tarStream } from '../containerfs/treeArchive';
import { readTar, type TarEntry } from '../layer/tarReader';
import { assertsDirectory, planCopy, rebaseName, splitPathDirEntry, type CopyDestination } from './copyPlan';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { EngineError, type EngineClient } from './engineClient';
import { humanSize } from './humanUnits';

const usage = 'berth cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n       berth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH';

interface PathStat {
  readonly name: string;
  readonly size: number;
  readonly mode: number;
  readonly linkTarget: string;
}

/** Go os.FileMode bits (above 2^31, out of reach of JavaScript's 32-bit operators). */
const bit = (mode: number, n: number) => Math.floor(mode / 2 ** n) % 2 === 1;
const isDirMode = (mode: number) => bit(mode, 31);
const isLinkMode = (mode: number) => bit(mode, 27);
/** ModeDevice or ModeIrregular: docker refuses to copy onto these. */
const isSpecialMode = (mode: number) => bit(mode, 26) || bit(mode, 19);

type Report = (line: string) => void;

/** docker's splitCpArg: `container:path`, unless the argument is a local absolute or ./ path. */
function splitArg(arg: string): { container?: string; path: string } {
  if (isAbsolute(arg)) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.startsWith('.')) return { path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** An absolute local path that keeps the trailing `/` or `/.` the user wrote. */
function localPath(path: string): string {
  const abs = resolve(path);
  if (/(^|\/)\.$/.test(path)) return `${abs}/.`.replace(/^\/\/\./, '/.');
  return path.endsWith('/') && abs !== '/' ? `${abs}/` : abs;
}

function decodeStat(header: string | string[] | undefined): PathStat {
  if (typeof header !== 'string') throw new Error('the engine sent no X-Docker-Container-Path-Stat header');
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat;
}

async function statContainerPath(client: EngineClient, container: string, path: string): Promise<PathStat | undefined> {
  try {
    const res = await client.request('HEAD', `/containers/${encodeURIComponent(container)}/archive`, { query: { path } });
    res.resume();
    return decodeStat(res.headers['x-docker-container-path-stat']);
  } catch (err) {
    if (err instanceof EngineError && err.status === 404) return undefined;
    throw err;
  }
}

/** moby's CopyInfoDestinationPath: a local destination, its symlinks followed; its parent must exist. */
function localDestination(path: string): CopyDestination {
  let current = path;
  for (let n = 0; n < 10; n++) {
    const st = lstatSync(current, { throwIfNoEntry: false });
    if (!st) {
      const parent = splitPathDirEntry(current).dir;
      if (!statSync(parent).isDirectory()) throw new Error(`${parent}: not a directory`);
      return { path: current, exists: false, isDir: false };
    }
    if (!st.isSymbolicLink()) return { path: current, exists: true, isDir: st.isDirectory() };
    const target = readlinkSync(current);
    current = isAbsolute(target) ? target : posix.join(splitPathDirEntry(current).dir, target);
  }
  throw new Error(`too many symlinks in ${path}`);
}

async function copyFromContainer(ctx: CommandContext, report: Report, client: EngineClient, container: string, source: string, destination: string, followLink: boolean): Promise<number> {
  let srcPath = source;
  let rename: string | undefined;
  if (followLink) {
    const stat = await statContainerPath(client, container, srcPath);
    if (stat && isLinkMode(stat.mode)) {
      rename = splitPathDirEntry(srcPath).base;
      srcPath = isAbsolute(stat.linkTarget) ? stat.linkTarget : posix.join(splitPathDirEntry(srcPath).dir, stat.linkTarget);
    }
  }
  const res = await client.request('GET', `/containers/${encodeURIComponent(container)}/archive`, { query: { path: srcPath } });
  if (destination === '-') {
    await pipeline(res, ctx.io.stdout, { end: false });
    return 0;
  }
  const stat = decodeStat(res.headers['x-docker-container-path-stat']);
  const dst = localDestination(localPath(destination));
  const plan = planCopy({ path: srcPath, isDir: isDirMode(stat.mode), ...(rename ? { rebaseName: rename } : {}) }, dst);
  let bytes = 0;
  async function* renamed(): AsyncGenerator<TarEntry> {
    for await (const entry of readTar(res as AsyncIterable<Buffer>)) {
      bytes += entry.header.size;
      const header = { ...entry.header, name: rebaseName(entry.header.name, plan.rename) };
      if (header.type === 'link') header.linkname = rebaseName(header.linkname, plan.rename);
      yield { header, body: entry.body };
    }
  }
  const tree = ContainerTree.open(realpathSync(plan.dir), []);
  try {
    // files land owned by whoever runs the copy, as with docker cp
    await extractEntries(tree, '/', renamed(), { noOverwriteDirNonDir: true, owner: { uid: process.getuid!(), gid: process.getgid!() }, where: plan.dir });
  } finally {
    tree.close();
  }
  report(`Successfully copied ${humanSize(bytes)} to ${destination}\n`);
  return 0;
}

async function copyToContainer(ctx: CommandContext, report: Report, client: EngineClient, source: string, container: string, destination: string, options: { followLink: boolean; copyUidGid: boolean }): Promise<number> {
  let dstPath = destination;
  let stat = await statContainerPath(client, container, dstPath);
  if (stat && isLinkMode(stat.mode)) {
    dstPath = isAbsolute(stat.linkTarget) ? stat.linkTarget : posix.join(splitPathDirEntry(dstPath).dir, stat.linkTarget);
    stat = await statContainerPath(client, container, dstPath);
  }
  if (stat && isSpecialMode(stat.mode)) throw new Error(`destination "${container}:${destination}" must be a directory or a regular file`);
  const dst: CopyDestination = { path: dstPath, exists: stat !== undefined, isDir: stat !== undefined && isDirMode(stat.mode) };
  const put = (dir: string, body: Readable) => client.request('PUT', `/containers/${encodeURIComponent(container)}/archive`, {
    query: { path: dir, noOverwriteDirNonDir: true, copyUIDGID: options.copyUidGid }, body, headers: { 'Content-Type': 'application/x-tar' },
  }).then((res) => res.resume());
  if (source === '-') {
    if (!dst.isDir) throw new Error(`destination "${container}:${destination}" must be a directory`);
    await put(dst.path, ctx.io.stdin);
    return 0;
  }
  const local = localPath(source);
  const tree = ContainerTree.open('/', []);
  try {
    const link = tree.resolve(local, false);
    const node = tree.resolve(local, options.followLink || assertsDirectory(local));
    if (!node.exists) throw new Error(`lstat ${local.replace(/\/\.?$/, '')}: no such file or directory`);
    const isDir = node.stats?.isDirectory() === true;
    if (assertsDirectory(local) && !isDir) throw new Error(`${local}: not a directory`);
    const rename = options.followLink && link.stats?.isSymbolicLink() ? splitPathDirEntry(local).base : undefined;
    const plan = planCopy({ path: local, isDir, ...(rename ? { rebaseName: rename } : {}) }, dst);
    const top = plan.rename ? plan.rename.to : rename ?? splitPathDirEntry(local).base;
    let bytes = 0;
    async function* counted() {
      for await (const entry of nodeEntries(tree, node, top)) {
        bytes += entry.header.size;
        yield entry;
      }
    }
    await put(plan.dir, Readable.from(tarStream(counted())));
    report(`Successfully copied ${humanSize(bytes)} to ${container}:${destination}\n`);
  } finally {
    tree.close();
  }
  return 0;
}

export async function runCp(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    archive: { type: 'boolean', short: 'a' }, 'follow-link': { type: 'boolean', short: 'L' }, quiet: { type: 'boolean', short: 'q' },
  }, usage, { min: 2, max: 2 });
  const source = splitArg(positionals[0]!);
  const destination = splitArg(positionals[1]!);
  if (source.container === undefined && destination.container === undefined) throw new UsageError('must specify at least one container source', usage);
  if (source.container !== undefined && destination.container !== undefined) throw new UsageError('copying between containers is not supported', usage);
  if ((source.container ?? destination.container) === '') throw new UsageError('container name cannot be empty', usage);
  const report: Report = values.quiet ? () => undefined : (line) => ctx.io.stderr.write(line);
  const client = await ctx.connect();
  if (source.container !== undefined) return copyFromContainer(ctx, report, client, source.container, source.path, destination.path, values['follow-link'] ?? false);
  return copyToContainer(ctx, report, client, source.path, destination.container!, destination.path, { followLink: values['follow-link'] ?? false, copyUidGid: values.archive ?? false });
}
