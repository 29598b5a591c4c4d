// The fuzz budget: thousands of hostile Dockerfiles through each language server over stdio, each
// document timed from didOpen to the last answer (diagnostics, folding, symbols, formatting,
// semantic tokens, completion and hover). Goal: no document over 200 ms. Timing lives here, not in
// the fuzz test, because tests never assert on time.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { BenchSuite } from './suite';
import { fuzzDocuments } from '../test/fuzz/mutations';
import { corpusTexts } from '../test/fuzz/corpusTexts';
import { fuzzServer, FuzzConnection } from '../test/fuzz/lspFuzzDriver';
import { median, percentile } from './lsp/statistics';

const BUDGET_MS = 200;

async function runServer(name: string, serverPath: string, documents: readonly string[]): Promise<{ times: number[]; diedAt?: number; failed: number }> {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  // A server that dies must fail the suite with its output, not leave requests waiting forever.
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${name} server exited (code ${code}, signal ${signal}): ${stderr.trim() || '(no output)'}`))),
  );
  died.catch(() => undefined);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, (p: { diagnostics: never[] }) => void>();
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/semanticTokens/refresh', () => null);
  connection.listen();
  const init = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] } } },
  });
  await connection.sendNotification('initialized', {});
  const caps = init.capabilities;
  const early = new Map<string, { diagnostics: never[] }>();
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: never[] }) => {
    const waiter = waiting.get(p.uri);
    if (waiter) waiter(p);
    else early.set(p.uri, p);
  });
  const client: FuzzConnection = {
    open: (uri, text, version) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } }),
    waitForDiagnostics: (uri) => {
      const known = early.get(uri);
      if (known) {
        early.delete(uri);
        return Promise.resolve(known);
      }
      return Promise.race([new Promise<{ diagnostics: never[] }>((resolve) => waiting.set(uri, resolve)), died]);
    },
    request: <R>(method: string, params: unknown): Promise<R> => Promise.race<R>([connection.sendRequest(method, params) as Promise<R>, died]),
    close: (uri) => connection.sendNotification('textDocument/didClose', { textDocument: { uri } }),
  };
  const outcome = await fuzzServer(client, documents, 11, {
    folding: Boolean(caps.foldingRangeProvider),
    symbols: Boolean(caps.documentSymbolProvider),
    formatting: Boolean(caps.documentFormattingProvider),
    semanticTokens: Boolean(caps.semanticTokensProvider),
  });
  try {
    await Promise.race([connection.sendRequest('shutdown'), died]);
    await connection.sendNotification('exit');
  } catch {
    // Already gone (a crashed server); reported below.
  }
  child.kill();
  if (outcome.problems.length) console.log(`${name}: ${outcome.problems.length} documents with problems, first: ${outcome.problems[0]}`);
  if (outcome.diedAt !== undefined) console.log(`${name}: the server died during document ${outcome.diedAt}: ${outcome.problems[outcome.problems.length - 1]}`);
  return { times: outcome.times, diedAt: outcome.diedAt, failed: outcome.problems.length };
}

export const fuzzSuite: BenchSuite = {
  description: 'per-document time on hostile Dockerfiles over stdio, Berth vs the reference server (budget 200 ms)',
  async run(context) {
    const count = Number(context.args[context.args.indexOf('--documents') + 1]) || 2000;
    const documents = fuzzDocuments(20261122, count, corpusTexts());
    const servers: [string, string][] = [
      ['berth', join(context.repoRoot, 'dist', 'server.js')],
      ['reference', join(context.repoRoot, 'node_modules', 'dockerfile-language-server-nodejs', 'lib', 'server.js')],
    ];
    console.log(`${count} documents (seed 20261122), each: didOpen → diagnostics, folding, symbols, formatting, semantic tokens, 2 completions, 2 hovers`);
    const rows: string[] = [];
    const results = new Map<string, number[]>();
    let berthFailed = false;
    for (const [name, path] of servers) {
      const { times, diedAt, failed } = await runServer(name, path, documents);
      results.set(name, times);
      if (name === 'berth') berthFailed = failed > 0 || diedAt !== undefined;
      const over = times.filter((t) => t > BUDGET_MS).length;
      const survived = diedAt === undefined ? 'all documents' : `died at document ${diedAt}`;
      rows.push(`${name.padEnd(10)} median ${median(times).toFixed(1).padStart(6)} ms  p99 ${percentile(times, 0.99).toFixed(1).padStart(6)} ms  max ${Math.max(...times).toFixed(1).padStart(7)} ms  over ${BUDGET_MS} ms: ${over}  answered: ${times.length} (${survived}), failed requests: ${failed}`);
    }
    for (const row of rows) console.log(row);
    const berth = results.get('berth')!;
    const reference = results.get('reference')!;
    if (berthFailed) throw new Error("Berth's server failed on some documents (see above)");
    console.log(`berth/reference: median ${(median(berth) / median(reference)).toFixed(2)}×, max ${(Math.max(...berth) / Math.max(...reference)).toFixed(2)}×; goal: no document over ${BUDGET_MS} ms — ${berth.some((t) => t > BUDGET_MS) ? 'NOT met' : 'met'}`);
  },
};
