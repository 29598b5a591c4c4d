import { strict as assert } from 'node:assert';
import type { InlayHint } from 'vscode-languageserver/node';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/hints/Dockerfile';

// Layer sizes and context sizes come from the engine, which the language server does not reach
// yet: the request must answer (empty) rather than fail or wait.
describe('textDocument/inlayHint over stdio', function () {
  const lsp = serverPerSuite();

  it('announces inlay hints and answers without engine data', async () => {
    assert.deepEqual(lsp.client.initializeResult?.capabilities.inlayHintProvider, { resolveProvider: false });
    await lsp.client.open(URI, 'FROM alpine\nCOPY . /src\n');
    const hints = await lsp.client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } } });
    assert.deepEqual(hints, []);
  });
});
