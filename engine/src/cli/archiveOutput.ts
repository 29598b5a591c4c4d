// Where `berth save` and `berth export` put the archive the engine streams: stdout, or a file
// written beside its target and renamed, so a failed transfer never leaves a truncated archive.
import { createWriteStream, promises as fsp } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Copies the response to `output` (a path) or, without one, to `stdout`; `verb` names the command in errors. */
export async function writeArchiveOutput(res: IncomingMessage, output: string | undefined, stdout: Writable, verb: string): Promise<void> {
  if (output === undefined) {
    await pipeline(res, stdout, { end: false });
    return;
  }
  const temp = `${output}.berth-partial`;
  try {
    await pipeline(res, createWriteStream(temp));
    if (!res.complete) throw new Error(`${verb}: the engine ended the archive early; ${output} was not written`);
    await fsp.rename(temp, output);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
}
