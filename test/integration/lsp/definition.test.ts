import { strict as assert } from 'node:assert';
import type { Location } from 'vscode-languageserver/node';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/definition/Dockerfile';
const TEXT = 'ARG TAG=3.20\r\nFROM alpine:$TAG AS base\r\nARG TAG\r\nRUN echo \\\r\n    ${TAG}\r\nFROM base\r\nCOPY --from=BASE /a /b\r\n';

describe('textDocument/definition over stdio', function () {
  const lsp = serverPerSuite({ [URI]: TEXT });

  const definition = (line: number, character: number) => lsp.client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: URI }, position: { line, character } });

  it('announces the provider', () => {
    assert.equal(lsp.client.initializeResult?.capabilities.definitionProvider, true);
  });

  it('leads from a use on a continued CRLF line to the stage ARG and the global ARG behind it', async () => {
    const result = await definition(4, 7);
    assert.deepEqual(
      result?.map((l) => [l.uri, l.range.start.line, l.range.start.character, l.range.end.character]),
      [
        [URI, 2, 4, 7],
        [URI, 0, 4, 7],
      ],
    );
  });

  it('leads from COPY --from to the stage, ignoring case', async () => {
    const result = await definition(6, 13);
    assert.deepEqual(result?.map((l) => l.range), [{ start: { line: 1, character: 20 }, end: { line: 1, character: 24 } }]);
  });

  it('answers null where nothing is defined', async () => {
    assert.equal(await definition(1, 7), null);
  });
});
