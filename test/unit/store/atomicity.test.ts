// Kill a writer with SIGKILL in the middle of its work, then check that the store still loads,
// that verify names what the crash left, and that GC cleans it so verify finds nothing.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isNotFound } from '../../../engine/src/image/berthError';
import { digestOf } from '../../../engine/src/image/digest';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import { collectGarbage } from '../../../engine/src/store/gc';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { Leases } from '../../../engine/src/store/leases';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import type { StoreParts } from '../../../engine/src/store/storeParts';
import { verifyStore } from '../../../engine/src/store/verify';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

/** Runs the fixture, waits for its "ready" line, kills it with SIGKILL and waits for it to die. */
async function killMidway(mode: 'ingest' | 'unpack', root: string): Promise<void> {
  const child = spawn(process.execPath, [join(__dirname, '../../fixtures/interruptedWriter.js'), mode, root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line === 'ready' && resolve());
    void exited.then(() => reject(new Error(`writer exited before it was ready: ${stderr}`)));
  });
  await ready;
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}

describe('crash safety', () => {
  let dir: string;
  let parts: () => Promise<StoreParts>;
  beforeEach(() => {
    requireRoot();
    dir = scratchDir('crash');
    const root = join(dir, 'content');
    parts = async () => ({ content: await OciLayoutStore.open(root), images: new LayoutImageStore(root), snapshotters: [await OverlaySnapshotter.open(join(dir, 'overlay'))], leases: new Leases() });
  });
  afterEach(() => removeScratch(dir));

  it('a writer killed mid-ingest leaves no blob, only an ingest that verify reports and GC removes', async () => {
    await (await parts()).content; // create the layout first
    await killMidway('ingest', join(dir, 'content'));
    const p = await parts();
    const ingests = await p.content.listIngests();
    assert.deepEqual(ingests.map((i) => [i.ref, i.offset]), [['interrupted-ingest', 4 << 20]]);
    assert.deepEqual(await p.content.listBlobs(), []);
    assert.match((await verifyStore(p)).map((x) => x.message).join('\n'), /interrupted write \(4194304 bytes\)/);
    const report = await collectGarbage(p);
    assert.deepEqual(report.removedIngests, ['interrupted-ingest']);
    assert.deepEqual(await verifyStore(p), []);
    const writer = await p.content.openWriter('interrupted-ingest');
    await writer.abort();
  });

  it('an unpack killed mid-layer leaves no committed snapshot, only an extraction that verify reports and GC removes', async () => {
    await parts();
    await killMidway('unpack', join(dir, 'overlay'));
    const p = await parts();
    const sn = p.snapshotters[0]!;
    await assert.rejects(sn.stat(digestOf('interrupted')), (err) => isNotFound(err));
    const left = await sn.list();
    assert.equal(left.length, 1);
    assert.match(left[0]!.name, /^extract-/);
    assert.match((await verifyStore(p)).map((x) => `${x.object}: ${x.message}`).join('\n'), /snapshot extract-.*: interrupted layer extraction/);
    const report = await collectGarbage(p);
    assert.equal(report.removedSnapshots.length, 1);
    assert.deepEqual(await verifyStore(p), []);
    assert.deepEqual(readdirSync(join(dir, 'overlay/snapshots')), []);
    assert.deepEqual(readdirSync(join(dir, 'overlay/trash')), []);
  });
});
