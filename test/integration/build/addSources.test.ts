import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { builtConfig, unpackBuilt } from '../../fixtures/build/builtImage';
import { craftTar } from '../../fixtures/craftTar';
import { requireRoot, requireTool } from '../../fixtures/scratch';

/** ADD's archives and URLs (a local HTTP server), and COPY's heredocs. */
describe('build: ADD and inline sources', function () {
  let h: Harness;
  let ctx: string;
  let server: Server;
  let base: string;
  let served = 0;
  const payload = 'downloaded content\n';

  before(async () => {
    requireRoot();
    requireTool('bzip2', 'bzip2');
    requireTool('xz', 'xz-utils');
    h = await openHarness();
    await storeBaseImage(h, 'docker.io/library/base:1');
    const tar = await craftTar([
      { name: 'pkg/', type: 'directory', mode: 0o750, uid: 5, gid: 6 },
      { name: 'pkg/bin/tool', content: '#!/bin/sh\n', mode: 0o755, uid: 5, gid: 6 },
      { name: 'pkg/link', type: 'symlink', linkname: 'bin/tool' },
    ]);
    ctx = h.context('add', { 'plain.txt': 'plain\n' });
    writeFileSync(join(ctx, 'pkg.tar'), tar);
    for (const [tool, ext] of [['gzip', 'gz'], ['bzip2', 'bz2'], ['xz', 'xz']] as const) {
      writeFileSync(join(ctx, `pkg.tar.${ext}`), execFileSync(tool, ['-c'], { input: tar }));
    }
    writeFileSync(join(ctx, 'escape.tar'), await craftTar([{ name: '../../escaped.txt', content: 'out\n' }]));
    server = createServer((req, res) => {
      served++;
      if (req.url === '/files/app.txt') {
        res.writeHead(200, { 'Last-Modified': 'Wed, 21 Oct 2015 07:28:00 GMT' });
        res.end(payload);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  it('unpacks local tar archives, plain and compressed, keeping owners and modes', async () => {
    const result = await h.build(ctx, 'FROM base:1\nADD pkg.tar /plain/\nADD pkg.tar.gz /gz\nADD pkg.tar.bz2 /bz2\nADD pkg.tar.xz /xz\nADD plain.txt /copied.txt\n');
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'archives');
    for (const dir of ['plain', 'gz', 'bz2', 'xz']) {
      const tool = lstatSync(join(root, dir, 'pkg', 'bin', 'tool'));
      assert.deepEqual([dir, tool.mode & 0o7777, tool.uid, tool.gid], [dir, 0o755, 5, 6]);
      assert.equal(lstatSync(join(root, dir, 'pkg')).mode & 0o7777, 0o750);
    }
    assert.equal(readFileSync(join(root, 'copied.txt'), 'utf8'), 'plain\n');
  });

  it('applies --chown to unpacked entries; COPY never unpacks', async () => {
    const result = await h.build(ctx, 'FROM base:1\nADD --chown=app pkg.tar.gz /owned/\nCOPY pkg.tar.gz /kept/\n');
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'chown');
    const tool = lstatSync(join(root, 'owned', 'pkg', 'bin', 'tool'));
    assert.deepEqual([tool.uid, tool.gid], [1001, 1002]);
    assert.ok(lstatSync(join(root, 'kept', 'pkg.tar.gz')).isFile());
  });

  it('refuses an archive entry that climbs out of the destination, and leaves nothing behind', async () => {
    await assert.rejects(h.build(ctx, 'FROM base:1\nADD escape.tar /x/\n'), (err: Error) => /Dockerfile:2: unpacking escape.tar: .*\.\./.test(err.message));
    assert.ok(!existsSync(join(h.dir, 'escaped.txt')));
    assert.deepEqual((await h.snapshotter.list()).filter((s) => s.kind !== 'committed'), []);
    assert.deepEqual(readdirSync(join(h.dir, 'store', 'build', 'tmp')), []);
  });

  it('downloads an http URL as a 0600 file named after the path, with its Last-Modified time', async () => {
    const sum = `sha256:${createHash('sha256').update(payload).digest('hex')}`;
    const result = await h.build(ctx, `FROM base:1\nADD --checksum=${sum} ${base}/files/app.txt /srv/\n`);
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'url');
    const st = lstatSync(join(root, 'srv', 'app.txt'));
    assert.equal(readFileSync(join(root, 'srv', 'app.txt'), 'utf8'), payload);
    assert.deepEqual([st.mode & 0o7777, st.mtime.toISOString()], [0o600, '2015-10-21T07:28:00.000Z']);
    const config = await builtConfig(h.content, result.imageId);
    assert.equal(config.history.at(-1)!.created_by, `ADD ${base}/files/app.txt /srv/ # buildkit`);
  });

  it('keys a --checksum download on the checksum (no download when cached), others on the downloaded content', async () => {
    const sum = `sha256:${createHash('sha256').update(payload).digest('hex')}`;
    const pinned = `FROM base:1\nADD --checksum=${sum} ${base}/files/app.txt /pinned.txt\n`;
    await h.build(ctx, pinned);
    const before = served;
    const again = await h.build(ctx, pinned);
    assert.equal(served, before, 'a cached step with a checksum does not download');
    assert.ok(again.record.steps[1]!.cached);
    const unpinned = `FROM base:1\nADD ${base}/files/app.txt /unpinned.txt\n`;
    await h.build(ctx, unpinned);
    const second = await h.build(ctx, unpinned);
    assert.ok(second.record.steps[1]!.cached, 'same content, same key');
  });

  it('fails a download that does not match its checksum, or that the server refuses', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(h.build(ctx, `FROM base:1\nADD --checksum=${wrong} ${base}/files/app.txt /x\n`), /Dockerfile:2: digest mismatch for .*app\.txt/);
    await assert.rejects(h.build(ctx, `FROM base:1\nADD ${base}/missing /x\n`), /Dockerfile:2: invalid response status 404/);
    await assert.rejects(h.build(ctx, `FROM base:1\nCOPY ${base}/files/app.txt /x\n`), /source can't be a URL for COPY/);
  });

  it('writes heredoc sources as files, expanding variables unless the delimiter is quoted', async () => {
    const dockerfile = [
      'FROM base:1',
      'ARG WHO=world',
      'COPY <<EOF <<"RAW" /docs/',
      'hello $WHO',
      'EOF',
      'kept $WHO',
      'RAW',
      'COPY --chmod=755 <<-SCRIPT /run.sh',
      '\t#!/bin/sh',
      '\techo hi',
      '\tSCRIPT',
      '',
    ].join('\n');
    const result = await h.build(ctx, dockerfile);
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'heredoc');
    assert.equal(readFileSync(join(root, 'docs', 'EOF'), 'utf8'), 'hello world\n');
    assert.equal(readFileSync(join(root, 'docs', 'RAW'), 'utf8'), 'kept $WHO\n');
    assert.equal(readFileSync(join(root, 'run.sh'), 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal(lstatSync(join(root, 'run.sh')).mode & 0o7777, 0o755);
    const config = await builtConfig(h.content, result.imageId);
    assert.deepEqual(config.history.slice(-2).map((e) => e.created_by), ['COPY <<EOF <<RAW /docs/ # buildkit', 'COPY --chmod=755 <<SCRIPT /run.sh # buildkit']);
  });
});
