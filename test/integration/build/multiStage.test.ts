import { strict as assert } from 'node:assert';
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { builtConfig, unpackBuilt } from '../../fixtures/build/builtImage';
import { requireRoot } from '../../fixtures/scratch';

/** Stages: --target, only the stages the target needs, COPY --from stages, indexes and images. */
describe('build: multi-stage', function () {
  let h: Harness;
  let ctx: string;
  const dockerfile = [
    'FROM base:1 AS assets',
    'COPY assets/ /out/',
    'FROM base:1 AS config',
    'COPY --chown=app:app app.conf /etc/app.conf',
    'FROM base:1 AS broken',
    'COPY does-not-exist /x',
    'FROM scratch AS final',
    'COPY --from=assets /out/ /srv/',
    'COPY --from=1 /etc/app.conf /etc/',
    'COPY --from=base:1 /etc/passwd /etc/passwd',
    'FROM final AS debug',
    'COPY --from=assets /out/logo.txt /debug/',
    '',
  ].join('\n');

  before(async () => {
    requireRoot();
    h = await openHarness();
    await storeBaseImage(h, 'docker.io/library/base:1');
    ctx = h.context('stages', { 'assets/logo.txt': 'logo\n', 'assets/css/site.css': 'body{}\n', 'app.conf': 'port=1\n' });
  });

  after(async () => h?.close());

  it('builds the target and only the stages it needs, copying from stages by name and index and from images', async () => {
    const result = await h.build(ctx, dockerfile, { target: 'final' });
    const stages = [...new Set(result.record.steps.map((s) => s.stage))].sort();
    assert.deepEqual(stages, [0, 1, 3], 'the broken stage and the later debug stage are not built');
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'final');
    assert.equal(readFileSync(join(root, 'srv', 'logo.txt'), 'utf8'), 'logo\n');
    assert.equal(readFileSync(join(root, 'srv', 'css', 'site.css'), 'utf8'), 'body{}\n');
    const conf = lstatSync(join(root, 'etc', 'app.conf'));
    assert.deepEqual([conf.uid, conf.gid], [1001, 1002], 'COPY --from keeps the owner the source stage gave');
    assert.match(readFileSync(join(root, 'etc', 'passwd'), 'utf8'), /^app:x:1001/m);
    const config = await builtConfig(h.content, result.imageId);
    assert.deepEqual(config.history.map((e) => e.created_by), [
      'COPY /out/ /srv/ # buildkit', 'COPY /etc/app.conf /etc/ # buildkit', 'COPY /etc/passwd /etc/passwd # buildkit',
    ]);
  });

  it('builds the last stage by default, and a stage built FROM another has its files', async () => {
    const result = await h.build(ctx, dockerfile);
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'debug');
    assert.equal(readFileSync(join(root, 'debug', 'logo.txt'), 'utf8'), 'logo\n');
    assert.equal(readFileSync(join(root, 'srv', 'logo.txt'), 'utf8'), 'logo\n');
  });

  it('fails on an unknown target, naming it', async () => {
    await assert.rejects(h.build(ctx, dockerfile, { target: 'nope' }), /target stage "nope" could not be found/);
  });

  it('rebuilds a stage that copies from a changed stage, and only that', async () => {
    await h.build(ctx, dockerfile, { target: 'final' });
    writeFileSync(join(ctx, 'app.conf'), 'port=2\n');
    const result = await h.build(ctx, dockerfile, { target: 'final' });
    const missed = result.record.steps.filter((s) => !s.cached).map((s) => [s.text, s.reason]);
    assert.deepEqual(missed, [
      ['COPY --chown=app:app app.conf /etc/app.conf', 'app.conf changed'],
      ['COPY --from=1 /etc/app.conf /etc/', 'stage config changed (line 4: app.conf changed)'],
      ['COPY --from=base:1 /etc/passwd /etc/passwd', 'an earlier step changed (line 9: stage config changed (line 4: app.conf changed))'],
    ]);
  });

  it('copies symlinks as symlinks and follows the one named as the source', async () => {
    const links = h.context('links', { 'target.txt': 't\n', 'dir/inner': { symlink: '../target.txt' }, 'top': { symlink: 'target.txt' } });
    const result = await h.build(links, 'FROM scratch\nCOPY dir /dir/\nCOPY top /top\n');
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'links');
    assert.equal(readlinkSync(join(root, 'dir', 'inner')), '../target.txt');
    assert.equal(readFileSync(join(root, 'top'), 'utf8'), 't\n');
    assert.ok(lstatSync(join(root, 'top')).isFile());
  });
});

