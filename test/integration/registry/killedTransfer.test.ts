// kill -9 in the middle of a pull or push (a child process doing the transfer, killed when it
// reports a chosen progress event): the store still loads, the only leftovers are interrupted
// ingests and extractions that `berth system check` names and GC removes, and the repeated
// transfer completes, reusing every blob that was committed before the kill.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { digestOf } from '../../../engine/src/image/digest';
import { validateImage } from '../../../engine/src/image/validateImage';
import type { ProgressEvent } from '../../../engine/src/registry/progress';
import { pullImage } from '../../../engine/src/registry/pull';
import { pushImage } from '../../../engine/src/registry/push';
import { collectGarbage } from '../../../engine/src/store/gc';
import { imageFromStore } from '../../../engine/src/store/storeImage';
import { verifyStore } from '../../../engine/src/store/verify';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { storeDirImage } from '../../fixtures/registry/storeDirImage';
import { openTestStore } from '../../fixtures/registry/testStore';
import { removeScratch, requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';

const child = join(__dirname, '..', '..', 'fixtures', 'registry', 'transferChild.js');

/** Runs the transfer child and SIGKILLs it at the first event `when` accepts. */
function killAt(args: string[], when: (e: ProgressEvent) => boolean): Promise<{ killedAt?: ProgressEvent; seen: ProgressEvent[] }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const seen: ProgressEvent[] = [];
    let killedAt: ProgressEvent | undefined;
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as ProgressEvent;
      seen.push(event);
      if (killedAt === undefined && when(event)) {
        killedAt = event;
        proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killedAt) resolve({ killedAt, seen });
      else reject(new Error(`the transfer ended (${code ?? signal}) before the kill point was reached; last events: ${JSON.stringify(seen.slice(-3))}\n${stderr}`));
    });
  });
}

async function assertOnlyLeftovers(storeDir: string): Promise<void> {
  const parts = await openTestStore(storeDir); // the store loads
  const problems = await verifyStore(parts);
  // an extraction's snapshot killed before its record was written is a directory without one (the
  // record is written last for that reason); GC removes those too
  const interrupted = (p: { object: string; message: string }) =>
    p.object.startsWith('ingest ') || /^snapshot extract-/.test(p.object) || p.message.endsWith('has no record (an interrupted create)');
  const broken = problems.filter((p) => !interrupted(p));
  assert.deepEqual(broken.map((p) => `${p.object}: ${p.message}`), [], 'nothing but interrupted writes and extractions');
  assert.deepEqual((await parts.images.list()).map((r) => r.name), [], 'no name for a pull that did not finish');
}

describe('a transfer killed with SIGKILL', function () {
  this.timeout(300_000);
  let dir: string;
  let registry: DockerRegistry;
  let ref: string;
  let digest: string;
  before(async () => {
    requireRoot();
    requireTool('skopeo', 'skopeo');
    dir = scratchDir('killed');
    registry = await startDockerRegistry(join(dir, 'registry'));
    // a small layer and a 96 MiB one, uncompressed so extraction writes as much as it reads
    for (const [name, mib] of [['small', 1], ['big', 96]] as const) {
      mkdirSync(join(dir, 'trees', name), { recursive: true });
      const fd = openSync(join(dir, 'trees', name, `${name}.bin`), 'w');
      for (let i = 0; i < mib; i++) writeSync(fd, randomBytes(1 << 20));
      closeSync(fd);
    }
    const src = await openTestStore(join(dir, 'src'));
    ref = `${registry.host}/killed/app:1`;
    digest = (await storeDirImage(src, ref, [join(dir, 'trees', 'small'), join(dir, 'trees', 'big')], 'none')).digest;
    await pushImage(ref, { store: src });
  });
  after(async () => {
    await registry?.stop();
    removeScratch(dir);
  });

  const pullKillPoints: [string, (e: ProgressEvent) => boolean][] = [
    ['while downloading', (e) => e.status === 'Downloading' && (e.progressDetail?.current ?? 0) > 0 && e.progressDetail!.current! < (e.progressDetail!.total ?? 0) && (e.progressDetail!.total ?? 0) > 50 << 20],
    ['between download and extraction', (e) => e.status === 'Download complete'],
    ['while extracting', (e) => e.status === 'Extracting' && (e.progressDetail?.total ?? 0) > 50 << 20],
  ];
  for (const [when, predicate] of pullKillPoints) {
    it(`pull killed ${when}: only leftovers; the repeated pull completes and reuses committed blobs`, async () => {
      const storeDir = join(dir, `pull-${when.replace(/\W+/g, '-')}`);
      const { seen } = await killAt(['pull', storeDir, ref], predicate);
      await assertOnlyLeftovers(storeDir);
      const committedBefore = seen.filter((e) => e.status === 'Download complete').map((e) => e.id);
      const parts = await openTestStore(storeDir);
      const events: ProgressEvent[] = [];
      const result = await pullImage(ref, { store: parts, snapshotter: parts.snapshotter, onProgress: (e) => events.push(e) });
      assert.equal(result.descriptor.digest, digest);
      const reused = events.filter((e) => e.status === 'Already exists').map((e) => e.id);
      for (const id of committedBefore) assert.ok(reused.includes(id), `layer ${id} committed before the kill is not downloaded again`);
      await collectGarbage(parts); // what a restarted daemon does: nothing holds the dead pull's leases
      assert.deepEqual((await verifyStore(parts)).map((p) => p.object), []);
      await validateImage(imageFromStore(parts.content, result.manifest));
      for (const chainId of result.chainIds) assert.equal((await parts.snapshotter.stat(chainId)).kind, 'committed');
    });
  }

  it('pull killed, then GC: the store is clean before the pull is repeated', async () => {
    const storeDir = join(dir, 'pull-gc');
    await killAt(['pull', storeDir, ref], pullKillPoints[0]![1]);
    const parts = await openTestStore(storeDir);
    await collectGarbage(parts);
    assert.deepEqual(await verifyStore(parts), []);
    assert.deepEqual(await parts.content.listIngests(), []);
    await pullImage(ref, { store: parts, snapshotter: parts.snapshotter });
    assert.deepEqual(await verifyStore(parts), []);
  });

  it('push killed mid-upload: the store is untouched and the repeated push completes', async () => {
    const storeDir = join(dir, 'src');
    const parts = await openTestStore(storeDir);
    const target = `${registry.host}/killed/pushed:1`;
    // only the new name: no other repository to mount from, so the bytes really travel
    await parts.images.set(target, (await parts.images.get(ref)).target);
    await parts.images.delete(ref);
    await killAt(['push', storeDir, target], (e) => e.status === 'Pushing' && (e.progressDetail?.current ?? 0) > 0 && (e.progressDetail?.total ?? 0) > 50 << 20);
    assert.deepEqual((await verifyStore(parts)).map((p) => p.object), [], 'a push only reads the store');
    await pushImage(target, { store: parts });
    const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${target}`]);
    assert.equal(digestOf(raw), digest);
  });
});
