import * as vscode from 'vscode';

/** A file of the workspace test/e2e/workspace.ts writes. */
export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the harness opens the one test/e2e/workspace.ts writes');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function showWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(relativePath)));
}

export async function showUntitled(content: string, language = 'dockerfile'): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }));
}
