import { strict as assert } from 'node:assert';
import type { CodeLens } from 'vscode-languageserver/node';
import { LspClient } from './lspClient';

const URI = 'file:///work/lens/Dockerfile';

// Build history comes from the engine, which the language server does not reach yet: the lens
// request must answer (empty) rather than fail or wait.
describe('textDocument/codeLens over stdio', function () {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    await client.stop().catch(() => client.kill());
  });

  it('announces lenses and answers without a build history', async () => {
    assert.deepEqual(client.initializeResult?.capabilities.codeLensProvider, { resolveProvider: false });
    await client.open(URI, 'FROM alpine\nRUN true\n');
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } }), []);
  });
});
