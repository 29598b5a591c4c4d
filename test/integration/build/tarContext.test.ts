import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { contextFromTar } from '../../../engine/src/build/buildContext';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, writeFiles, type Harness } from '../../fixtures/build/buildHarness';
import { unpackBuilt } from '../../fixtures/build/builtImage';
import { hostileCases, hostileTar } from '../../fixtures/hostileTars';
import { requireRoot } from '../../fixtures/scratch';

/** The docker CLI's upload: a tar of the context, extracted safely into a private directory. */
describe('build: contexts uploaded as tar', function () {
  let h: Harness;
  let scratch: string;

  before(async () => {
    requireRoot();
    h = await openHarness();
    await storeBaseImage(h, 'docker.io/library/base:1');
    scratch = join(h.dir, 'uploads');
    mkdirSync(scratch);
  });

  after(async () => h?.close());

  it('builds from a gzip-compressed tar with the Dockerfile and .dockerignore inside, then removes the extraction', async () => {
    const src = join(h.dir, 'tar-src');
    const dockerfile = 'FROM base:1\nCOPY . /app/\n';
    writeFiles(src, { 'docker/app.Dockerfile': dockerfile, '.dockerignore': 'secret.txt\n', 'main.txt': 'main\n', 'secret.txt': 'secret\n', 'sub/x.txt': 'x\n' });
    const tar = gzipSync(execFileSync('tar', ['-C', src, '-c', '.']));
    const context = await contextFromTar(Readable.from([tar]), { scratchDir: scratch, dockerfile: 'docker/app.Dockerfile' });
    try {
      assert.ok(context.dir.startsWith(scratch));
      const result = await h.builder.build({ context, dockerfile: { path: 'docker/app.Dockerfile', text: readFileSync(join(context.dir, 'docker/app.Dockerfile'), 'utf8') } });
      const root = await unpackBuilt(h.content, result.imageId, h.dir, 'from-tar');
      assert.equal(readFileSync(join(root, 'app', 'main.txt'), 'utf8'), 'main\n');
      assert.equal(readFileSync(join(root, 'app', 'sub', 'x.txt'), 'utf8'), 'x\n');
      assert.ok(!existsSync(join(root, 'app', 'secret.txt')), '.dockerignore applies to uploads too');
    } finally {
      await context.close();
    }
    assert.deepEqual(readdirSync(scratch), []);
  });

  for (const c of hostileCases.filter((x) => !x.base && !x.wrongDiffId)) {
    it(`refuses a hostile upload (${c.name}) and leaves nothing behind`, async () => {
      const outside = join(h.dir, 'outside');
      mkdirSync(outside, { recursive: true });
      const tar = await hostileTar(c, outside);
      await assert.rejects(contextFromTar(Readable.from([tar]), { scratchDir: scratch, dockerfile: 'Dockerfile' }), (err: Error) => /^build context upload: /.test(err.message) && c.error.test(err.message));
      assert.deepEqual(readdirSync(scratch), []);
      assert.deepEqual(readdirSync(outside), []);
    });
  }

  it('refuses a Dockerfile path outside the context', async () => {
    await assert.rejects(contextFromTar(Readable.from([Buffer.alloc(1024)]), { scratchDir: scratch, dockerfile: '../Dockerfile' }), /must be a path inside the build context/);
  });
});
