import * as assert from 'node:assert/strict';
import { lstatSync, mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { absolutePath, assertsDirectory, goBase, goFileMode, isGoDir } from '../../../engine/src/containerfs/pathStat';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('goFileMode', () => {
  let dir: string;
  before(() => {
    dir = scratchDir('pathstat');
  });
  after(() => removeScratch(dir));

  it("encodes type and special bits the way Go's os.FileMode does", () => {
    mkdirSync(join(dir, 'd'));
    chmodSync(join(dir, 'd'), 0o1777);
    writeFileSync(join(dir, 'f'), 'x');
    chmodSync(join(dir, 'f'), 0o4755);
    symlinkSync('f', join(dir, 'l'));
    assert.equal(goFileMode(lstatSync(join(dir, 'd'))), 2 ** 31 + 2 ** 20 + 0o777);
    assert.equal(goFileMode(lstatSync(join(dir, 'f'))), 2 ** 23 + 0o755);
    assert.equal(goFileMode(lstatSync(join(dir, 'l'))), 2 ** 27 + 0o777);
    assert.equal(goFileMode(lstatSync('/dev/null')), 2 ** 26 + 2 ** 21 + (lstatSync('/dev/null').mode & 0o777));
    assert.equal(isGoDir(goFileMode(lstatSync(join(dir, 'd')))), true);
    assert.equal(isGoDir(goFileMode(lstatSync(join(dir, 'f')))), false);
  });
});

describe('absolutePath and goBase', () => {
  it("clean like Docker's archive code, keeping a trailing / or /.", () => {
    assert.equal(absolutePath('etc/passwd'), '/etc/passwd');
    assert.equal(absolutePath('../../../etc//x/'), '/etc/x/');
    assert.equal(absolutePath('/dir/.'), '/dir/.');
    assert.equal(absolutePath('/'), '/');
    assert.equal(absolutePath('.'), '/.');
    assert.equal(goBase('/etc/'), 'etc');
    assert.equal(goBase('/x/.'), '.');
    assert.equal(goBase('/'), '/');
    assert.equal(assertsDirectory('/x/'), true);
    assert.equal(assertsDirectory('/x/.'), true);
    assert.equal(assertsDirectory('/x'), false);
  });
});
