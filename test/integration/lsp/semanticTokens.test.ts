import { strict as assert } from 'node:assert';
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensLegend } from 'vscode-languageserver/node';
import { LspClient } from './lspClient';

const URI = 'file:///work/tokens/Dockerfile';

describe('textDocument/semanticTokens over stdio', function () {
  let client: LspClient;
  let legend: SemanticTokensLegend;

  before(async () => {
    client = await LspClient.start();
    const provider = client.initializeResult!.capabilities.semanticTokensProvider!;
    legend = provider.legend;
    await client.open(URI, 'FROM alpine AS base\nARG V=1\nRUN echo "$V"\n');
  });

  after(async () => {
    await client.stop().catch(() => client.kill());
  });

  const decode = (data: readonly number[]) => {
    const out: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] ? data[i + 1] : character + data[i + 1];
      out.push(`${line}:${character}+${data[i + 2]} ${legend.tokenTypes[data[i + 3]]}`);
    }
    return out;
  };

  it('announces full, delta and range requests with the legend', () => {
    const provider = client.initializeResult!.capabilities.semanticTokensProvider!;
    assert.deepEqual(provider.full, { delta: true });
    assert.equal(provider.range, true);
    assert.ok(legend.tokenTypes.includes('namespace') && legend.tokenModifiers.includes('declaration'));
  });

  it('answers full, then a delta after an edit, then a range', async () => {
    const full = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
    assert.deepEqual(decode(full.data), ['0:0+4 keyword', '0:5+6 class', '0:12+2 keyword', '0:15+4 namespace', '1:0+3 keyword', '1:4+1 variable', '1:5+1 operator', '1:6+1 string', '2:0+3 keyword', '2:9+1 string', '2:10+2 variable', '2:12+1 string']);
    assert.ok(full.resultId);

    await client.change(URI, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'USER me\n' }]);
    const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri: URI }, previousResultId: full.resultId });
    assert.ok(delta.edits, 'a delta, not a full result');
    let data = [...full.data];
    for (const e of [...delta.edits].reverse()) data = [...data.slice(0, e.start), ...(e.data ?? []), ...data.slice(e.start + e.deleteCount)];
    assert.deepEqual(decode(data).slice(8, 10), ['2:0+4 keyword', '3:0+3 keyword']);

    const range = await client.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri: URI }, range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } } });
    assert.deepEqual(decode(range.data), ['2:0+4 keyword']);
  });

  it('answers a full result to a delta request with an unknown previous id', async () => {
    const result = await client.request<SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri: URI }, previousResultId: 'stale' });
    assert.ok(Array.isArray(result.data));
  });
});
