import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { berthExtension } from './berthExtension';
import { berthSources, waitForDiagnostics } from './diagnostics';
import { brokenDockerfile } from '../e2e/workspace';
import { showUntitled, showWorkspaceFile, workspaceUri } from './workspaceFiles';

const fromBerth = (d: vscode.Diagnostic) => berthSources.includes(d.source ?? '');

/** Pids of this process's children whose command line mentions `script`. */
function childrenRunning(script: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      const parent = /^\d+ \(.*\) \S+ (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      return Number(parent) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

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

  it('starts the server without the extension host\'s NODE_EXTRA_CA_CERTS (it makes no TLS connections)', () => {
    assert.ok(process.env.NODE_EXTRA_CA_CERTS, 'the harness (test/e2e/extensionHost.test.ts) sets NODE_EXTRA_CA_CERTS for this check');
    const servers = childrenRunning('dist/server.js');
    assert.equal(servers.length, 1, `language servers forked by the extension host: ${servers.join(', ')}`);
    const environ = readFileSync(`/proc/${servers[0]}/environ`, 'utf8').split('\0');
    assert.ok(environ.some((entry) => entry.startsWith('PATH=')), 'the server has the rest of the environment');
    assert.equal(environ.filter((entry) => entry.startsWith('NODE_EXTRA_CA_CERTS=')).length, 0);
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
