// `berth save`, `berth load` and `berth import`: archives stream between the engine and a file
// (or stdin/stdout). Import takes a root filesystem tar, or a directory, which is turned into a
// tar here with the layer module (owners, modes, xattrs and hard links kept).
import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { createLayer } from '../layer/createLayer';
import { parseReference, referenceError } from '../image/reference';
import { writeArchiveOutput } from './archiveOutput';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { showProgress } from './progressView';

export async function runSave(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth save [OPTIONS] IMAGE [IMAGE...]';
  const { values, positionals } = parseCommand(argv, { output: { type: 'string', short: 'o' }, platform: { type: 'string' } }, usage, { min: 1 });
  if (values.output === undefined && ctx.io.stdout.isTTY) throw new UsageError('cowardly refusing to save to a terminal. Use the -o flag or redirect', usage);
  const client = await ctx.connect();
  const res = await client.request('GET', '/images/get', { query: { names: positionals, platform: values.platform } });
  await writeArchiveOutput(res, values.output, ctx.io.stdout, 'save');
  return 0;
}

export async function runLoad(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth load [OPTIONS]';
  const { values } = parseCommand(argv, { input: { type: 'string', short: 'i' }, quiet: { type: 'boolean', short: 'q' } }, usage, { max: 0 });
  if (values.input === undefined && ctx.io.stdin.isTTY) throw new UsageError('requested load from stdin, but stdin is empty; use -i FILE or redirect an archive', usage);
  const body: Readable = values.input === undefined ? ctx.io.stdin : createReadStream(values.input);
  const client = await ctx.connect();
  const res = await client.request('POST', '/images/load', { query: { quiet: values.quiet ?? !ctx.io.stdout.isTTY }, body, headers: { 'Content-Type': 'application/x-tar' } });
  await showProgress(res, ctx.io.stdout);
  return 0;
}

async function importSource(source: string, ctx: CommandContext): Promise<Readable> {
  if (source === '-') return ctx.io.stdin;
  const stat = await fsp.stat(source).catch(() => undefined);
  if (!stat) throw new Error(`import: ${source}: no such file or directory`);
  if (!stat.isDirectory()) return createReadStream(source);
  const layer = createLayer(source, { compression: 'gzip' });
  layer.done.catch(() => undefined);
  return layer.stream;
}

export async function runImport(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth import [OPTIONS] FILE|DIRECTORY|- [REPOSITORY[:TAG]]';
  const { values, positionals } = parseCommand(argv, {
    change: { type: 'string', short: 'c', multiple: true },
    message: { type: 'string', short: 'm' },
    platform: { type: 'string' },
  }, usage, { min: 1, max: 2 });
  const target = positionals[1];
  if (target !== undefined && referenceError(target) !== undefined) throw new UsageError(`invalid reference "${target}": ${referenceError(target)}`, usage);
  const ref = target === undefined ? undefined : parseReference(target);
  const body = await importSource(positionals[0]!, ctx);
  const client = await ctx.connect();
  const res = await client.request('POST', '/images/create', {
    query: { fromSrc: '-', repo: ref?.name, tag: ref?.tag, message: values.message, changes: values.change ?? [], platform: values.platform },
    body, headers: { 'Content-Type': 'application/x-tar' },
  });
  const { messages } = await showProgress(res, ctx.io.stdout, { quiet: true });
  const id = messages.map((m) => m.status).filter((s): s is string => s !== undefined && s.startsWith('sha256:')).pop();
  if (id) ctx.io.stdout.write(`${id}\n`);
  return 0;
}
