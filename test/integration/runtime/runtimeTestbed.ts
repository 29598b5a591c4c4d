// A Runtime over a scratch data root, an overlay snapshotter and the busybox image, with its own
// cgroup parent (so checks see only its containers), the events and log lines it produced, and the
// leak check every suite ends with: no mount, cgroup, conmon, runtime state or directory left.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fsp, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Image } from '../../../engine/src/image/image';
import { cgroupDirs, detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import type { ContainerRecord } from '../../../engine/src/runtime/containerRecord';
import type { CreateOptions } from '../../../engine/src/runtime/createOptions';
import type { RuntimeName } from '../../../engine/src/runtime/ociRuntime';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { Runtime, type RuntimeOptions } from '../../../engine/src/runtime/runtime';
import type { ContainerEvent } from '../../../engine/src/runtime/runtimeContext';
import { CopySnapshotter } from '../../../engine/src/snapshot/copySnapshotter';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import type { RecordedSnapshotter } from '../../../engine/src/snapshot/recordedSnapshotter';
import { busyboxImage } from '../../fixtures/busyboxImage';
import { removeScratch, requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';
import { makeUsable, removeCgroupParent, runtimesUnderTest, type RuntimeFixup } from './runtimesUnderTest';

export function requireRuntimeTools(): void {
  requireRoot();
  requireTool('conmon', 'conmon');
  requireTool('crun', 'crun');
  requireTool('runc', 'runc');
  requireTool('busybox', 'busybox-static');
  requireTool('tini-static', 'tini');
  requireTool('ps', 'procps');
}

export interface RunOutput {
  readonly statusCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly record: ContainerRecord;
}

export class Testbed {
  readonly events: ContainerEvent[] = [];
  readonly logs: string[] = [];
  private readonly eventWaiters = new Set<() => void>();
  runtime!: Runtime;

  private constructor(readonly dir: string, readonly runtimeName: RuntimeName, readonly cgroupParent: string, readonly image: Image, public snapshotter: RecordedSnapshotter) {}

  static async open(runtimeName: RuntimeName, extra: Partial<RuntimeOptions> = {}, snapshotterKind: 'overlay' | 'copy' = 'overlay'): Promise<Testbed> {
    requireRuntimeTools();
    const dir = scratchDir('runtime');
    const snapshotter = await openSnapshotter(snapshotterKind, join(dir, 'snapshots'));
    const tb = new Testbed(dir, runtimeName, `/berth-test-${randomBytes(4).toString('hex')}`, await busyboxImage(), snapshotter);
    await tb.reopen(extra);
    return tb;
  }

  get root(): string {
    return join(this.dir, 'root');
  }

  get runRoot(): string {
    return join(this.dir, 'run');
  }

  get snapshotDir(): string {
    return join(this.dir, 'snapshots');
  }

  /** Opens a (new) Runtime over the same data, as a restarted berthd would (`fresh`: the snapshots' records too). */
  async reopen(extra: Partial<RuntimeOptions> = {}, fresh = false): Promise<Runtime> {
    if (fresh) this.snapshotter = await openSnapshotter(this.snapshotter.kind as 'overlay' | 'copy', this.snapshotDir);
    await (this.runtime as Runtime | undefined)?.close(); // one daemon per data root
    this.runtime = await Runtime.open({
      root: this.root, runRoot: this.runRoot, snapshotter: this.snapshotter, cgroupParent: this.cgroupParent, runtime: this.runtimeName,
      log: (line) => this.logs.push(line),
      onEvent: (e) => {
        this.events.push(e);
        for (const w of [...this.eventWaiters]) w();
      },
      ...extra,
    });
    return this.runtime;
  }

  /** Resolves when `count` events with `action` were seen for container `id` (counting past ones). */
  waitForEvent(id: string, action: string, count = 1): Promise<void> {
    const seen = () => this.events.filter((e) => e.id === id && e.action === action).length >= count;
    if (seen()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!seen()) return;
        this.eventWaiters.delete(check);
        resolve();
      };
      this.eventWaiters.add(check);
    });
  }

  create(options: Partial<CreateOptions> = {}): Promise<ContainerRecord> {
    return this.runtime.create({ image: { reference: 'busybox', image: this.image }, network: { mode: { kind: 'none' } }, ...options });
  }

  /** create, attach (before start), start, wait, remove: what `docker run --rm` does. */
  async run(options: Partial<CreateOptions>, keep = false): Promise<RunOutput> {
    const c = await this.create(options);
    const attachment = await this.runtime.io.attach(c.id, { stdout: true, stderr: true });
    const out = { stdout: '', stderr: '' };
    attachment.output.on('data', (f: { stream: 'stdout' | 'stderr'; data: Buffer }) => { out[f.stream] += f.data.toString(); });
    const ended = new Promise((resolve) => attachment.output.on('end', resolve));
    await this.runtime.start(c.id);
    const { statusCode } = await this.runtime.wait(c.id);
    await ended;
    const record = this.runtime.inspect(c.id);
    if (!keep) await this.runtime.remove(c.id);
    return { statusCode, ...out, record };
  }

  /** Runs a command to completion and returns its stdout (asserting exit status 0). */
  async output(cmd: readonly string[], options: Partial<CreateOptions> = {}): Promise<string> {
    const r = await this.run({ cmd, ...options });
    assert.equal(r.statusCode, 0, `${cmd.join(' ')} exited ${r.statusCode}: ${r.stderr}`);
    return r.stdout;
  }

  /** Removes every container, then checks nothing is left behind. */
  async assertClean(): Promise<void> {
    for (const c of this.runtime.list({ all: true })) await this.runtime.remove(c.id, { force: true });
    await assertNoLeaks(this);
  }

  async close(): Promise<void> {
    try {
      await this.assertClean();
    } finally {
      await this.runtime.close();
      await removeCgroupParent(this.cgroupParent);
      if (!mountPoints().some((p) => p.startsWith(this.dir))) removeScratch(this.dir);
    }
  }
}

function openSnapshotter(kind: 'overlay' | 'copy', dir: string): Promise<RecordedSnapshotter> {
  return kind === 'overlay' ? OverlaySnapshotter.open(dir) : CopySnapshotter.open(dir);
}

function livePidsMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) found.push(pid);
    } catch {
      // gone
    }
  }
  return found;
}

export async function assertNoLeaks(tb: Testbed): Promise<void> {
  assert.deepEqual(mountPoints().filter((p) => p.startsWith(tb.dir)), [], 'no mount left under the data root');
  const layout = detectCgroupLayout();
  const leftCgroups = cgroupDirs(layout, tb.cgroupParent).flatMap((d) => {
    try {
      return readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name));
    } catch {
      return [];
    }
  });
  assert.deepEqual(leftCgroups, [], 'no container cgroup left');
  assert.deepEqual(livePidsMentioning(tb.root), [], 'no conmon (or anything else) running for the data root');
  assert.deepEqual(await fsp.readdir(join(tb.root, 'containers')), [], 'no container directory left');
  assert.deepEqual(await fsp.readdir(join(tb.runRoot, 'exits')), [], 'no exit file left');
  for (const name of ['crun', 'runc']) {
    const states = await fsp.readdir(join(tb.runRoot, name)).catch(() => []);
    assert.deepEqual(states, [], `no ${name} state left`);
  }
  const active = (await tb.snapshotter.list()).filter((s) => s.kind !== 'committed');
  assert.deepEqual(active.map((s) => s.name), [], 'no container snapshot left');
}

/** A suite run once per runtime, each over its own testbed that must end clean. */
export function describeEachRuntime(title: string, suite: (bed: () => Testbed) => void, names: readonly RuntimeName[] = runtimesUnderTest): void {
  for (const name of names) {
    describe(`${title} (${name})`, function () {
      let tb: Testbed | undefined;
      let fixup: RuntimeFixup | undefined;
      before(async () => {
        fixup = await makeUsable(name);
        tb = await Testbed.open(name);
      });
      after(async () => {
        try {
          await tb?.close();
        } finally {
          await fixup?.undo();
        }
      });
      suite(() => tb!);
    });
  }
}
