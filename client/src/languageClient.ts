/**
 * The language client for Berth's Dockerfile server (dist/server.js), started over Node IPC.
 * Settings reach the server through workspace/configuration under the `berth` section; the server
 * asks for them, so the client only has to forward changes, which vscode-languageclient does once
 * the server registers for them.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { serverEnvOverrides, serverExecArgv } from '../../server/src/launchFlags';

export const dockerfileSelector = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
];

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv], env: { ...serverEnvOverrides } } },
    // F5 from a checkout: attach a debugger to the server on port 6009.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6009'], env: { ...serverEnvOverrides } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: dockerfileSelector,
    outputChannel: output,
  };
  return new LanguageClient('berth', 'Berth', serverOptions, clientOptions);
}
