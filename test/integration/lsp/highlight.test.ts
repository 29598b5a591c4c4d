import { strict as assert } from 'node:assert';
import type { DocumentHighlight } from 'vscode-languageserver/node';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/highlight/Dockerfile';

describe('textDocument/documentHighlight over stdio', function () {
  const lsp = serverPerSuite();

  const highlights = async (line: number, character: number) =>
    (await lsp.client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: URI }, position: { line, character } })).map(
      (h) => `${h.range.start.line}:${h.range.start.character}-${h.range.end.character} ${h.kind}`,
    );

  it('follows the document as it changes', async () => {
    await lsp.client.open(URI, 'FROM alpine AS a\nARG V=1\nRUN echo $V\nFROM alpine AS b\nARG V=2\nRUN echo $V\n');
    assert.deepEqual(await highlights(2, 10), ['1:4-5 3', '2:10-11 2']);
    // Delete the second stage's ARG: its $V is then undeclared, and the first stage is untouched.
    await lsp.client.change(URI, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' }]);
    assert.deepEqual(await highlights(4, 10), ['4:10-11 2']);
    assert.deepEqual(await highlights(1, 4), ['1:4-5 3', '2:10-11 2']);
  });
});
