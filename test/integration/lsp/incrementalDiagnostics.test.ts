// The server's incremental path end to end: a document edited keystroke by keystroke (reparsed
// from its last version, linted with its LintCache) must get the diagnostics a fresh document with
// the same text gets, over stdio as an editor sees them.
import { strict as assert } from 'node:assert';
import { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createRandom, generateDockerfile } from '../../../bench/lsp/dockerfileFixture';
import { LspClient } from './lspClient';

/** What an editor shows of a diagnostic (`data` indexes the server's own results and may differ). */
const shown = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => JSON.stringify([d.range, d.severity, d.code, d.source, d.message, d.tags])).sort();

const LINES = ['ENV EDITED=1', 'ARG EDITED', 'FROM stage1 AS edited', 'RUN apt-get install curl', 'COPY --from=stage0 /a /b', 'run echo $EDITED', 'WORKDIR rel', '# hadolint ignore=DL3008', 'RUN echo \\'];

describe('incremental diagnostics over stdio', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    await client.stop().catch(() => client.kill());
  });

  it('publishes for every edit what a fresh open of the same text publishes', async () => {
    const random = createRandom(31);
    const uri = 'file:///tmp/berth-incremental/Dockerfile';
    let document = TextDocument.create(uri, 'dockerfile', 1, generateDockerfile(300, 7).lines.join('\n'));
    await client.open(uri, document.getText(), 1);
    await client.waitForDiagnostics(uri, 1);
    for (let version = 2; version <= 41; version++) {
      const line = Math.floor(random() * document.lineCount);
      const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
      const character = Math.floor(random() * (text.replace(/\r?\n$/, '').length + 1));
      const kind = random();
      const change: TextDocumentContentChangeEvent =
        kind < 0.4
          ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${LINES[Math.floor(random() * LINES.length)]}\n` }
          : kind < 0.6
            ? { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }
            : { range: { start: { line, character }, end: { line, character } }, text: 'x $-\\'[Math.floor(random() * 5)] };
      document = TextDocument.update(document, [change], version);
      await client.change(uri, version, [change]);
      const edited = await client.waitForDiagnostics(uri, version);
      const fresh = `file:///tmp/berth-incremental/fresh-${version}/Dockerfile`;
      await client.open(fresh, document.getText(), 1);
      const reference = await client.waitForDiagnostics(fresh, 1);
      await client.close(fresh);
      assert.deepEqual(shown(edited.diagnostics), shown(reference.diagnostics), `after edit ${version - 1}:\n${document.getText()}`);
    }
  });
});
