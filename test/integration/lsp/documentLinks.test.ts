import { strict as assert } from 'node:assert';
import type { DocumentLink } from 'vscode-languageserver/node';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/links/Dockerfile';

describe('textDocument/documentLink over stdio', function () {
  const lsp = serverPerSuite();

  it('links images to their registry pages and leaves stages alone', async () => {
    await lsp.client.open(URI, 'FROM node:20 AS build\nFROM ghcr.io/owner/tool:1 AS tool\nFROM build\nCOPY --from=tool /t /t\n');
    const links = await lsp.client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: URI } });
    assert.deepEqual(
      links.map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character} ${l.target}`),
      ['0:5-9 https://hub.docker.com/_/node', '1:5-23 https://ghcr.io/owner/tool'],
    );
  });
});
