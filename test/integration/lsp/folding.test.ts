import { strict as assert } from 'node:assert';
import type { FoldingRange } from 'vscode-languageserver/node';
import { LspClient } from './lspClient';

const URI = 'file:///work/folding/Dockerfile';

describe('textDocument/foldingRange over stdio', function () {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    await client.stop().catch(() => client.kill());
  });

  it('folds stages, continued instructions, heredocs and comment blocks', async () => {
    await client.open(URI, '# one\n# two\nFROM alpine\nRUN a \\\n  && b\nCOPY <<EOF /x\nbody\nEOF\n');
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.deepEqual(
      ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}`),
      ['0-1 comment', '2-7', '3-4', '5-7'],
    );
  });
});
