import * as assert from 'node:assert/strict';
import { berthExtension, waitUntilActive } from './berthExtension';
import { showWorkspaceFile } from './workspaceFiles';

describe('activation', () => {
  it('does not activate Berth at startup or for a .txt file', async () => {
    const extension = berthExtension();
    assert.equal(extension.isActive, false, 'Berth was active before any document opened');
    const editor = await showWorkspaceFile('notes.txt');
    assert.equal(editor.document.languageId, 'plaintext');
    assert.equal(extension.isActive, false, 'opening notes.txt activated Berth');
  });

  it('activates Berth when a Dockerfile opens and reports how long activation took', async () => {
    const extension = berthExtension();
    await showWorkspaceFile('Dockerfile');
    await waitUntilActive(extension);
    const ms = await extension.exports.activated;
    assert.equal(typeof ms, 'number');
    assert.ok(Number.isFinite(ms) && ms >= 0, `activation time ${ms} ms`);
    console.log(`Berth activated in ${ms} ms (extension-host test)`);
  });
});
