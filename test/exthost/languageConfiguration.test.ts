import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { showUntitled } from './workspaceFiles';

async function pressEnterAtEndOf(editor: vscode.TextEditor, line: number): Promise<void> {
  const end = editor.document.lineAt(line).range.end;
  editor.selection = new vscode.Selection(end, end);
  await vscode.commands.executeCommand('type', { text: '\n' });
}

// The built-in docker extension has no onEnterRules, so these come from Berth's language-configuration.json.
describe('language configuration', () => {
  it('indents the line after an instruction that ends with a line continuation', async () => {
    const editor = await showUntitled('RUN apt-get update && \\');
    await pressEnterAtEndOf(editor, 0);
    assert.match(editor.document.lineAt(1).text, /^[ \t]+$/);
  });

  it('keeps the indentation inside a continued instruction', async () => {
    const editor = await showUntitled(['RUN apt-get update && \\', '    apt-get install -y curl \\'].join('\n'));
    await pressEnterAtEndOf(editor, 1);
    assert.equal(editor.document.lineAt(2).text, '    ');
  });

  it('drops the indentation after the last line of a continued instruction', async () => {
    const editor = await showUntitled(['RUN apt-get update && \\', '    apt-get install -y curl'].join('\n'));
    await pressEnterAtEndOf(editor, 1);
    assert.equal(editor.document.lineAt(2).text, '');
  });

  it('does not continue a comment that ends with a backslash', async () => {
    const editor = await showUntitled('# a comment \\');
    await pressEnterAtEndOf(editor, 0);
    assert.equal(editor.document.lineAt(1).text, '');
  });
});
