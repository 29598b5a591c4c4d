import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { workspaceUri } from './workspaceFiles';

describe('language association', () => {
  for (const name of ['Dockerfile', 'Containerfile', 'Containerfile.prod', 'Dockerfile.dev', 'foo.dockerfile', 'app.Dockerfile']) {
    it(`opens ${name} as dockerfile`, async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri(name));
      assert.equal(document.languageId, 'dockerfile');
    });
  }

  it('leaves notes.txt as plaintext', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('notes.txt'));
    assert.equal(document.languageId, 'plaintext');
  });
});
