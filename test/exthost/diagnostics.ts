import * as vscode from 'vscode';

/** Berth's language server labels its diagnostics with these sources (server/src/diagnostics.ts). */
export const berthSources: readonly string[] = ['berth', 'buildkit', 'hadolint'];

/** Resolves with the document's diagnostics once `accept` holds for them, checking on every change. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (all: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const all = vscode.languages.getDiagnostics(uri);
      if (!accept(all)) return false;
      subscription.dispose();
      resolve(all);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}
