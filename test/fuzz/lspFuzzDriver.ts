/**
 * Drives a language server over stdio with hostile documents: open, wait for diagnostics, ask for
 * every document-wide feature and for completion and hover at a few positions, close. It checks
 * that every range the server returns lies inside the document and times each document. Shared by
 * the stdio fuzz test (correctness) and the fuzz benchmark (the 200 ms budget).
 */
import { LineIndex, Range } from '../../engine/src/dockerfile/text';
import { rangeProblem } from './rangeChecks';
import { seededRandom } from './mutations';

export interface FuzzConnection {
  open(uri: string, text: string, version: number): Promise<void>;
  waitForDiagnostics(uri: string, version: number): Promise<{ diagnostics: { range: Range }[] }>;
  request<R>(method: string, params: unknown): Promise<R>;
  close(uri: string): Promise<void>;
}

export interface FuzzOutcome {
  readonly problems: string[];
  /** Milliseconds from didOpen to the last answer, per document. */
  readonly times: number[];
  /** Index of the document during which the server stopped answering, if it did. */
  readonly diedAt?: number;
}

type Ranged = { range?: Range; textEdit?: { range?: Range; insert?: Range; replace?: Range } };

function collectRanges(value: unknown, out: Range[], depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 6) return;
  if (Array.isArray(value)) {
    for (const item of value) collectRanges(item, out, depth + 1);
    return;
  }
  const v = value as Ranged & Record<string, unknown>;
  for (const key of ['range', 'selectionRange', 'targetRange', 'targetSelectionRange', 'insert', 'replace']) {
    const r = v[key] as Range | undefined;
    if (r && typeof r === 'object' && 'start' in r && 'end' in r) out.push(r);
  }
  for (const key of ['textEdit', 'children', 'items', 'additionalTextEdits', 'contents']) if (key in v) collectRanges(v[key], out, depth + 1);
}

export async function fuzzServer(connection: FuzzConnection, documents: readonly string[], seed: number, features: { folding: boolean; symbols: boolean; semanticTokens: boolean; formatting: boolean }): Promise<FuzzOutcome> {
  const random = seededRandom(seed);
  const problems: string[] = [];
  const times: number[] = [];
  for (const [index, text] of documents.entries()) {
    const uri = `file:///fuzz/${index}/Dockerfile`;
    const lines = new LineIndex(text);
    const at = () => {
      const line = Math.floor(random() * lines.lineCount);
      return { line, character: Math.floor(random() * (lines.lineText(line).length + 1)) };
    };
    const started = performance.now();
    const doc = { textDocument: { uri } };
    try {
      await connection.open(uri, text, 1);
      const published = await connection.waitForDiagnostics(uri, 1);
      const answers: unknown[] = [published.diagnostics];
      const requests: Promise<unknown>[] = [];
      if (features.folding) requests.push(connection.request('textDocument/foldingRange', doc));
      if (features.symbols) requests.push(connection.request('textDocument/documentSymbol', doc));
      if (features.formatting) requests.push(connection.request('textDocument/formatting', { ...doc, options: { tabSize: 4, insertSpaces: true } }));
      if (features.semanticTokens) requests.push(connection.request('textDocument/semanticTokens/full', doc));
      for (let i = 0; i < 2; i++) {
        requests.push(connection.request('textDocument/completion', { ...doc, position: at(), context: { triggerKind: 1 } }));
        requests.push(connection.request('textDocument/hover', { ...doc, position: at() }));
      }
      answers.push(...(await Promise.all(requests)));
      times.push(performance.now() - started);
      const ranges: Range[] = [];
      collectRanges(answers, ranges);
      for (const range of ranges) {
        const problem = rangeProblem(lines, range, 'range');
        if (problem) problems.push(`document ${index}: ${problem}`);
      }
    } catch (err) {
      const message = (err as Error).message;
      problems.push(`document ${index}: ${message}`);
      // A dead server answers nothing more: report where it died and stop.
      if (/exited|[Cc]onnection is (closed|disposed)/.test(message)) return { problems, times, diedAt: index };
    }
    try {
      await connection.close(uri);
    } catch {
      // Closing after a failure may fail too; the next document reports the failure.
    }
  }
  return { problems, times };
}
