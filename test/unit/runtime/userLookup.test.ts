import * as assert from 'node:assert/strict';
import { parseGroup, parsePasswd, resolveUser } from '../../../engine/src/runtime/userLookup';

const passwd = 'root:x:0:0:root:/root:/bin/sh\n# comment\nberth:x:1000:1000::/home/berth:/bin/sh\nbroken line\n';
const group = 'root:x:0:\nwheel:x:10:root,berth\nstaff:x:50:berth\nberth:x:1000:\n';

describe('resolveUser', () => {
  it('defaults to root with root\'s home and memberships', () => {
    assert.deepEqual(resolveUser('', passwd, group), { uid: 0, gid: 0, additionalGids: [10], home: '/root' });
  });
  it('by name: primary group and supplementary groups from the files', () => {
    assert.deepEqual(resolveUser('berth', passwd, group), { uid: 1000, gid: 1000, additionalGids: [10, 50], home: '/home/berth' });
  });
  it('numeric ids need no entry; an explicit group drops memberships', () => {
    assert.deepEqual(resolveUser('4242', passwd, group), { uid: 4242, gid: 0, additionalGids: [], home: '/' });
    assert.deepEqual(resolveUser('1000:50', passwd, group), { uid: 1000, gid: 50, additionalGids: [], home: '/home/berth' });
    assert.deepEqual(resolveUser('berth:staff', passwd, group), { uid: 1000, gid: 50, additionalGids: [], home: '/home/berth' });
  });
  it('--group-add by name or number', () => {
    assert.deepEqual(resolveUser('berth', passwd, group, ['root', '77']).additionalGids, [10, 50, 0, 77]);
  });
  it("unknown names fail with runc's messages", () => {
    assert.throws(() => resolveUser('nobody2', passwd, group), /unable to find user nobody2: no matching entries in passwd file/);
    assert.throws(() => resolveUser('berth:nogroup2', passwd, group), /unable to find group nogroup2: no matching entries in group file/);
    assert.throws(() => resolveUser('root', undefined, undefined), /unable to find user root/);
  });
  it('parses only well-formed lines', () => {
    assert.equal(parsePasswd(passwd).length, 2);
    assert.deepEqual(parseGroup(group)[1], { name: 'wheel', gid: 10, members: ['root', 'berth'] });
  });
});
