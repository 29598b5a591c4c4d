import * as assert from 'node:assert/strict';
import { imageRows } from '../../../engine/src/cli/imagesCommand';

const id = `sha256:${'ab'.repeat(32)}`;

describe('imageRows', () => {
  it('makes one row per tag, <none> rows for untagged images, and short IDs unless --no-trunc', () => {
    const rows = imageRows([
      { Id: id, RepoTags: ['alpine:3.20', 'localhost:5000/x:1'], RepoDigests: [`alpine@${id}`], Created: 1577836800, Size: 7_800_000, SharedSize: -1, Containers: -1 },
      { Id: id.replace('ab', 'cd'), RepoTags: [], RepoDigests: [], Created: 0, Size: 10, SharedSize: 4, Containers: 0 },
    ], { digests: false, noTrunc: false });
    assert.deepEqual(rows.map((r) => [r.Repository, r.Tag, r.ID, r.Size, r.Digest]), [
      ['alpine', '3.20', 'abababababab', '7.8MB', id],
      ['localhost:5000/x', '1', 'abababababab', '7.8MB', '<none>'],
      ['<none>', '<none>', 'cdababababab', '10B', '<none>'],
    ]);
    assert.equal(rows[2]!.UniqueSize, '6B');
    assert.equal(imageRows([{ Id: id, RepoTags: ['a:1'], RepoDigests: null, Created: 0, Size: 1, SharedSize: -1, Containers: -1 }], { digests: false, noTrunc: true })[0]!.ID, id);
  });
});
