import { strict as assert } from 'node:assert';
import type { Location } from 'vscode-languageserver/node';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/references/Dockerfile';
const TEXT = 'FROM alpine AS deps\nFROM deps AS build\nCOPY --from=deps /a /a\nRUN --mount=from=deps,target=/d true\nFROM alpine AS other\nENV deps=1\n';

describe('textDocument/references over stdio', function () {
  const lsp = serverPerSuite({ [URI]: TEXT });

  it('lists every reference to a stage, with or without its declaration', async () => {
    const lines = async (includeDeclaration: boolean) =>
      (await lsp.client.request<Location[]>('textDocument/references', { textDocument: { uri: URI }, position: { line: 2, character: 14 }, context: { includeDeclaration } })).map(
        (l) => `${l.range.start.line}:${l.range.start.character}`,
      );
    assert.deepEqual(await lines(true), ['0:15', '1:5', '2:12', '3:17']);
    assert.deepEqual(await lines(false), ['1:5', '2:12', '3:17']);
  });
});
