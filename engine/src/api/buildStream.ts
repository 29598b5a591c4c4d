// Runs one build for an API request and streams it as Docker's JSON messages (the classic
// builder's: `Step 1/5 : …`, the steps' output, ` ---> Using cache`, ` ---> <id>`, then the image
// ID or an errorDetail with the failing step's file:line, exit code and last lines). POST /build
// and Berth's POST /berth/v1/build both end up here. A client that goes away aborts the build:
// the builder stops its steps (containers killed and removed, snapshots dropped) and the caller
// removes the context it extracted. Every finished build is announced on /events as a `builder`
// event carrying the Dockerfile's path, which is what the editor's build history listens for.
import type { ServerResponse } from 'node:http';
import { BuildError, type BuildOptions, type BuildRequest, type BuildResult } from '../build/buildRequest';
import type { BuildRecord } from '../build/buildRecords';
import { DockerBuildStream, type DockerStreamItem } from '../build/dockerStream';
import { parseReference } from '../image/reference';
import type { EventLog } from './eventLog';
import { JsonMessageStream } from './jsonMessages';

/** What the build endpoints need of the Builder. */
export interface BuildRunner {
  build(request: BuildRequest, options: BuildOptions): Promise<BuildResult>;
  lastBuild(dockerfile: string): Promise<BuildRecord | undefined>;
}

export interface StreamBuildOptions {
  readonly quiet: boolean;
  readonly signal: AbortSignal;
  readonly events: EventLog;
}

function announce(events: EventLog, record: BuildRecord | undefined): void {
  if (!record) return;
  events.emit('builder', 'build', record.id, {
    dockerfile: record.dockerfile, status: record.status, ...(record.imageId ? { image: record.imageId } : {}),
  });
}

/**
 * Builds `request`, streaming progress on `res`, and closes its context. The `builder` event goes
 * out once everything the build made for itself is gone (a cancelled build's too), so a client
 * that waits for it finds no step container, snapshot or temporary context left.
 */
export async function streamBuild(runner: BuildRunner, res: ServerResponse, request: BuildRequest, options: StreamBuildOptions): Promise<void> {
  const stream = new JsonMessageStream(res);
  // quiet: the output is held back and sent only when the build fails (Docker's notVerboseBuffer)
  const held: DockerStreamItem[] = [];
  let holding = options.quiet;
  const docker = new DockerBuildStream((item) => (holding ? held.push(item) : stream.write(item)));
  stream.start();
  let outcome: { result: BuildResult } | { error: unknown };
  try {
    outcome = { result: await runner.build(request, { onEvent: (e) => docker.event(e), signal: options.signal }) };
  } catch (err) {
    outcome = { error: err };
  }
  await request.context.close().catch(() => undefined);
  if ('result' in outcome) {
    const { result } = outcome;
    // the build record's id before the image ID: a client reading `aux` as {ID} keeps the last one
    stream.write({ aux: { BuildId: result.record.id } });
    if (options.quiet) {
      stream.write({ aux: { ID: result.imageId } });
      stream.write({ stream: `${result.imageId}\n` });
    } else {
      docker.result(result);
    }
    stream.end();
    for (const tag of result.tags) options.events.emit('image', 'tag', result.imageId, { name: parseReference(tag).familiar() });
    announce(options.events, result.record);
    return;
  }
  const err = outcome.error;
  let record = err instanceof BuildError ? err.record : undefined;
  // a cancelled build surfaces the abort, not its record; the record was saved before that
  record ??= await runner.lastBuild(request.dockerfile.path).then((r) => (r?.status === 'cancelled' ? r : undefined), () => undefined);
  if (options.signal.aborted) {
    res.destroy(); // the client is gone: nobody reads the rest
  } else {
    if (record) stream.write({ aux: { BuildId: record.id } });
    for (const item of held) stream.write(item);
    holding = false;
    docker.error(err);
    stream.end();
  }
  announce(options.events, record);
}
