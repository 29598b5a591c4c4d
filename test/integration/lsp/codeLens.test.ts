import { strict as assert } from 'node:assert';
import type { CodeLens } from 'vscode-languageserver/node';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/lens/Dockerfile';

// Build history comes from the engine, which the language server does not reach yet: the lens
// request must answer (empty) rather than fail or wait.
describe('textDocument/codeLens over stdio', function () {
  const lsp = serverPerSuite();

  it('announces lenses and answers without a build history', async () => {
    assert.deepEqual(lsp.client.initializeResult?.capabilities.codeLensProvider, { resolveProvider: false });
    await lsp.client.open(URI, 'FROM alpine\nRUN true\n');
    assert.deepEqual(await lsp.client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } }), []);
  });
});
