import * as vscode from 'vscode';
import type { BerthApi } from '../../client/src/api';

export const berthExtensionId = 'berth.berth';

export function berthExtension(): vscode.Extension<BerthApi> {
  const extension = vscode.extensions.getExtension<BerthApi>(berthExtensionId);
  if (!extension) throw new Error(`extension ${berthExtensionId} is not loaded; was the repository passed as extensionDevelopmentPath?`);
  return extension;
}

/**
 * Resolves once VS Code has activated the extension by itself. There is no activation event in the
 * API, so this checks isActive between turns of the event loop; mocha's timeout bounds the wait.
 */
export async function waitUntilActive(extension: vscode.Extension<unknown>): Promise<void> {
  while (!extension.isActive) await new Promise((resolve) => setTimeout(resolve, 20));
}
