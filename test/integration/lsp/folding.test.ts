import { strict as assert } from 'node:assert';
import type { FoldingRange } from 'vscode-languageserver/node';
import { serverPerSuite } from './lspClient';

const URI = 'file:///work/folding/Dockerfile';

describe('textDocument/foldingRange over stdio', function () {
  const lsp = serverPerSuite();

  it('folds stages, continued instructions, heredocs and comment blocks', async () => {
    await lsp.client.open(URI, '# one\n# two\nFROM alpine\nRUN a \\\n  && b\nCOPY <<EOF /x\nbody\nEOF\n');
    const ranges = await lsp.client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.deepEqual(
      ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}`),
      ['0-1 comment', '2-7', '3-4', '5-7'],
    );
  });
});
