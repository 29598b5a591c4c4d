// Build progress as the Docker Engine API streams it for the classic builder (what `docker build`
// with DOCKER_BUILDKIT=0 prints): `{"stream":"Step 1/5 : FROM busybox\n"}`, `{"stream":" ---> Using
// cache\n"}`, the step's output, `{"stream":" ---> <id>\n"}` (the step's cache key: Berth keeps no
// intermediate images; the last step's is the image's ID), pull progress as-is, then
// `{"aux":{"ID":"sha256:…"}}` and "Successfully built/tagged", or `{"errorDetail":…,"error":…}`.
// The API slice writes these items one per line; the CLI can render the same events its own way.
import { BerthError } from '../image/berthError';
import { parseReference } from '../image/reference';
import type { BuildEvent, BuildResult } from './buildRequest';
import { BuildError } from './buildRequest';

/** One item of Docker's JSON message stream (pkg/jsonmessage). */
export interface DockerStreamItem {
  readonly stream?: string;
  readonly status?: string;
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly aux?: unknown;
  readonly error?: string;
  readonly errorDetail?: { readonly message: string; readonly code?: number };
}

/** The 12 hex digits Docker shows for an ID. */
function short(id: string): string {
  return id.slice(id.indexOf(':') + 1, id.indexOf(':') + 13);
}

export class DockerBuildStream {
  private partial = '';
  /** The step whose events are written as they come: progress reads in step order, as the classic builder's. */
  private next = 1;
  /** Events of later steps (independent stages run in parallel), written when their turn comes. */
  private readonly held = new Map<number, BuildEvent[]>();
  /** The last step's key, whose ` ---> ` line waits for the image ID. */
  private lastStepKey: string | undefined;

  constructor(private readonly write: (item: DockerStreamItem) => void) {}

  event(e: BuildEvent): void {
    if (e.type === 'pull' || e.type === 'warning' || e.step.index <= this.next) {
      this.render(e);
      if (e.type === 'step-done' && e.step.index === this.next) this.advance();
      return;
    }
    const events = this.held.get(e.step.index) ?? [];
    events.push(e);
    this.held.set(e.step.index, events);
  }

  /** The next step's turn: what it already printed, and on while its steps are already done. */
  private advance(): void {
    for (;;) {
      this.next++;
      const events = this.held.get(this.next);
      if (!events) return;
      this.held.delete(this.next);
      for (const e of events) this.render(e);
      if (!events.some((e) => e.type === 'step-done')) return;
    }
  }

  /** At the end (a failure stops the others), whatever is still held, in step order. */
  private flush(): void {
    for (const index of [...this.held.keys()].sort((a, b) => a - b)) for (const e of this.held.get(index)!) this.render(e);
    this.held.clear();
  }

  private render(e: BuildEvent): void {
    switch (e.type) {
      case 'step-start':
        this.write({ stream: `Step ${e.step.index}/${e.step.total} : ${e.step.text}\n` });
        break;
      case 'step-output': {
        // whole lines, as the classic builder forwards a container's output
        const text = this.partial + e.text;
        const end = text.lastIndexOf('\n');
        this.partial = end < 0 ? text : text.slice(end + 1);
        if (end >= 0) this.write({ stream: text.slice(0, end + 1) });
        break;
      }
      case 'step-done':
        if (this.partial) {
          this.write({ stream: `${this.partial}\n` });
          this.partial = '';
        }
        if (e.record.cached && e.record.instruction !== 'FROM') this.write({ stream: ' ---> Using cache\n' });
        // the last step's ID is the image's, as with the classic builder (whose last step's image
        // is the result); it is known once the image is written
        if (e.step.index === e.step.total) this.lastStepKey = e.record.key;
        else this.write({ stream: ` ---> ${short(e.record.key)}\n` });
        break;
      case 'pull':
        this.write({ status: e.progress.status, ...(e.progress.id ? { id: e.progress.id } : {}), ...(e.progress.progressDetail ? { progressDetail: e.progress.progressDetail } : {}) });
        break;
      case 'warning':
        this.write({ stream: `[WARNING]: ${e.file && e.line !== undefined ? `${e.file}:${e.line + 1}: ` : ''}${e.message}\n` });
        break;
    }
  }

  result(result: BuildResult): void {
    this.flush();
    if (this.lastStepKey !== undefined) this.write({ stream: ` ---> ${short(result.imageId)}\n` });
    this.lastStepKey = undefined;
    this.write({ aux: { ID: result.imageId } });
    this.write({ stream: `Successfully built ${short(result.imageId)}\n` });
    for (const tag of result.tags) this.write({ stream: `Successfully tagged ${parseReference(tag).familiar()}\n` });
  }

  error(err: unknown): void {
    this.flush();
    if (this.lastStepKey !== undefined) this.write({ stream: ` ---> ${short(this.lastStepKey)}\n` });
    this.lastStepKey = undefined;
    const message = err instanceof Error ? err.message : String(err);
    const lines = err instanceof BuildError && err.failure.lastLines?.length ? `\n${err.failure.lastLines.join('\n')}` : '';
    const code = err instanceof BuildError && err.failure.exitCode !== undefined ? err.failure.exitCode : err instanceof BerthError ? 1 : undefined;
    this.write({ errorDetail: { message: message + lines, ...(code !== undefined ? { code } : {}) }, error: message + lines });
  }
}
