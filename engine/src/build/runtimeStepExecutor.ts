// RUN steps in containers of the engine's runtime (runtime/: conmon + crun or runc): the step's
// image is created as a container with the command as its entrypoint-free command line, attached
// before it starts (no output is lost), started, waited for; its writable snapshot is handed back
// to the builder, which diffs and commits it before release() removes the container. An aborted
// build kills the process; the container goes with release().
import { randomBytes } from 'node:crypto';
import { isNotFound } from '../image/berthError';
import type { MountRequest, NetworkOptions } from '../runtime/createOptions';
import type { Runtime } from '../runtime/runtime';
import type { RunStepExecutor, RunStepRequest, RunStepResult } from './stepRunner';

function networkOf(request: RunStepRequest): NetworkOptions {
  if (request.network === 'none') return { mode: { kind: 'none' } };
  if (request.network === 'host') return { mode: { kind: 'host' } };
  return { mode: { kind: 'bridge', networks: [{ network: 'bridge' }] } };
}

function mountsOf(request: RunStepRequest): MountRequest[] {
  return request.mounts.map((m) =>
    m.kind === 'tmpfs'
      ? { type: 'tmpfs', target: m.target, ...(m.sizeBytes !== undefined ? { sizeBytes: m.sizeBytes } : {}) }
      : { type: 'bind', source: m.source, target: m.target, readOnly: m.readOnly },
  );
}

const stepLabel = 'berth.build.step';

export class RuntimeStepExecutor implements RunStepExecutor {
  constructor(private readonly runtime: Runtime) {}

  /** Removes step containers a crash left behind (the runtime keeps records across restarts); returns how many. */
  async removeLeftovers(): Promise<number> {
    const left = this.runtime.list({ all: true, filters: { label: [`${stepLabel}=true`] } });
    for (const c of left) await this.runtime.remove(c.id, { force: true }).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    return left.length;
  }

  async run(request: RunStepRequest): Promise<RunStepResult> {
    const { signal } = request;
    signal?.throwIfAborted();
    const container = await this.runtime.create({
      name: `build-${randomBytes(6).toString('hex')}`,
      image: { reference: 'berth build step', image: request.image },
      entrypoint: [''],
      cmd: request.args,
      env: request.env,
      user: request.user,
      workingDir: request.workdir,
      network: networkOf(request),
      mounts: mountsOf(request),
      labels: { [stepLabel]: 'true' },
      // every other step runs under the default seccomp profile, as in BuildKit
      ...(request.insecure ? { capAdd: ['ALL'], securityOpt: ['seccomp=unconfined'] } : {}),
    }, signal);
    const release = async () => {
      await this.runtime.remove(container.id, { force: true }).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    };
    let started: Promise<unknown> = Promise.resolve();
    // output can arrive before start() returns (the process runs first, the record is saved after):
    // an abort in between kills once the container counts as running
    const kill = () => void started.then(() => this.runtime.kill(container.id)).catch(() => undefined);
    try {
      const attachment = await this.runtime.io.attach(container.id, { stdout: true, stderr: true });
      const ended = new Promise<void>((resolve) => {
        attachment.output.on('data', (f: { stream: 'stdout' | 'stderr'; data: Buffer }) => request.output(f.stream, f.data));
        attachment.output.once('end', resolve);
        attachment.output.once('error', () => resolve());
      });
      started = this.runtime.start(container.id);
      signal?.addEventListener('abort', kill, { once: true });
      if (signal?.aborted) kill();
      await started;
      const { statusCode } = await this.runtime.wait(container.id, 'not-running');
      await ended;
      signal?.throwIfAborted();
      return { exitCode: statusCode, snapshotKey: this.runtime.inspect(container.id).snapshotKey, release };
    } catch (err) {
      await release();
      throw err;
    } finally {
      signal?.removeEventListener('abort', kill);
    }
  }
}
