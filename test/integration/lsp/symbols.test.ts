import { strict as assert } from 'node:assert';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver/node';
import { LspClient, VSCODE_CAPABILITIES } from './lspClient';

const URI = 'file:///work/symbols/Dockerfile';
const TEXT = 'ARG BASE=alpine\nFROM $BASE AS build\nENV A=1\nRUN make\nFROM scratch\nCOPY --from=build /a /a\n';

describe('textDocument/documentSymbol over stdio', function () {
  const clients: LspClient[] = [];

  after(async () => {
    for (const c of clients) await c.stop().catch(() => c.kill());
  });

  it('answers hierarchical symbols to VS Code', async () => {
    const client = await LspClient.start();
    clients.push(client);
    await client.open(URI, TEXT);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
      [
        ['ARG BASE=alpine', ['BASE']],
        ['build', ['ENV A=1', 'RUN make']],
        ['FROM scratch', ['COPY --from=build /a /a']],
      ],
    );
  });

  it('answers flat symbols to a client without hierarchical support', async () => {
    const capabilities = { ...VSCODE_CAPABILITIES, textDocument: { ...VSCODE_CAPABILITIES.textDocument, documentSymbol: { hierarchicalDocumentSymbolSupport: false } } };
    const client = await LspClient.start({ capabilities });
    clients.push(client);
    await client.open(URI, TEXT);
    const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.ok(symbols.every((s) => s.location.uri === URI));
    assert.equal(symbols.find((s) => s.name === 'RUN make')?.containerName, 'build');
  });
});
