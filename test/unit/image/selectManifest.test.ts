import * as assert from 'node:assert/strict';
import { digestOf } from '../../../engine/src/image/digest';
import { parseIndexManifest } from '../../../engine/src/image/manifest';
import { mediaTypes } from '../../../engine/src/image/mediaTypes';
import { parsePlatform } from '../../../engine/src/image/platform';
import { selectManifest } from '../../../engine/src/image/selectManifest';

describe('selectManifest', () => {
  const entry = (platform: string, n: string) => {
    const [os, architecture, variant] = platform.split('/');
    return { mediaType: mediaTypes.ociManifest, digest: digestOf(n), size: 1, platform: { os, architecture, ...(variant ? { variant } : {}) } };
  };
  const index = parseIndexManifest(Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [entry('linux/amd64', 'a'), entry('linux/arm/v6', 'b'), entry('linux/arm/v7', 'c'), entry('linux/arm64/v8', 'd')] })));

  it('picks the matching platform, exact variant first', () => {
    assert.equal(selectManifest(index, parsePlatform('linux/amd64')).digest, digestOf('a'));
    assert.equal(selectManifest(index, parsePlatform('linux/arm/v7')).digest, digestOf('c'));
    assert.equal(selectManifest(index, parsePlatform('linux/arm64')).digest, digestOf('d'));
  });

  it('says what the index offers when nothing matches', () => {
    assert.throws(() => selectManifest(index, parsePlatform('linux/s390x'), 'alpine:3.20'), /alpine:3.20: no manifest for linux\/s390x \(it offers linux\/amd64, linux\/arm\/v6, linux\/arm\/v7, linux\/arm64\/v8\)/);
  });
});
