import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerChanges, changeKinds } from '../../../engine/src/containerfs/changes';
import { lsetxattr } from '../../../engine/src/layer/syscalls';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

const { modified: C, added: A, deleted: D } = changeKinds;

describe('containerChanges', () => {
  let dir: string;
  let lower: string;

  beforeEach(() => {
    requireRoot();
    dir = scratchDir('changes');
    lower = join(dir, 'lower');
    for (const d of ['etc', 'usr/bin', 'var/lib/app', 'opaque/old']) mkdirSync(join(lower, d), { recursive: true });
    writeFileSync(join(lower, 'etc/passwd'), 'root');
    writeFileSync(join(lower, 'etc/motd'), 'hello');
    writeFileSync(join(lower, 'usr/bin/tool'), 'v1');
    writeFileSync(join(lower, 'opaque/old/file'), 'old');
    for (const d of ['etc', 'usr', 'usr/bin', 'var', 'var/lib', 'opaque']) utimesSync(join(lower, d), 1_600_000_000, 1_600_000_000);
  });
  afterEach(() => removeScratch(dir));

  /** An upper directory in overlayfs form: copies of changed directories, new files, whiteouts. */
  function upperDir(): string {
    const upper = join(dir, 'upper');
    mkdirSync(join(upper, 'usr/bin'), { recursive: true });
    writeFileSync(join(upper, 'usr/bin/tool'), 'v2');
    mkdirSync(join(upper, 'etc'));
    execFileSync('mknod', [join(upper, 'etc/motd'), 'c', '0', '0']);
    // what the runtime makes in every container: Docker's init layer never shows it
    writeFileSync(join(upper, 'etc/hostname'), '');
    writeFileSync(join(upper, 'etc/hosts'), '');
    mkdirSync(join(upper, 'proc'));
    mkdirSync(join(upper, 'newdir/sub'), { recursive: true });
    writeFileSync(join(upper, 'newdir/sub/f'), 'x');
    mkdirSync(join(upper, 'opaque'));
    lsetxattr(join(upper, 'opaque'), 'trusted.overlay.opaque', Buffer.from('y'));
    writeFileSync(join(upper, 'opaque/fresh'), 'new');
    return upper;
  }

  it('reports an overlay upper directory as Docker does', async () => {
    const { changes, omitted } = await containerChanges({ kind: 'upper', upper: upperDir(), lowers: [lower] });
    assert.deepEqual(changes, [
      { Path: '/etc', Kind: C },
      { Path: '/etc/motd', Kind: D },
      { Path: '/newdir', Kind: A },
      { Path: '/newdir/sub', Kind: A },
      { Path: '/newdir/sub/f', Kind: A },
      { Path: '/opaque', Kind: D },
      { Path: '/opaque/fresh', Kind: A },
      { Path: '/usr', Kind: C },
      { Path: '/usr/bin', Kind: C },
      { Path: '/usr/bin/tool', Kind: C },
    ]);
    assert.deepEqual([...omitted].sort(), ['/etc/hostname', '/etc/hosts', '/proc']);
  });

  it('leaves out /etc when only the runtime touched it', async () => {
    const upper = join(dir, 'upper');
    mkdirSync(join(upper, 'etc'), { recursive: true });
    writeFileSync(join(upper, 'etc/resolv.conf'), '');
    const { changes, omitted } = await containerChanges({ kind: 'upper', upper, lowers: [lower] });
    assert.deepEqual(changes, []);
    assert.deepEqual([...omitted].sort(), ['/etc', '/etc/resolv.conf']);
    chmodSync(join(upper, 'etc'), 0o700);
    assert.deepEqual((await containerChanges({ kind: 'upper', upper, lowers: [lower] })).changes, [{ Path: '/etc', Kind: C }]);
  });

  it('sees through the lower stack: whiteouts and opaque directories in lower layers hide', async () => {
    const top = join(dir, 'top');
    mkdirSync(join(top, 'usr'), { recursive: true });
    execFileSync('mknod', [join(top, 'usr/bin'), 'c', '0', '0']);
    const upper = join(dir, 'upper');
    mkdirSync(join(upper, 'usr/bin'), { recursive: true });
    const { changes } = await containerChanges({ kind: 'upper', upper, lowers: [top, lower] });
    assert.deepEqual(changes, [{ Path: '/usr', Kind: C }, { Path: '/usr/bin', Kind: A }]);
  });

  it('compares a full copy with the image tree (copy snapshotter)', async () => {
    const root = join(dir, 'copy');
    execFileSync('cp', ['-a', `${lower}/.`, `${root}/`]);
    writeFileSync(join(root, 'usr/bin/tool'), 'v2 longer');
    unlinkSync(join(root, 'etc/motd'));
    writeFileSync(join(root, 'etc/hosts'), '');
    mkdirSync(join(root, 'newdir'));
    rmSync(join(root, 'var/lib/app'), { recursive: true });
    const { changes } = await containerChanges({ kind: 'tree', root, base: lower });
    assert.deepEqual(changes, [
      { Path: '/etc', Kind: C },
      { Path: '/etc/motd', Kind: D },
      { Path: '/newdir', Kind: A },
      { Path: '/usr', Kind: C },
      { Path: '/usr/bin', Kind: C },
      { Path: '/usr/bin/tool', Kind: C },
      { Path: '/var', Kind: C },
      { Path: '/var/lib', Kind: C },
      { Path: '/var/lib/app', Kind: D },
    ]);
  });
});
