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
  /** When set, sending diagnostics waits for it: the lint is then running, with nothing pending. */
  let gate: Promise<void> | undefined;
  let errors: string[];
  let scheduler: ValidationScheduler;

  beforeEach(() => {
    published = [];
    gate = undefined;
    errors = [];
    // A long file, so its lint runs in several slices with the event loop free in between.
    const text = Array.from({ length: 400 }, (_, i) => (i % 40 === 0 ? `FROM alpine AS s${i}` : `RUN apt-get install curl-${i}`)).join('\n');
    const open = new Map([uri, other].map((u) => [u, TextDocument.create(u, 'dockerfile', 1, text)]));
    const documents = { get: (u: string) => open.get(u), onDidClose: () => ({ dispose: () => undefined }) };
    const connection = {
      sendDiagnostics: async (params: PublishDiagnosticsParams) => {
        published.push(params);
        await gate;
      },
      console: { error: (message: string) => errors.push(message) },
    };
    scheduler = new ValidationScheduler(
      connection as unknown as Connection,
      new DocumentStore(documents as unknown as TextDocuments<TextDocument>),
      { known: () => DEFAULT_SETTINGS } as unknown as SettingsCache,
      { view: () => undefined } as unknown as BuildContexts,
    );
  });

  afterEach(() => assert.deepEqual(errors, [], 'no lint failed'));

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

  it('asked while a lint runs (nothing pending), waits for it to end', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    scheduler.schedule(uri);
    while (published.length === 0) await new Promise((resolve) => setImmediate(resolve));
    let idle = false;
    const waiting = scheduler.whenIdle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(idle, false, 'the lint is still sending its diagnostics');
    open();
    await waiting;
  });

  it('waits for every document scheduled, each linted in turns of its own', async () => {
    scheduler.schedule(uri);
    scheduler.schedule(other);
    scheduler.schedule(uri); // already pending: still one run
    await scheduler.whenIdle();
    assert.deepEqual(published.map((p) => p.uri).sort(), [other, uri].sort());
  });
});
