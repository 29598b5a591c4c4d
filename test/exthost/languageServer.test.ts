import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { berthExtension } from './berthExtension';
import { berthSources, waitForDiagnostics } from './diagnostics';
import { brokenDockerfile } from '../e2e/workspace';
import { showUntitled, showWorkspaceFile, workspaceUri } from './workspaceFiles';

const fromBerth = (d: vscode.Diagnostic) => berthSources.includes(d.source ?? '');

describe('language server', () => {
  before(async () => {
    await berthExtension().activate();
    await berthExtension().exports.activated;
  });

  it('publishes diagnostics for a broken Dockerfile', async () => {
    await showWorkspaceFile('broken/Dockerfile');
    const all = await waitForDiagnostics(workspaceUri('broken/Dockerfile'), (d) => d.some(fromBerth));
    assert.ok(all.some(fromBerth));
  });

  it('publishes diagnostics for an untitled Dockerfile too', async () => {
    const editor = await showUntitled(brokenDockerfile);
    await waitForDiagnostics(editor.document.uri, (d) => d.some(fromBerth));
  });

  it('answers hover on an instruction', async () => {
    const uri = workspaceUri('Dockerfile');
    await vscode.workspace.openTextDocument(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\S/, 'no hover text for FROM');
  });

  it('completes instruction keywords on an empty line', async () => {
    const editor = await showUntitled('FROM alpine:3.20\n');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(1, 0));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.some((l) => l.toUpperCase().startsWith('WORKDIR')), `no WORKDIR among ${JSON.stringify(labels.slice(0, 30))}`);
  });
});
