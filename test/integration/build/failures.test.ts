import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildEvent } from '../../../engine/src/build/buildRequest';
import { BuildError } from '../../../engine/src/build/buildRequest';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { unpackBuilt } from '../../fixtures/build/builtImage';
import { requireRoot } from '../../fixtures/scratch';

async function failure(p: Promise<unknown>): Promise<BuildError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof BuildError, `expected a BuildError, got ${String(err)}`);
  return err;
}

/** Failing builds say where (the file and line the editor shows) and leave nothing behind. */
describe('build: failures', function () {
  let h: Harness;
  let ctx: string;

  before(async () => {
    requireRoot();
    h = await openHarness();
    await storeBaseImage(h, 'docker.io/library/base:1');
    ctx = h.context('failures', { 'a.txt': 'a\n' });
  });

  after(async () => h?.close());

  async function assertClean(): Promise<void> {
    assert.deepEqual((await h.snapshotter.list()).filter((s) => s.kind !== 'committed').map((s) => s.name), [], 'no active snapshot left');
    assert.deepEqual(readdirSync(join(h.dir, 'store', 'build', 'tmp')), [], 'no temporary file left');
    assert.deepEqual(h.leases.contentRoots(), [], 'no lease held');
  }

  it('refuses what BuildKit refuses before running anything, at the line the editor marks', async () => {
    const err = await failure(h.build(ctx, 'FROM base:1\nCOPY a.txt /a\nCOPY --chmod=999 a.txt /b\n'));
    assert.match(err.message, /Dockerfile:3: invalid chmod parameter: '999'\. it should be octal string and between 0 and 07777 \(\w+\)/);
    assert.deepEqual([err.failure.startLine, err.failure.endLine], [2, 2]);
    assert.equal((await h.builder.lastBuild(join(ctx, 'Dockerfile')))?.steps.length, 0, 'nothing ran');
    await assertClean();
  });

  it('fails a COPY of a missing file at its line, keeping the steps that ran in the record', async () => {
    const err = await failure(h.build(ctx, 'FROM base:1\nCOPY a.txt /a\nCOPY missing.txt /m\n'));
    assert.equal(err.message, `${join(ctx, 'Dockerfile')}:3: "/missing.txt": not found in the build context`);
    const record = await h.builder.lastBuild(join(ctx, 'Dockerfile'));
    assert.equal(record?.status, 'failed');
    assert.deepEqual(record?.steps.map((s) => s.text), ['FROM base:1', 'COPY a.txt /a']);
    assert.equal(record?.error?.startLine, 2);
    await assertClean();
  });

  it('fails at FROM when the base image is nowhere to be found', async () => {
    const err = await failure(h.build(ctx, 'FROM base:1\nFROM nothing-here:1\nCOPY a.txt /\n'));
    assert.match(err.message, /Dockerfile:2: pull access denied for nothing-here/);
    await assertClean();
  });

  it('fails on a --chown user the image does not have, and on an expansion error', async () => {
    let err = await failure(h.build(ctx, 'FROM base:1\nCOPY --chown=ghost a.txt /a\n'));
    assert.match(err.message, /Dockerfile:2: unable to find user ghost: no matching entries in passwd file/);
    err = await failure(h.build(ctx, 'FROM base:1\nARG X\nENV Y="${X:?X is required}"\n'));
    assert.match(err.message, /Dockerfile:3: .*X is required/);
    await assertClean();
  });

  it('--check runs every rule: warnings are reported, the build goes on', async () => {
    const events: BuildEvent[] = [];
    const result = await h.build(ctx, 'FROM base:1\nMAINTAINER someone\n', { check: true }, { onEvent: (e) => events.push(e) });
    assert.equal(result.record.status, 'succeeded');
    const warnings = events.filter((e): e is Extract<BuildEvent, { type: 'warning' }> => e.type === 'warning').map((e) => [e.line, e.message]);
    assert.ok(warnings.some(([line, message]) => line === 1 && String(message).includes('MaintainerDeprecated')), JSON.stringify(warnings));
  });

  it('builds on the copy snapshotter too (full copies, diffs against the parent)', async () => {
    const copy = await openHarness({ snapshotter: 'copy' });
    try {
      await storeBaseImage(copy, 'docker.io/library/base:1');
      const c = copy.context('copy', { 'x.txt': 'x\n', 'y.txt': 'y\n' });
      const result = await copy.build(c, 'FROM base:1 AS one\nCOPY x.txt /x.txt\nWORKDIR /w\nFROM one\nCOPY y.txt /w/y.txt\n');
      const root = await unpackBuilt(copy.content, result.imageId, copy.dir, 'copy');
      assert.equal(readFileSync(join(root, 'x.txt'), 'utf8'), 'x\n');
      assert.equal(readFileSync(join(root, 'w', 'y.txt'), 'utf8'), 'y\n');
      const steps = result.record.steps.filter((s) => s.layer);
      assert.ok(steps.every((s) => s.layerSize < 20_000), 'each layer holds only its own changes, not the parent tree');
      assert.deepEqual((await copy.snapshotter.list()).filter((s) => s.kind !== 'committed'), []);
    } finally {
      await copy.close();
    }
  });
});
