import { strict as assert } from 'node:assert';
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/rename/Dockerfile';
const TEXT = 'FROM golang AS Builder\nARG OUT=/out\nRUN go build -o $OUT\nFROM alpine\nCOPY --from=builder /out /app\nRUN --mount=type=cache,from=BUILDER,target=/c true\nARG OUT=/elsewhere\nRUN <<EOF\necho $OUT\nEOF\n';

describe('textDocument/rename over stdio', function () {
  const lsp = serverPerSuite({ [URI]: TEXT });

  const rename = async (line: number, character: number, newName: string) => {
    const edit = await lsp.client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: URI }, position: { line, character }, newName });
    return TextDocument.applyEdits(TextDocument.create(URI, 'dockerfile', 1, TEXT), edit.changes![URI]);
  };

  it('announces prepareRename', () => {
    assert.deepEqual(lsp.client.initializeResult?.capabilities.renameProvider, { prepareProvider: true });
  });

  it('prepares with the range and the name as written', async () => {
    const result = await lsp.client.request('textDocument/prepareRename', { textDocument: { uri: URI }, position: { line: 4, character: 14 } });
    assert.deepEqual(result, { range: { start: { line: 4, character: 12 }, end: { line: 4, character: 19 } }, placeholder: 'builder' });
  });

  it('refuses with a message the editor shows', async () => {
    await assert.rejects(
      lsp.client.request('textDocument/prepareRename', { textDocument: { uri: URI }, position: { line: 0, character: 7 } }),
      (err: Error & { code?: number }) => err.code === -32803 && /golang is an image, not a stage/.test(err.message),
    );
    await assert.rejects(lsp.client.request('textDocument/rename', { textDocument: { uri: URI }, position: { line: 0, character: 16 }, newName: 'Bad Name' }), /not a valid stage name/);
  });

  it('renames a stage everywhere it is named, and a variable only where it is bound', async () => {
    assert.equal(await rename(0, 16, 'compile'), TEXT.replace('Builder', 'compile').replace('builder', 'compile').replace('BUILDER', 'compile'));
    assert.equal(await rename(2, 18, 'BIN'), TEXT.replace('ARG OUT=/out', 'ARG BIN=/out').replace('-o $OUT', '-o $BIN'));
  });
});
