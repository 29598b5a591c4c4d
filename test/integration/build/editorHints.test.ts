// The editor's build hints from a real build: the language server (dist/server.js over stdio) finds
// berthd through BERTH_HOST, reads the last build of the open Dockerfile from /berth/v1/builds,
// asks the client to refresh its code lenses and inlay hints when that build is known and again
// when a new build of the file finishes (berthd's builder event), and shows each step's layer
// size and cache status on the instruction's own lines.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, InlayHint } from 'vscode-languageserver/node';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import type { Berthd } from '../api/berthdProcess';
import { LspClient } from '../lsp/lspClient';
import { berth, berthdForBuilds } from './buildDaemon';

describe('build hints in the editor from berthd', function () {
  this.timeout(180_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;
  let lsp: LspClient;
  let ctx: string;
  let uri: string;
  const refreshes: { codeLens: number; inlayHint: number } = { codeLens: 0, inlayHint: 0 };
  let waiting: { count: number; resolve: () => void } | undefined;
  const text = 'FROM busybox\n\n# the payload\nCOPY payload.bin /payload.bin\nRUN echo built && \\\n    cp /payload.bin /copy.bin\nCMD ["true"]\n';

  /** Resolves once the server asked for fresh code lenses `n` times in all. */
  const lensRefresh = (n: number) => new Promise<void>((resolve) => {
    if (refreshes.codeLens >= n) return resolve();
    waiting = { count: n, resolve };
  });

  before(async () => {
    dir = scratchDir('editor-hints');
    daemon = await berthdForBuilds(dir);
    env = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host };
    ctx = join(dir, 'project');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), text);
    writeFileSync(join(ctx, 'payload.bin'), Buffer.alloc(300_000, 7));
    uri = pathToFileURL(join(ctx, 'Dockerfile')).href;
    assert.equal((await berth(['build', '-t', 'editor-hints:v1', '.'], { env, cwd: ctx })).code, 0);
    // the server inherits the environment it is started with: this engine, not the machine's
    const saved = process.env.BERTH_HOST;
    process.env.BERTH_HOST = daemon.host;
    try {
      lsp = await LspClient.start();
    } finally {
      if (saved === undefined) delete process.env.BERTH_HOST;
      else process.env.BERTH_HOST = saved;
    }
    lsp.connection.onRequest('workspace/codeLens/refresh', () => {
      refreshes.codeLens++;
      if (waiting && refreshes.codeLens >= waiting.count) waiting.resolve();
      return null;
    });
    lsp.connection.onRequest('workspace/inlayHint/refresh', () => {
      refreshes.inlayHint++;
      return null;
    });
  });
  after(async () => {
    await lsp?.stop().catch(() => lsp?.kill());
    await daemon?.stop();
    removeScratch(dir);
  });

  const lenses = async () => (await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => [l.range.start.line, l.command?.title]);
  const hints = async () =>
    (await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } } }))
      .map((h) => [h.position.line, typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')]);

  it("shows the last build's layer sizes and times on the instructions' lines once the engine answered", async () => {
    await lsp.open(uri, text);
    // the first request answers at once (nothing known yet) and starts the look-up
    await lenses();
    await lensRefresh(1);
    const shown = await lenses();
    assert.deepEqual(shown.map(([line]) => line), [0, 3, 4, 6]);
    assert.match(String(shown[0]![1]), /^Last build: 4 steps · 1 cached · 60[0-9.]+ kB in layers · [0-9.]+ (ms|s)$/);
    assert.match(String(shown[1]![1]), /^30[0-9.]+ kB · [0-9.]+ (ms|s)$/, 'COPY: its layer and its time');
    assert.match(String(shown[2]![1]), /^30[0-9.]+ kB · [0-9.]+ (ms|s)$/, 'RUN (lines 5-6): the copy it made');
    assert.match(String(shown[3]![1]), /^no layer · [0-9.]+ (ms|s)$/);
    const inlay = await hints();
    assert.deepEqual(inlay.filter(([line]) => line !== 3).map(([line]) => line), [0, 5, 6], 'a hint at the end of each instruction (the RUN ends on its second line)');
    assert.match(String(inlay.find(([line]) => line === 3)![1]), /^30[0-9.]+ kB · [0-9.]+ (ms|s)/);
    assert.ok(refreshes.inlayHint >= 1, 'inlay hints are refreshed with the lenses');
  });

  it('a new build of the open file refreshes the hints, which then say the steps came from the cache', async () => {
    const before = refreshes.codeLens;
    assert.equal((await berth(['build', '.'], { env, cwd: ctx })).code, 0);
    // A refresh for another reason (the build context's sizes, read in the background) may come
    // first: the lenses are asked again after each one until the new build shows.
    let shown = await lenses();
    // well within the history's own 30 s refresh, which would bring the build anyway
    const deadline = Date.now() + 10_000;
    for (let seen = before + 1; !/ 4 cached /.test(String(shown[0]?.[1])); seen++) {
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now())).unref());
      if ((await Promise.race([lensRefresh(seen), timer])) === 'late') assert.fail(`no refresh brought the new build within 10 s; the lenses say ${JSON.stringify(shown[0]?.[1])}`);
      shown = await lenses();
    }
    assert.match(String(shown[0]![1]), /^Last build: 4 steps · 4 cached · 60[0-9.]+ kB in layers$/);
    assert.match(String(shown[1]![1]), /^30[0-9.]+ kB · cached$/);
    assert.match(String(shown[2]![1]), /^30[0-9.]+ kB · cached$/);
    assert.deepEqual(shown[3], [6, 'no layer · cached']);
  });

  it("offers the engine's local images after FROM", async () => {
    // completion never waits on the engine: the first one may come before its answer
    const other = pathToFileURL(join(ctx, 'Other.Dockerfile')).href;
    const diagnostics = lsp.waitForDiagnostics(other, 1);
    await lsp.open(other, 'FROM \n');
    await diagnostics;
    const deadline = Date.now() + 10_000;
    let labels: string[] = [];
    while (!labels.includes('editor-hints:v1') && Date.now() < deadline) {
      labels = (await lsp.completion(other, { line: 0, character: 5 })).map((item) => item.label);
      if (!labels.includes('editor-hints:v1')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(labels.includes('editor-hints:v1'), `FROM completion offers the image built above; it offered ${JSON.stringify(labels.slice(0, 20))}`);
    await lsp.close(other);
  });

  it('an edit that moves an instruction leaves its data out until the next build rather than showing it on the wrong line', async () => {
    await lsp.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'LABEL moved=yes\n' }]);
    const shown = await lenses();
    assert.deepEqual(shown.map(([line]) => line), [0], 'only the stage summary: its FROM did not move');
  });
});
