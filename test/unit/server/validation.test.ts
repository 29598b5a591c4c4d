import { strict as assert } from 'node:assert';
import type { Connection, PublishDiagnosticsParams, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { BuildContexts } from '../../../server/src/buildContext';
import { DocumentStore } from '../../../server/src/documentStore';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import type { SettingsCache } from '../../../server/src/settingsCache';
import { ValidationScheduler } from '../../../server/src/validation';

describe('ValidationScheduler.whenIdle', () => {
  const uri = 'file:///project/Dockerfile';
  const other = 'file:///project/Other.Dockerfile';
  let published: PublishDiagnosticsParams[];
  let scheduler: ValidationScheduler;

  beforeEach(() => {
    published = [];
    // A long file, so its lint runs in several slices with the event loop free in between.
    const text = Array.from({ length: 400 }, (_, i) => (i % 40 === 0 ? `FROM alpine AS s${i}` : `RUN apt-get install curl-${i}`)).join('\n');
    const open = new Map([uri, other].map((u) => [u, TextDocument.create(u, 'dockerfile', 1, text)]));
    const documents = { get: (u: string) => open.get(u), onDidClose: () => ({ dispose: () => undefined }) };
    const connection = {
      sendDiagnostics: async (params: PublishDiagnosticsParams) => {
        published.push(params);
      },
      console: { error: (message: string) => assert.fail(message) },
    };
    scheduler = new ValidationScheduler(
      connection as unknown as Connection,
      new DocumentStore(documents as unknown as TextDocuments<TextDocument>),
      { known: () => DEFAULT_SETTINGS } as unknown as SettingsCache,
      { view: () => undefined } as unknown as BuildContexts,
    );
  });

  it('resolves at once when no lint is scheduled or running', async () => {
    await scheduler.whenIdle();
    assert.equal(published.length, 0);
  });

  it('resolves after the scheduled lint has published its diagnostics', async () => {
    scheduler.schedule(uri);
    await scheduler.whenIdle();
    assert.equal(published.length, 1);
    assert.ok(published[0]!.diagnostics.length > 0, 'the file has findings (apt-get install without -y)');
  });

  it('waits for every document scheduled, each linted in turns of its own', async () => {
    scheduler.schedule(uri);
    scheduler.schedule(other);
    scheduler.schedule(uri); // already pending: still one run
    await scheduler.whenIdle();
    assert.deepEqual(published.map((p) => p.uri).sort(), [other, uri].sort());
  });
});
