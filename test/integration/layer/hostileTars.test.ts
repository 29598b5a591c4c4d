// The hostile corpus (test/fixtures/hostileTars.ts), applied through the real unpack path of both
// snapshotters: each case must be refused with its error, leave the snapshot store exactly as it
// was (no half-applied snapshot), and leave everything outside untouched: the scratch directory
// around the store and the host's own /etc.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync, chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { digestOf, type Digest } from '../../../engine/src/image/digest';
import { CopySnapshotter } from '../../../engine/src/snapshot/copySnapshotter';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import type { Snapshotter } from '../../../engine/src/snapshot/snapshotter';
import { unpackLayer } from '../../../engine/src/snapshot/unpack';
import { craftTar } from '../../fixtures/craftTar';
import { containedCases, hostileCases, hostileTar, type HostileCase } from '../../fixtures/hostileTars';
import { bytesStream, removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';
import { listTree } from '../../fixtures/treeListing';

const hostPaths = ['/etc/passwd', '/etc/shadow', '/etc/hosts', '/etc/group'];
const mustNotExist = ['/etc/unbroken', '/etc/emptied', '/breakout', '/upandout', '/downandout', '/localetc', '/victim', '/sda', '/etc/x'];

function hostState(): string[] {
  return hostPaths.filter(existsSync).map((p) => {
    const st = lstatSync(p);
    return `${p} ${st.mode} ${st.uid}:${st.gid} ${st.mtimeMs} ${st.nlink} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
  });
}

function prepareOutside(scratch: string): string {
  const outside = join(scratch, 'outside');
  mkdirSync(join(outside, 'victim'), { recursive: true });
  writeFileSync(join(outside, 'victim/hello'), 'hello');
  writeFileSync(join(outside, 'perm400'), '...');
  chmodSync(join(outside, 'perm400'), 0o400);
  writeFileSync(join(outside, 'also-exists-outside-root'), '...');
  chmodSync(join(outside, 'also-exists-outside-root'), 0o640);
  symlinkSync(join(outside, 'victim'), join(outside, 'victim-link'));
  return outside;
}

for (const [kind, open] of [['copy', CopySnapshotter.open], ['overlay', OverlaySnapshotter.open]] as const) {
  describe(`hostile layers (${kind} snapshotter)`, () => {
    let scratch: string;
    let outside: string;
    let snapshotter: Snapshotter;
    let baseCount = 0;
    before(async () => {
      requireRoot();
      scratch = scratchDir(`hostile-${kind}`);
      outside = prepareOutside(scratch);
      snapshotter = await open(join(scratch, 'snapshots'));
    });
    after(() => removeScratch(scratch));

    async function withBase(c: Omit<HostileCase, 'error'>): Promise<Digest | undefined> {
      if (!c.base) return undefined;
      const tar = await craftTar(c.base);
      const chainId = digestOf(`base ${baseCount++} ${c.name}`);
      await unpackLayer(snapshotter, { chainId, diffId: digestOf(tar), open: async () => bytesStream(tar) });
      return chainId;
    }

    async function apply(c: Omit<HostileCase, 'error'>, parent: Digest | undefined) {
      const bytes = await hostileTar(c, outside);
      const diffId = c.wrongDiffId ? digestOf('not this layer') : digestOf(bytes);
      return unpackLayer(snapshotter, { chainId: digestOf(`case ${c.name}`), ...(parent ? { parent } : {}), diffId, open: async () => bytesStream(bytes) });
    }

    it(`has at least 25 hostile cases, each naming the test it ports`, () => {
      assert.ok(hostileCases.length >= 25, `${hostileCases.length} cases`);
      for (const c of hostileCases) assert.match(c.ports, /^(containerd|moby|Berth)/);
    });

    for (const c of hostileCases) {
      it(`refuses: ${c.name} (${c.ports})`, async () => {
        const parent = await withBase(c);
        const snapshotsBefore = (await snapshotter.list()).map((s) => s.name).sort();
        const treeBefore = listTree(scratch, { ignoreDirMtimes: true });
        const hostBefore = hostState();
        await assert.rejects(apply(c, parent), (err: Error) => {
          assert.match(err.message, c.error);
          return true;
        });
        assert.deepEqual((await snapshotter.list()).map((s) => s.name).sort(), snapshotsBefore, 'a snapshot was left behind');
        assert.deepEqual(listTree(scratch, { ignoreDirMtimes: true }), treeBefore, 'something changed outside the layer root or was left half-applied');
        assert.deepEqual(hostState(), hostBefore);
        for (const p of mustNotExist) assert.equal(existsSync(p), false, `${p} exists`);
      });
    }

    for (const c of containedCases) {
      it(`applies inside the root: ${c.name} (${c.ports})`, async () => {
        const parent = await withBase(c);
        const outsideBefore = listTree(outside);
        const hostBefore = hostState();
        await apply(c, parent);
        assert.deepEqual(listTree(outside), outsideBefore);
        assert.deepEqual(hostState(), hostBefore);
        for (const p of mustNotExist) assert.equal(existsSync(p), false, `${p} exists`);
      });
    }
  });
}
