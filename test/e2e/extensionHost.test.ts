/**
 * Runs test/exthost inside code-server's extension host (the @vscode/test-electron replacement)
 * with the repository loaded as a development extension, then reports each of those tests here.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import type { ExtensionHostResult } from '../exthost/result';
import { launchBrowser, type Browser } from './browser';
import { freshResultsDir, repositoryRoot, requireBuildOutput } from './buildOutput';
import { CodeServer, installExtension } from './codeServer';
import { extensionTestsUrl, runExtensionTests, type ExtensionTestRun } from './extensionTests';
import { readToolchain } from './toolchain';
import { packageVsix } from './vsix';
import { createWorkspace } from './workspace';

// VS Code web keeps one extensionDevelopmentPath (its URL payload is a map), so the test-only token
// probe is installed as a regular extension and allowed its proposed API by a server flag.
const tokenProbe = { folder: join(repositoryRoot, 'test/e2e/fixtures/tokenProbe'), id: 'berth-test.token-probe' };

describe('extension host (code-server)', function () {
  this.timeout(150_000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let run: ExtensionTestRun | undefined;
  let results: ExtensionHostResult[] = [];

  before(async function () {
    const toolchain = readToolchain();
    requireBuildOutput('dist/extension.js', 'dist/server.js', 'out/test/exthost/index.js');
    const dir = freshResultsDir('extension-host');
    const workspace = createWorkspace(join(dir, 'workspace'));
    const resultsFile = join(dir, 'results.json');
    const runDir = join(dir, 'vscode');
    const probeVsix = join(dir, 'token-probe.vsix');
    await packageVsix(tokenProbe.folder, probeVsix, ['--allow-missing-repository', '--skip-license']);
    await installExtension(toolchain, runDir, probeVsix);
    server = await CodeServer.start({
      toolchain, runDir, workspace, smokeTestDriver: true, enableProposedApi: [tokenProbe.id], // a certificate bundle in the extension host's environment, which the language server must not inherit
      env: { BERTH_EXTHOST_RESULTS: resultsFile, NODE_EXTRA_CA_CERTS: join(dir, 'no-such-extra-ca.pem') },
    });
    browser = await launchBrowser(toolchain);
    const url = extensionTestsUrl(server.url, workspace, repositoryRoot, join(repositoryRoot, 'out/test/exthost/index.js'));
    run = await runExtensionTests(browser, url);
    if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExtensionHostResult[];
    // Report every extension-host test as a test of this suite (mocha runs tests added by a before hook).
    const suite = this.test?.parent;
    for (const result of results) {
      suite?.addTest(new Mocha.Test(result.title, () => {
        if (result.passed) return;
        const error = new Error(result.error?.split('\n')[0] ?? 'failed');
        error.stack = result.error ?? error.stack;
        throw error;
      }));
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the extension-host suite to completion', () => {
    const logs = (run?.logs ?? []).map((l) => `--- ${l.relativePath}\n${l.contents}`).join('\n').slice(-4000);
    assert.ok(results.length > 0, `the extension-host suite reported no results (exit code ${run?.exitCode}); console errors:\n${run?.consoleErrors.join('\n')}\n${logs}`);
    const failed = results.filter((r) => !r.passed).length;
    assert.equal(run?.exitCode, failed > 0 ? 1 : 0, `exit code ${run?.exitCode} does not match ${failed} failed test(s)`);
  });
});
