/**
 * The VS Code workbench in a Playwright page, driven the way a user drives it: keyboard shortcuts,
 * the command palette, quick open. Every step waits for the DOM state it needs, never for time.
 */
import type { Locator, Page } from 'playwright-core';
import type { Browser } from './browser';

const stepTimeout = 20_000;

export class Workbench {
  private constructor(readonly page: Page) {}

  /** Loads the workbench for `folder` and waits until the explorer lists its files. */
  static async open(browser: Browser, serverUrl: string, folder: string): Promise<Workbench> {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(stepTimeout);
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return new Workbench(page);
  }

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget input');
  }

  private quickInputRow(text: string): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  }

  /** Runs a command from the F1 palette by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.fill(`>${title}`);
    await this.quickInputRow(title).waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file with Quick Open and waits until the editor shows `expectedText`. */
  async openFile(relativePath: string, expectedText: string): Promise<Locator> {
    await this.page.keyboard.press('Control+P');
    await this.quickInput.fill(relativePath);
    await this.quickInputRow(relativePath.split('/').pop() ?? relativePath).waitFor();
    await this.page.keyboard.press('Enter');
    const editor = this.page.locator('.editor-instance .monaco-editor', { hasText: expectedText }).first();
    await editor.locator('.view-lines').waitFor();
    return editor;
  }

  /** Moves the cursor of the active editor to a 1-based line and column with Go to Line. */
  async goToPosition(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor();
  }

  /** Shows an output channel in the panel and returns the panel, which then holds the channel's text. */
  async showOutputChannel(name: string): Promise<Locator> {
    await this.runCommand('Output: Show Output Channels...');
    await this.quickInputRow(name).click();
    return this.page.locator('.part.panel');
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
}
