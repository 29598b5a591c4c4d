// One conformance suite for every Snapshotter (containerd's snapshots testsuite). Mounts are
// performed for real (as root), the way runtime/ will: `mountAll` below is the test's stand-in.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlreadyExists, isFailedPrecondition, isNotFound } from '../../../engine/src/image/berthError';
import type { Mount, Snapshotter } from '../../../engine/src/snapshot/snapshotter';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

/** Mounts `mounts` at `target` with mount(8); returns the unmount. */
export function mountAll(mounts: readonly Mount[], target: string): () => void {
  mkdirSync(target, { recursive: true });
  const m = mounts[0]!;
  const options = m.type === 'bind' ? ['--bind', '-o', m.options.filter((o) => o !== 'rbind').join(',') || 'rw'] : ['-t', m.type, '-o', m.options.join(',')];
  execFileSync('mount', [...options, m.source, target]);
  if (m.type === 'bind' && m.options.includes('ro')) execFileSync('mount', ['-o', 'remount,bind,ro', target]);
  return () => execFileSync('umount', [target]);
}

export function snapshotterSuite(name: string, open: (root: string) => Promise<Snapshotter>): void {
  describe(`Snapshotter conformance: ${name}`, () => {
    let dir: string;
    let sn: Snapshotter;
    beforeEach(async () => {
      requireRoot();
      dir = scratchDir(`snap-${name}`);
      sn = await open(join(dir, 'root'));
    });
    afterEach(() => removeScratch(dir));

    async function commitLayer(key: string, name: string, parent: string | undefined, files: Record<string, string>): Promise<void> {
      const mounts = await sn.prepare(key, parent);
      const unmount = mountAll(mounts, join(dir, 'mnt', key));
      try {
        for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, 'mnt', key, path), content);
      } finally {
        unmount();
      }
      await sn.commit(name, key);
    }

    it('prepares, commits and stacks snapshots whose mounts show the whole chain', async () => {
      await commitLayer('k1', 'base', undefined, { a: 'a1', b: 'b1' });
      await commitLayer('k2', 'top', 'base', { b: 'b2', c: 'c2' });
      const mounts = await sn.prepare('container', 'top');
      const unmount = mountAll(mounts, join(dir, 'mnt', 'container'));
      try {
        const read = (f: string) => readFileSync(join(dir, 'mnt', 'container', f), 'utf8');
        assert.deepEqual(['a', 'b', 'c'].map(read), ['a1', 'b2', 'c2']);
        writeFileSync(join(dir, 'mnt', 'container', 'a'), 'changed in the container');
      } finally {
        unmount();
      }
      // the container's write stays in the container's snapshot
      const view = await sn.view('view', 'top');
      const unmountView = mountAll(view, join(dir, 'mnt', 'view'));
      try {
        assert.equal(readFileSync(join(dir, 'mnt', 'view', 'a'), 'utf8'), 'a1');
        assert.throws(() => writeFileSync(join(dir, 'mnt', 'view', 'x'), 'x'), /EROFS|read-only/);
      } finally {
        unmountView();
      }
      assert.deepEqual((await sn.list()).map((s) => `${s.name}:${s.kind}:${s.parent ?? '-'}`).sort(), ['base:committed:-', 'container:active:top', 'top:committed:base', 'view:view:top']);
    });

    it('enforces the lifecycle: unique keys, committed parents, no commit of views, no removal of parents', async () => {
      await commitLayer('k1', 'base', undefined, { a: 'a' });
      await sn.prepare('active', 'base');
      await assert.rejects(sn.prepare('active', 'base'), (err) => isAlreadyExists(err));
      await assert.rejects(sn.prepare('child', 'active'), (err) => isFailedPrecondition(err));
      await assert.rejects(sn.prepare('orphan', 'missing'), (err) => isNotFound(err));
      await sn.view('v', 'base');
      await assert.rejects(sn.commit('v2', 'v'), (err) => isFailedPrecondition(err));
      await assert.rejects(sn.commit('base', 'active'), (err) => isAlreadyExists(err));
      await assert.rejects(sn.remove('base'), (err) => isFailedPrecondition(err));
      await assert.rejects(sn.mounts('base'), (err) => isFailedPrecondition(err));
      await sn.remove('active');
      await sn.remove('v');
      await sn.remove('base');
      assert.deepEqual(await sn.list(), []);
      await assert.rejects(sn.stat('base'), (err) => isNotFound(err));
    });

    it('keeps its records across a reopen, and reports usage', async () => {
      await commitLayer('k1', 'base', undefined, { a: 'x'.repeat(10_000) });
      const again = await open(join(dir, 'root'));
      assert.deepEqual((await again.stat('base')).kind, 'committed');
      assert.ok((await again.usage('base')).size >= 10_000);
      assert.deepEqual(await again.mounts('k-none').catch((err: unknown) => isNotFound(err)), true);
    });
  });
}
