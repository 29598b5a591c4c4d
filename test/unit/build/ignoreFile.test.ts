import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ignoreFileCandidates, readIgnoreFile } from '../../../engine/src/build/ignoreFile';

describe('readIgnoreFile', () => {
  let context: string;

  beforeEach(async () => {
    context = await mkdtemp(join(tmpdir(), 'berth-ignore-'));
  });

  afterEach(async () => {
    await rm(context, { recursive: true, force: true });
  });

  it("reads the context's .dockerignore", async () => {
    await writeFile(join(context, '.dockerignore'), 'node_modules\n# comment\n/dist\n');
    assert.deepEqual(await readIgnoreFile(context, join(context, 'Dockerfile')), { path: join(context, '.dockerignore'), patterns: ['node_modules', 'dist'] });
  });

  it('prefers the Dockerfile-specific ignore file next to the Dockerfile', async () => {
    await mkdir(join(context, 'docker'));
    await writeFile(join(context, '.dockerignore'), 'everything\n');
    await writeFile(join(context, 'docker', 'app.Dockerfile.dockerignore'), 'only-this\n');
    const found = await readIgnoreFile(context, join(context, 'docker', 'app.Dockerfile'));
    assert.deepEqual(found, { path: join(context, 'docker', 'app.Dockerfile.dockerignore'), patterns: ['only-this'] });
  });

  it('prefers it even when it is empty', async () => {
    await writeFile(join(context, '.dockerignore'), 'everything\n');
    await writeFile(join(context, 'Dockerfile.dockerignore'), '');
    assert.deepEqual(await readIgnoreFile(context, join(context, 'Dockerfile')), { path: join(context, 'Dockerfile.dockerignore'), patterns: [] });
  });

  it('returns undefined when there is no ignore file', async () => {
    assert.equal(await readIgnoreFile(context, join(context, 'Dockerfile')), undefined);
  });

  it('treats a directory in place of the file as no file', async () => {
    await mkdir(join(context, '.dockerignore'));
    assert.equal(await readIgnoreFile(context, join(context, 'Dockerfile')), undefined);
  });

  it('fails, naming the file, when one exists but cannot be read', async () => {
    await symlink('.dockerignore', join(context, '.dockerignore'));
    await assert.rejects(readIgnoreFile(context, join(context, 'Dockerfile')), (err: Error) => {
      assert.match(err.message, /read ignore file .*\.dockerignore: ELOOP/);
      return true;
    });
  });

  it('lists the candidates in the order they are tried', () => {
    assert.deepEqual(ignoreFileCandidates('/ctx', '/ctx/build/Dockerfile'), ['/ctx/build/Dockerfile.dockerignore', '/ctx/.dockerignore']);
  });
});
