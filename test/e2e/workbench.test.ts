/**
 * Berth as a user gets it: the .vsix installed into code-server with --install-extension, a
 * workspace opened in the workbench, driven with Playwright and Debian's chromium. Screenshots go
 * to out/e2e-results/workbench/.
 */
import { join } from 'node:path';
import { launchBrowser, type Browser } from './browser';
import { freshResultsDir, repositoryRoot, requireBuildOutput } from './buildOutput';
import { CodeServer, installExtension } from './codeServer';
import { readToolchain } from './toolchain';
import { Workbench } from './workbench';
import { packageVsix } from './vsix';
import { createWorkspace } from './workspace';

describe('workbench (code-server, packaged extension)', function () {
  this.timeout(40_000);
  let dir = '';
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workbench: Workbench;

  before(async function () {
    this.timeout(120_000);
    const toolchain = readToolchain();
    requireBuildOutput('dist/extension.js', 'dist/server.js');
    dir = freshResultsDir('workbench');
    const vsix = join(dir, 'berth.vsix');
    await packageVsix(repositoryRoot, vsix);
    const runDir = join(dir, 'vscode');
    await installExtension(toolchain, runDir, vsix);
    const workspace = createWorkspace(join(dir, 'workspace'));
    server = await CodeServer.start({ toolchain, runDir, workspace });
    browser = await launchBrowser(toolchain);
    workbench = await Workbench.open(browser, server.url, workspace);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      await workbench.screenshot(join(dir, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`)).catch(() => undefined);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("opens a Dockerfile as dockerfile and highlights it with Berth's grammar", async () => {
    await workbench.openFile('broken/Dockerfile', 'RUNN');
    await workbench.page.locator('.statusbar-item', { hasText: 'Dockerfile' }).first().waitFor();
    await workbench.goToPosition(1, 8);
    await workbench.runCommand('Developer: Inspect Editor Tokens and Scopes');
    const widget = workbench.page.locator('.token-inspect-widget', { hasText: 'source.dockerfile.berth' });
    await widget.locator('text=entity.name.type.image.dockerfile').waitFor();
    await workbench.screenshot(join(dir, 'grammar.png'));
    await workbench.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
  });

  it('writes the activation time to the Berth output channel', async () => {
    const panel = await workbench.showOutputChannel('Berth');
    await panel.getByText(/Berth\s+activated\s+in\s+\d+\s+ms/).waitFor();
  });

  it('shows a Berth diagnostic in the Problems panel', async () => {
    await workbench.runCommand('Focus Problems (Errors, Warnings, Infos)');
    const row = workbench.page.locator('.markers-panel .monaco-list-row', { hasText: /berth|buildkit|hadolint/ }).first();
    await row.waitFor();
    await workbench.screenshot(join(dir, 'problems.png'));
  });

  it('completes an instruction keyword on Ctrl+Space', async () => {
    await workbench.openFile('broken/Dockerfile', 'RUNN');
    await workbench.goToPosition(4, 1);
    await workbench.page.keyboard.press('Control+Space');
    const rows = workbench.page.locator('.suggest-widget .monaco-list-row');
    await rows.first().waitFor();
    // The list is virtualised: narrow it the way a user would, then look for the item.
    await workbench.page.keyboard.type('WORK');
    await rows.filter({ hasText: 'WORKDIR' }).first().waitFor();
    await workbench.screenshot(join(dir, 'completion.png'));
    await workbench.page.keyboard.press('Escape');
  });
});
