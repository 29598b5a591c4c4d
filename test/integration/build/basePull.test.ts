import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { BuildEvent } from '../../../engine/src/build/buildRequest';
import type { Digest } from '../../../engine/src/image/digest';
import { HttpTransport } from '../../../engine/src/registry/httpTransport';
import { pushImage } from '../../../engine/src/registry/push';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { builtConfig } from '../../fixtures/build/builtImage';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { requireRoot } from '../../fixtures/scratch';

/** FROM an image the store lacks: pulled from a real registry (docker-registry on loopback); --pull pulls again. */
describe('build: base images from a registry', function () {
  let registry: DockerRegistry;
  let source: Harness;
  let h: Harness;
  const transport = new HttpTransport();

  before(async () => {
    requireRoot();
    source = await openHarness();
    registry = await startDockerRegistry(join(source.dir, 'registry'));
    h = await openHarness({ registry: { transport } });
  });

  after(async () => {
    transport.close();
    await registry?.stop();
    await h?.close();
    await source?.close();
  });

  async function version(imageId: Digest): Promise<string | undefined> {
    return ((await builtConfig(h.content, imageId)).config.Labels as Record<string, string> | undefined)?.version;
  }

  async function publish(version: string): Promise<string> {
    const name = `${registry.host}/lib/base:1`;
    await storeBaseImage(source, name, { Labels: { version } });
    await pushImage(name, { store: { content: source.content, images: source.images }, transport });
    return name;
  }

  it('pulls a base image the store does not have, reporting progress, then uses the local one', async () => {
    const name = await publish('one');
    const ctx = h.context('pull', {});
    const events: BuildEvent[] = [];
    const first = await h.build(ctx, `FROM ${name}\nLABEL built=yes\n`, {}, { onEvent: (e) => events.push(e) });
    assert.deepEqual([first.record.steps[0]!.cached, first.record.steps[0]!.reason], [false, `pulled ${name}`]);
    assert.ok(events.some((e) => e.type === 'pull' && e.progress.status === 'Pull complete'));
    assert.equal(await version(first.imageId), 'one');
    const second = await h.build(ctx, `FROM ${name}\nLABEL built=yes\n`);
    assert.equal(second.record.steps[0]!.cached, true);
    assert.equal(second.imageId, first.imageId);
  });

  it('--pull fetches a newer image under the same tag; without it the local one is used', async () => {
    const name = await publish('two');
    const ctx = h.context('pull-again', { 'f.txt': 'f\n' });
    const dockerfile = `FROM ${name}\nCOPY f.txt /f.txt\n`;
    const local = await h.build(ctx, dockerfile);
    assert.equal(await version(local.imageId), 'one');
    const pulled = await h.build(ctx, dockerfile, { pull: true });
    assert.equal(await version(pulled.imageId), 'two');
    assert.equal(pulled.record.steps[0]!.reason, `pulled ${name}`);
    assert.match(pulled.record.steps[1]!.reason ?? '', /^an earlier step changed \(line 1: base image .* changed \(now sha256:/);
  });
});
