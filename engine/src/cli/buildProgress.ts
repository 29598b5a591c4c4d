// Shows a build's JSON stream as the docker CLI shows the classic builder's: step lines and the
// steps' output as they come (so a long RUN is watched live), base image pulls as one line per
// status change, warnings, and at the end the image ID. It collects what the command needs after
// the stream: the image ID, the build record's id (berthd's) and the failure, when there is one.
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { readJsonMessages } from './readJsonMessages';

export interface BuildFailureReport {
  readonly message: string;
  /** The failing command's exit code (docker build exits with it too). */
  readonly code?: number;
}

export interface BuildOutcome {
  readonly imageId?: string;
  /** The engine's build record (berthd only). */
  readonly buildId?: string;
  readonly failure?: BuildFailureReport;
  /** What the stream printed, in order (quiet builds print only the ID; this keeps the rest). */
  readonly text: string;
}

export async function showBuildProgress(res: IncomingMessage, out: Writable, quiet: boolean): Promise<BuildOutcome> {
  let imageId: string | undefined;
  let buildId: string | undefined;
  let failure: BuildFailureReport | undefined;
  let text = '';
  const pulls = new Map<string, string>();
  for await (const m of readJsonMessages(res)) {
    if (m.errorDetail !== undefined || m.error !== undefined) {
      failure = { message: m.errorDetail?.message ?? m.error ?? 'unknown error', ...(m.errorDetail?.code ? { code: m.errorDetail.code } : {}) };
      continue;
    }
    const aux = m.aux as { ID?: unknown; BuildId?: unknown } | undefined;
    if (typeof aux?.ID === 'string') imageId = aux.ID;
    if (typeof aux?.BuildId === 'string') buildId = aux.BuildId;
    let line = '';
    if (m.stream !== undefined) line = m.stream;
    else if (m.status) {
      const key = m.id ?? '';
      const status = m.id ? `${m.id}: ${m.status}` : m.status;
      // no bars: a line per status change, not per byte count
      if (pulls.get(key) !== status) line = `${status}\n`;
      pulls.set(key, status);
    }
    text += line;
    if (!quiet && line) out.write(line);
  }
  return { text, ...(imageId ? { imageId } : {}), ...(buildId ? { buildId } : {}), ...(failure ? { failure } : {}) };
}
