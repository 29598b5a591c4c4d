import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, Diagnostic, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './lspClient';

/** Berth sends plain-text messages; LSP 3.18 also allows markup. */
const message = (d: Diagnostic): string => {
  assert.equal(typeof d.message, 'string');
  return d.message as string;
};
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort();

describe('diagnostics and quick fixes over stdio', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-lsp-diag-'));
    client = await LspClient.start();
  });

  after(async () => {
    await client.stop().catch(() => client.kill());
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes syntax, BuildKit and hadolint diagnostics for the opened version', async () => {
    const uri = 'file:///tmp/berth-diag-a/Dockerfile';
    await client.open(uri, 'FROM ubuntu\nMAINTAINER me\nRUNN apt-get install curl\nRUN apt-get install -y curl\n', 3);
    const p = await client.waitForDiagnostics(uri, 3);
    assert.equal(p.version, 3);
    const found = codes(p);
    for (const expected of ['DL3006@0', 'MaintainerDeprecated@1', 'UnknownInstruction@2', 'DL3008@3', 'DL3015@3']) {
      assert.ok(found.includes(expected), `${expected} missing from ${found.join(', ')}`);
    }
    const maintainer = p.diagnostics.find((d) => d.code === 'MaintainerDeprecated')!;
    assert.match(message(maintainer), /also DL4000/);
    assert.equal(maintainer.source, 'buildkit');
    assert.ok(JSON.stringify(p).length < 4000, 'fixes stay on the server, not in every diagnostic');
  });

  it('follows edits: fixing a line drops its diagnostic in the new version', async () => {
    const uri = 'file:///tmp/berth-diag-b/Dockerfile';
    await client.open(uri, 'FROM alpine:3.20\nRUNN true\n', 1);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, 1)), ['UnknownInstruction@1']);
    await client.change(uri, 2, [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }, text: '' }]);
    const after = await client.waitForDiagnostics(uri, 2);
    assert.equal(after.version, 2);
    assert.deepEqual(codes(after), []);
  });

  it('answers code actions with the fix, which removes the problem when applied', async () => {
    const uri = 'file:///tmp/berth-diag-c/Dockerfile';
    const text = 'FROM alpine:3.20\nRUN apt-get update && apt-get install --no-install-recommends curl=8 && rm -rf /var/lib/apt/lists/*\n';
    await client.open(uri, text, 1);
    const p = await client.waitForDiagnostics(uri, 1);
    const dl3014 = p.diagnostics.find((d) => d.code === 'DL3014')!;
    assert.ok(dl3014, 'apt-get install without -y is reported');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: dl3014.range,
      context: { diagnostics: [dl3014], only: ['quickfix'] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore DL3014 for this instruction'), titles.join(', '));
    const fix = actions.find((a) => a.isPreferred) ?? actions[0];
    const edits = fix.edit!.changes![uri] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), edits);
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, 2);
    assert.ok(!after.diagnostics.some((d: Diagnostic) => d.code === 'DL3014'), `still reported after "${fix.title}": ${fixed}`);
  });

  it('applies per-rule severities from the settings, and re-lints when they change', async () => {
    const configured = await LspClient.start({ settings: { rules: { DL3006: 'off', UnknownInstruction: 'warning' } } });
    try {
      const uri = 'file:///tmp/berth-diag-d/Dockerfile';
      await configured.open(uri, 'FROM ubuntu\nRUNN x\n', 1);
      const p = await configured.waitForDiagnostics(uri, 1);
      assert.deepEqual(codes(p), ['UnknownInstruction@1']);
      assert.equal(p.diagnostics[0].severity, 2);
      configured.diagnostics.delete(uri);
      configured.settings = { rules: { UnknownInstruction: 'off' } };
      await configured.settingsChanged();
      const after = await configured.waitForDiagnostics(uri, 1);
      assert.deepEqual(codes(after), ['DL3006@0']);
    } finally {
      await configured.stop().catch(() => configured.kill());
    }
  });

  it('reads the build context: CopyIgnoredFile from .dockerignore, and trusted registries', async () => {
    const context = join(dir, 'ctx');
    mkdirSync(join(context, 'docs'), { recursive: true });
    writeFileSync(join(context, 'docs', 'guide.md'), '# guide\n');
    writeFileSync(join(context, 'app.js'), 'console.log(1)\n');
    writeFileSync(join(context, '.dockerignore'), 'docs\n');
    writeFileSync(join(context, 'Dockerfile'), '');
    const uri = pathToFileURL(join(context, 'Dockerfile')).href;
    const configured = await LspClient.start({ settings: { hadolint: { trustedRegistries: ['registry.example.com'] } } });
    try {
      await configured.open(uri, 'FROM alpine:3.20\nCOPY docs/guide.md app.js /app/\n', 1);
      let p = await configured.waitForDiagnostics(uri, 1);
      // The first diagnostics may come before the ignore file was read; the server lints again.
      while (!p.diagnostics.some((d) => d.code === 'CopyIgnoredFile')) {
        configured.diagnostics.delete(uri);
        p = await configured.waitForDiagnostics(uri, 1);
      }
      const ignored = p.diagnostics.find((d) => d.code === 'CopyIgnoredFile')!;
      assert.match(message(ignored), /docs\/guide\.md/);
      assert.ok(p.diagnostics.some((d) => d.code === 'DL3026'), 'alpine is not from the trusted registry');
    } finally {
      await configured.stop().catch(() => configured.kill());
    }
  });
});
