import * as assert from 'node:assert/strict';
import { planCopy, rebaseName, splitPathDirEntry } from '../../../engine/src/cli/copyPlan';

// moby integration-cli docker_cli_cp_to_container_test.go, cases A to J
describe('planCopy', () => {
  const file = { path: '/src/file1', isDir: false };
  const dir = { path: '/src/dir1', isDir: true };
  const contents = { path: '/src/dir1/.', isDir: true };

  it('A: a file to a missing path creates that file', () => {
    assert.deepEqual(planCopy(file, { path: '/dst/new', exists: false, isDir: false }), { dir: '/dst', rename: { from: 'file1', to: 'new' } });
  });
  it('B: a file to a missing path ending in / is an error', () => {
    assert.throws(() => planCopy(file, { path: '/dst/new/', exists: false, isDir: false }), /no such directory/);
  });
  it('C: a file onto a file overwrites it', () => {
    assert.deepEqual(planCopy(file, { path: '/dst/file', exists: true, isDir: false }), { dir: '/dst', rename: { from: 'file1', to: 'file' } });
  });
  it('D: a file into a directory keeps its name', () => {
    assert.deepEqual(planCopy(file, { path: '/dst/dir', exists: true, isDir: true }), { dir: '/dst/dir' });
  });
  it('E: a directory to a missing path creates it with the contents', () => {
    assert.deepEqual(planCopy(dir, { path: '/dst/new', exists: false, isDir: false }), { dir: '/dst', rename: { from: 'dir1', to: 'new' } });
  });
  it('F and I: a directory onto a file is an error', () => {
    assert.throws(() => planCopy(dir, { path: '/dst/file', exists: true, isDir: false }), /cannot copy directory/);
    assert.throws(() => planCopy(contents, { path: '/dst/file', exists: true, isDir: false }), /cannot copy directory/);
  });
  it('G: a directory into a directory copies it there', () => {
    assert.deepEqual(planCopy(dir, { path: '/dst/dir', exists: true, isDir: true }), { dir: '/dst/dir' });
  });
  it('H: a directory\'s contents to a missing path create it', () => {
    assert.deepEqual(planCopy(contents, { path: '/dst/new', exists: false, isDir: false }), { dir: '/dst', rename: { from: '.', to: 'new' } });
  });
  it('J: a directory\'s contents into a directory', () => {
    assert.deepEqual(planCopy(contents, { path: '/dst/dir', exists: true, isDir: true }), { dir: '/dst/dir' });
  });
  it('uses the link\'s name for a followed link (-L)', () => {
    assert.deepEqual(planCopy({ path: '/real/target', isDir: false, rebaseName: 'link' }, { path: '/dst/x', exists: false, isDir: false }), { dir: '/dst', rename: { from: 'link', to: 'x' } });
  });
});

describe('splitPathDirEntry', () => {
  it('keeps a final . and drops trailing slashes', () => {
    assert.deepEqual(splitPathDirEntry('/a/b/.'), { dir: '/a/b', base: '.' });
    assert.deepEqual(splitPathDirEntry('/a/b/'), { dir: '/a', base: 'b' });
    assert.deepEqual(splitPathDirEntry('/'), { dir: '/', base: '/' });
    assert.deepEqual(splitPathDirEntry('rel'), { dir: '.', base: 'rel' });
  });
});

describe('rebaseName', () => {
  it('renames the first occurrence, as moby does', () => {
    assert.equal(rebaseName('dir1/sub/f', { from: 'dir1', to: 'new' }), 'new/sub/f');
    assert.equal(rebaseName('./a', { from: '.', to: 'new' }), 'new/a');
    assert.equal(rebaseName('/etc/passwd', { from: '/', to: 'rootcopy' }), 'rootcopy/etc/passwd');
    assert.equal(rebaseName('x', undefined), 'x');
  });
});
