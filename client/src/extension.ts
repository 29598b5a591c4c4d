/**
 * Berth's extension entry. Activation (onLanguage:dockerfile) only starts the language client:
 * nothing here contacts a container engine, so opening a Dockerfile stays cheap.
 */
import * as vscode from 'vscode';
import type { BerthApi } from './api';
import { createLanguageClient } from './languageClient';

export function activate(context: vscode.ExtensionContext): BerthApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Berth', { log: true });
  const client = createLanguageClient(context, output);
  // Disposing the client stops the server; VS Code disposes subscriptions on deactivation.
  context.subscriptions.push(output, client);

  const activated = client.start().then(
    () => {
      const ms = Math.round(performance.now() - started);
      output.info(`Berth activated in ${ms} ms`);
      return ms;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      output.error(`Berth: the Dockerfile language server did not start: ${message}`);
      void vscode.window.showErrorMessage(`Berth: the Dockerfile language server did not start (${message}). See the Berth output channel.`);
      throw error;
    },
  );
  activated.catch(() => undefined); // reported above; callers of the API still see the rejection
  return { activated };
}
