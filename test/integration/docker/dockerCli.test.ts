// The real docker CLI (28.x here) pointed at berthd with DOCKER_HOST: every verb the issue names,
// against a real docker-registry on 127.0.0.1 for pull and push. skopeo seeds and checks the
// registry independently of berth.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeImage } from '../../../engine/src/store/storeImage';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { removeScratch, requireTool, scratchDir } from '../../fixtures/scratch';
import { startBerthd, type Berthd } from '../api/berthdProcess';
import { dockerRunner } from './dockerHarness';

describe('the docker CLI against berthd', function () {
  this.timeout(120_000);
  let dir: string;
  let daemon: Berthd;
  let registry: DockerRegistry;
  let seeded: string;
  let env: NodeJS.ProcessEnv;

  const { docker, dockerFails } = dockerRunner(() => env);

  before(async () => {
    requireTool('docker', 'docker.io');
    requireTool('skopeo', 'skopeo');
    dir = scratchDir('dockercli');
    registry = await startDockerRegistry(join(dir, 'registry'));
    // seed the registry with skopeo from an OCI layout, so pull does not depend on berth's push
    const layout = join(dir, 'layout');
    const content = await OciLayoutStore.open(layout);
    const image = memoryImage((await randomImage(dir, 2)).layers, { config: { Cmd: ['/bin/sh'], Labels: { origin: 'seed' } } });
    seeded = (await writeImage(content, new LayoutImageStore(layout), image, 'seed')).digest;
    execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:seed`, `docker://${registry.host}/seed/app:1`]);
    daemon = await startBerthd(dir);
    const config = join(dir, 'docker-config');
    mkdirSync(config);
    env = { PATH: process.env.PATH, HOME: dir, DOCKER_HOST: daemon.host, DOCKER_CONFIG: config };
  });
  after(async () => {
    await daemon?.kill();
    await registry?.stop();
    removeScratch(dir);
  });

  it('version: negotiates API 1.47 and shows the engine', async () => {
    const { stdout } = await docker('version');
    assert.match(stdout, /Server: Berth Engine/);
    assert.match(stdout, /API version:\s+1\.47 \(minimum version 1\.40\)/);
    assert.equal((await docker('version', '--format', '{{.Server.APIVersion}}')).stdout.trim(), '1.47');
  });

  it('info: prints the server section', async () => {
    const { stdout } = await docker('info');
    assert.match(stdout, /Server Version: 0\.1\.0/);
    assert.match(stdout, /Storage Driver: overlayfs/);
    assert.equal((await docker('info', '--format', '{{.DockerRootDir}} {{.OSType}}')).stdout.trim(), `${daemon.root} linux`);
  });

  it('pull: streams progress and the image appears with its registry digest as ID', async () => {
    const { stdout } = await docker('pull', `${registry.host}/seed/app:1`);
    assert.match(stdout, /1: Pulling from seed\/app/);
    assert.match(stdout, /Pull complete/);
    assert.match(stdout, new RegExp(`Digest: ${seeded}`));
    assert.match(stdout, new RegExp(`Status: Downloaded newer image for ${registry.host}/seed/app:1`));
    const again = await docker('pull', `${registry.host}/seed/app:1`);
    assert.match(again.stdout, /Image is up to date/);
    const missing = await dockerFails('pull', `${registry.host}/seed/nothing:1`);
    assert.match(missing.stderr, /^Error response from daemon: .*manifest unknown/m);
  });

  it('images: columns, -q, --digests, --filter and --format', async () => {
    const { stdout } = await docker('images');
    const lines = stdout.trim().split('\n');
    assert.match(lines[0]!, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    assert.match(stdout, new RegExp(`${registry.host}/seed/app\\s+1\\s+${seeded.slice(7, 19)}\\s+`));
    assert.equal((await docker('images', '-q')).stdout.trim(), seeded.slice(7, 19));
    assert.match((await docker('images', '--digests')).stdout, new RegExp(seeded));
    assert.equal((await docker('images', '--filter', 'reference=*/seed/*', '--format', '{{.Repository}}:{{.Tag}}')).stdout.trim(), `${registry.host}/seed/app:1`);
    assert.equal((await docker('images', '--filter', 'label=origin=nowhere', '-q')).stdout.trim(), '');
  });

  it('tag: a second name for the same image', async () => {
    await docker('tag', `${registry.host}/seed/app:1`, 'local/app:v1');
    assert.equal((await docker('images', '--format', '{{.ID}}', 'local/app')).stdout.trim(), seeded.slice(7, 19));
    assert.match((await dockerFails('tag', 'nothing:here', 'x:y')).stderr, /No such image: nothing:here/);
  });

  it('inspect: the image document, by name and by short ID; missing images fail', async () => {
    const [doc] = JSON.parse((await docker('image', 'inspect', 'local/app:v1')).stdout) as { Id: string; RepoTags: string[]; Config: { Labels: Record<string, string> }; RootFS: { Layers: string[] } }[];
    assert.equal(doc!.Id, seeded);
    assert.deepEqual(doc!.RepoTags.sort(), [`${registry.host}/seed/app:1`, 'local/app:v1'].sort());
    assert.deepEqual(doc!.Config.Labels, { origin: 'seed' });
    assert.equal(doc!.RootFS.Layers.length, 2);
    assert.equal((await docker('inspect', '--format', '{{.Id}}', seeded.slice(7, 19))).stdout.trim(), seeded);
    const missing = await dockerFails('inspect', 'nothing:here');
    assert.match(missing.stderr, /No such (object|image)/);
  });

  it('history: layers newest first', async () => {
    const { stdout } = await docker('history', 'local/app:v1');
    const lines = stdout.trim().split('\n');
    assert.match(lines[0]!, /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
    assert.equal(lines.length, 3);
    assert.match(lines[1]!, new RegExp(`^${seeded.slice(7, 19)}`));
    assert.match(lines[2]!, /^<missing>/);
  });

  it('push: to the registry, byte-identical (skopeo reads the same digest)', async () => {
    await docker('tag', 'local/app:v1', `${registry.host}/pushed/app:2`);
    const { stdout } = await docker('push', `${registry.host}/pushed/app:2`);
    assert.match(stdout, new RegExp(`The push refers to repository \\[${registry.host}/pushed/app\\]`));
    assert.match(stdout, new RegExp(`2: digest: ${seeded} size: \\d+`));
    const remote = JSON.parse(execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/pushed/app:2`], { encoding: 'utf8' })) as { Digest: string };
    assert.equal(remote.Digest, seeded);
  });

  it('save and load: the archive round-trips to the same image', async () => {
    const archive = join(dir, 'app.tar');
    await docker('save', '-o', archive, 'local/app:v1');
    assert.ok(existsSync(archive));
    const listing = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' });
    for (const name of ['index.json', 'manifest.json', 'oci-layout', `blobs/sha256/${seeded.slice(7)}`]) assert.ok(listing.includes(name), name);
    await docker('rmi', 'local/app:v1');
    assert.match((await dockerFails('image', 'inspect', 'local/app:v1')).stderr, /No such image/);
    const { stdout } = await docker('load', '-i', archive);
    assert.match(stdout, /Loaded image: local\/app:v1/);
    assert.equal((await docker('inspect', '--format', '{{.Id}}', 'local/app:v1')).stdout.trim(), seeded);
    writeFileSync(join(dir, 'garbage.tar'), 'not an archive'.repeat(100));
    assert.match((await dockerFails('load', '-i', join(dir, 'garbage.tar'))).stderr, /tar|not an image archive/);
  });

  it('rmi: untags, refuses an ID several repositories use, deletes with the last name', async () => {
    const conflict = await dockerFails('rmi', seeded.slice(7, 19));
    assert.match(conflict.stderr, /conflict: unable to delete [0-9a-f]{12} \(must be forced\) - image is referenced in multiple repositories/);
    const { stdout } = await docker('rmi', `${registry.host}/pushed/app:2`, 'local/app:v1');
    assert.match(stdout, new RegExp(`Untagged: ${registry.host}/pushed/app:2`));
    assert.match(stdout, /Untagged: local\/app:v1/);
    const last = await docker('rmi', `${registry.host}/seed/app:1`);
    assert.match(last.stdout, new RegExp(`Deleted: ${seeded}`));
    assert.equal((await docker('images', '-q')).stdout.trim(), '');
  });

  it('system df: the usage table', async () => {
    await docker('pull', '-q', `${registry.host}/seed/app:1`);
    const { stdout } = await docker('system', 'df');
    assert.match(stdout, /^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE$/m);
    assert.match(stdout, /^Images\s+1\s+0\s+\d/m);
  });

  it('image prune: dangling only by default, everything unused with -a', async () => {
    assert.match((await docker('image', 'prune', '-f')).stdout, /Total reclaimed space: 0B/);
    assert.equal((await docker('images', '-q')).stdout.trim(), seeded.slice(7, 19));
    const { stdout } = await docker('image', 'prune', '-a', '-f');
    assert.match(stdout, new RegExp(`deleted: ${seeded}`));
    assert.match(stdout, /Total reclaimed space: [1-9]/);
    assert.equal((await docker('images', '-q')).stdout.trim(), '');
    const df = await docker('system', 'df', '--format', '{{.Type}} {{.TotalCount}}');
    assert.match(df.stdout, /^Images 0$/m);
  });
});
