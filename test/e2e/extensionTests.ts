/**
 * Runs an extensionTestsPath module inside code-server's real Node extension host, which is what
 * @vscode/test-electron does with a desktop VS Code: the workbench URL carries the development
 * extension folders and the tests module (honoured only with the smoke-test driver option), and
 * VS Code web reports the tests' exit code by calling window.codeAutomationExit.
 */
import { resolve } from 'node:path';
import type { Browser } from './browser';

export interface ExtensionTestRun {
  readonly exitCode: number;
  /** Extension-host log files VS Code hands to codeAutomationExit. */
  readonly logs: readonly { readonly relativePath: string; readonly contents: string }[];
  /** Browser console errors, for diagnosing a run that failed. */
  readonly consoleErrors: readonly string[];
}

const remote = (path: string) => `vscode-remote://remote${resolve(path)}`;

export function extensionTestsUrl(serverUrl: string, workspace: string, developmentPath: string, testsModule: string): string {
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsModule)],
  ];
  return `${serverUrl}/?folder=${encodeURIComponent(resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function runExtensionTests(browser: Browser, url: string): Promise<ExtensionTestRun> {
  const consoleErrors: string[] = [];
  let finish: (run: ExtensionTestRun) => void = () => undefined;
  const done = new Promise<ExtensionTestRun>((resolveRun) => (finish = resolveRun));
  // Installed before the page loads, so the workbench finds it when the tests end.
  await browser.context.exposeFunction('codeAutomationExit', (exitCode: number, logs?: ExtensionTestRun['logs']) => {
    finish({ exitCode, logs: logs ?? [], consoleErrors });
  });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('crash', () => finish({ exitCode: -1, logs: [], consoleErrors: [...consoleErrors, 'the workbench page crashed'] }));
  await page.goto(url);
  return done;
}
