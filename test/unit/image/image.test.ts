import * as assert from 'node:assert/strict';
import { isInvalidArgument } from '../../../engine/src/image/berthError';
import { chainIdOf, computeChainIds } from '../../../engine/src/image/chainId';
import { digestOf, Digester, isDigest, parseDigest } from '../../../engine/src/image/digest';
import { parseImageConfig } from '../../../engine/src/image/imageConfig';
import { childDescriptors, parseIndexManifest, parseManifest } from '../../../engine/src/image/manifest';
import { layerMediaTypeCompression, mediaTypes } from '../../../engine/src/image/mediaTypes';
import { formatPlatform, parsePlatform, platformMatches } from '../../../engine/src/image/platform';

const d1 = digestOf('one');
const d2 = digestOf('two');
const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('parseDigest', () => {
  it('accepts sha256 and sha512 digests and rejects everything else by name', () => {
    assert.equal(parseDigest(d1), d1);
    assert.ok(isDigest(`sha512:${'a'.repeat(128)}`));
    for (const bad of ['sha256:ABC', 'md5:abc', `sha256:${'a'.repeat(63)}`, 'sha256', '']) {
      assert.throws(() => parseDigest(bad), (err) => isInvalidArgument(err) && /invalid digest/.test((err as Error).message));
    }
  });

  it('hashes streamed chunks like the whole', () => {
    const d = new Digester();
    d.update(Buffer.from('tw'));
    d.update(Buffer.from('o'));
    assert.equal(d.digest(), d2);
    assert.equal(d.size, 3);
  });
});

describe('computeChainIds', () => {
  it('follows the image-spec definition', () => {
    assert.deepEqual(computeChainIds([d1]), [d1]);
    const two = chainIdOf(d1, d2);
    assert.equal(two, digestOf(`${d1} ${d2}`));
    assert.deepEqual(computeChainIds([d1, d2, d1]), [d1, two, digestOf(`${two} ${d1}`)]);
  });
});

describe('parseManifest / parseIndexManifest', () => {
  const config = { mediaType: mediaTypes.ociConfig, digest: d1, size: 10 };
  const layer = { mediaType: mediaTypes.ociLayerGzip, digest: d2, size: 20 };

  it('reads OCI and Docker manifests and lists their children', () => {
    const m = parseManifest(bytes({ schemaVersion: 2, mediaType: mediaTypes.dockerManifest, config, layers: [layer] }));
    assert.equal(m.mediaType, mediaTypes.dockerManifest);
    assert.deepEqual(childDescriptors(mediaTypes.ociManifest, bytes({ schemaVersion: 2, config, layers: [layer] }), 'm').map((c) => c.digest), [d1, d2]);
    const index = parseIndexManifest(bytes({ schemaVersion: 2, manifests: [{ ...layer, mediaType: mediaTypes.ociManifest, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }] }));
    assert.equal(index.manifests[0]!.platform!.architecture, 'arm64');
  });

  it('names the bad field in untrusted documents', () => {
    assert.throws(() => parseManifest(bytes({ schemaVersion: 1 })), /schemaVersion must be 2/);
    assert.throws(() => parseManifest(bytes({ schemaVersion: 2, config: { ...config, size: -1 }, layers: [] })), /manifest: config: field size must be a non-negative integer/);
    assert.throws(() => parseManifest(bytes({ schemaVersion: 2, config, layers: [{ ...layer, digest: 'sha256:zz' }] })), /invalid digest/);
    assert.throws(() => parseManifest(Buffer.from('{not json')), /manifest: not valid JSON/);
    assert.throws(() => parseManifest(bytes({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: [] })), /is not an image manifest/);
  });
});

describe('parseImageConfig', () => {
  it('reads diff_ids and keeps unknown fields', () => {
    const c = parseImageConfig(bytes({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [d1] }, config: { Env: ['A=1'] }, custom: 1 }));
    assert.deepEqual(c.rootfs.diff_ids, [d1]);
    assert.deepEqual(c.config?.Env, ['A=1']);
    assert.equal(c.raw.custom, 1);
    assert.throws(() => parseImageConfig(bytes({ architecture: 'amd64', os: 'linux', rootfs: { type: 'x', diff_ids: [] } })), /rootfs.type must be "layers"/);
  });
});

describe('platforms and media types', () => {
  it('parses, normalizes and matches platforms', () => {
    assert.equal(formatPlatform(parsePlatform('linux/x86_64')), 'linux/amd64');
    assert.ok(platformMatches(parsePlatform('linux/arm64/v8'), parsePlatform('linux/aarch64')));
    assert.ok(!platformMatches(parsePlatform('linux/arm/v6'), parsePlatform('linux/arm/v7')));
    assert.throws(() => parsePlatform('linux'), /expected os\/arch/);
  });

  it('knows the compression of every layer media type', () => {
    assert.equal(layerMediaTypeCompression(mediaTypes.dockerLayerGzip), 'gzip');
    assert.equal(layerMediaTypeCompression(mediaTypes.ociLayerZstd), 'zstd');
    assert.equal(layerMediaTypeCompression(mediaTypes.ociLayer), 'none');
    assert.equal(layerMediaTypeCompression(mediaTypes.ociConfig), undefined);
  });
});
