import { strict as assert } from 'node:assert';
import { fuzzDocuments } from '../../fuzz/mutations';
import { corpusTexts } from '../../fuzz/corpusTexts';
import { fuzzServer } from '../../fuzz/lspFuzzDriver';
import { LspClient } from './lspClient';

const COUNT = Number(process.env.BERTH_LSP_FUZZ_COUNT ?? 400);

describe('fuzz: the language server over stdio', () => {
  let client: LspClient;
  let stderr = '';

  before(async () => {
    client = await LspClient.start();
    client.process.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The server reports its own failures (a validation that threw) as error log messages.
    client.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) stderr += params.message + '\n';
    });
  });

  after(async () => {
    await client.stop().catch(() => client.kill());
  });

  it(`answers every request for ${COUNT} hostile documents, with ranges inside each document`, async function () {
    this.timeout(10 * 60_000);
    const docs = fuzzDocuments(7, COUNT, corpusTexts());
    const outcome = await fuzzServer(client, docs, 7, { folding: true, symbols: true, semanticTokens: true, formatting: true });
    assert.deepEqual(outcome.problems.slice(0, 20), [], `${outcome.problems.length} problems; replay with fuzzDocuments(7, ${COUNT}, corpus)[index]`);
    assert.equal(client.process.exitCode, null, 'the server is still running');
    assert.doesNotMatch(stderr, /Unhandled|TypeError|RangeError|failed:/, 'nothing went wrong on the server side');
    const sorted = [...outcome.times].sort((a, b) => a - b);
    // Reported, not asserted: timing belongs to `npm run bench -- fuzz`.
    console.log(`      per document: median ${sorted[sorted.length >> 1].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
  });
});
