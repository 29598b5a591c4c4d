import { strict as assert } from 'node:assert';
import { CompletionItem, InsertReplaceEdit, InsertTextFormat, MarkupContent, Range, TextEdit } from 'vscode-languageserver/node';
import { LspClient, serverPerSuite, VSCODE_CAPABILITIES, withCursor } from './lspClient';

const edit = (item: CompletionItem): { newText: string; range: Range } => {
  const e = item.textEdit as TextEdit | InsertReplaceEdit;
  return 'range' in e ? e : { newText: e.newText, range: e.insert };
};
const find = (items: CompletionItem[], label: string) => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no ${label} in ${JSON.stringify(items.map((i) => i.label))}`);
  return found;
};
const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('textDocument/completion over stdio', function () {
  const lsp = serverPerSuite();
  let documents = 0;

  /** Opens a Dockerfile with a `§` cursor marker; returns its URI and the cursor. */
  async function open(marked: string) {
    const { text, position } = withCursor(marked);
    const uri = `file:///work/completion-${++documents}/Dockerfile`;
    await lsp.client.open(uri, text);
    return { uri, position };
  }

  async function completeAt(marked: string, trigger?: string): Promise<CompletionItem[]> {
    const { uri, position } = await open(marked);
    return lsp.client.completion(uri, position, trigger);
  }

  it('announces completion with trigger characters and lazy resolve', () => {
    const provider = lsp.client.initializeResult?.capabilities.completionProvider;
    assert.ok(provider);
    assert.equal(provider.resolveProvider, true);
    for (const ch of ['-', '=', '$', '/', ' ']) assert.ok(provider.triggerCharacters?.includes(ch), ch);
  });

  it('offers instruction snippets replacing the typed prefix, documented on resolve', async () => {
    const items = await completeAt('FROM alpine:3.20\nWORK§');
    const workdir = find(items, 'WORKDIR');
    assert.equal(workdir.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(edit(workdir).newText, 'WORKDIR ${1:/path}');
    assert.deepEqual(edit(workdir).range, range(1, 0, 1, 4));
    assert.equal(workdir.documentation, undefined);
    const resolved = await lsp.client.resolveCompletion(workdir);
    const doc = resolved.documentation as MarkupContent;
    assert.equal(doc.kind, 'markdown');
    assert.match(doc.value, /^\*\*WORKDIR\*\*/);
    assert.match(doc.value, /https:\/\/docs\.docker\.com\/reference\/dockerfile\/#workdir/);
  });

  it('offers only FROM and ARG in an empty file', async () => {
    const items = await completeAt('§');
    assert.deepEqual([...new Set(items.map((i) => i.label))], ['FROM', 'ARG']);
    assert.equal(items[0].preselect, true);
  });

  it('offers flags on a continued line with ranges on that line', async () => {
    const items = await completeAt('FROM alpine\nRUN --mount=type=cache,target=/root/.cache \\\n    --netw§ \\\n    pip install x', '-');
    const network = find(items, '--network');
    assert.deepEqual(edit(network).range, range(2, 4, 2, 10));
    assert.equal(edit(network).newText, '--network=');
    assert.equal(network.command?.command, 'editor.action.triggerSuggest');
    assert.ok(items.some((i) => i.label === '--mount'), '--mount repeats');
  });

  it('handles the backtick escape and comment lines inside an instruction', async () => {
    const items = await completeAt('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --from=base `\n  # the sources\n  --ch§');
    assert.deepEqual(items.map((i) => i.label), ['--chmod', '--chown', '--link', '--parents', '--exclude']);
    assert.deepEqual(edit(items[0]).range, range(4, 2, 4, 6));
  });

  it('completes flag values, mount options and stage names', async () => {
    const network = await completeAt('FROM alpine\nRUN --network=§', '=');
    assert.deepEqual(network.map((i) => i.label), ['default', 'none', 'host']);
    const mount = await completeAt('FROM alpine\nRUN --mount=type=cache,sh§', ',');
    assert.equal(edit(find(mount, 'sharing')).newText, 'sharing=');
    assert.deepEqual(edit(find(mount, 'sharing')).range, range(1, 23, 1, 25));
    const stages = await completeAt('FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=§', '=');
    assert.deepEqual(stages.map((i) => i.label), ['build']);
  });

  it('completes variables with their values, Docker\'s scoping applied', async () => {
    const items = await completeAt('ARG GLOBAL=1\nFROM alpine\nARG VERSION=2.0\nENV APP_HOME=/opt/app-$VERSION\nRUN ls ${§', '{');
    const home = find(items, 'APP_HOME');
    assert.equal(home.detail, 'ENV (line 4) = /opt/app-2.0');
    assert.equal(edit(home).newText, 'APP_HOME}');
    assert.deepEqual(edit(home).range, range(4, 9, 4, 9));
    assert.ok(!items.some((i) => i.label === 'GLOBAL'));
  });

  it('answers for the current version after incremental edits', async () => {
    const { uri } = await open('FROM alpine\n§');
    await lsp.client.change(uri, 2, [{ range: range(1, 0, 1, 0), text: 'ARG TOOL=x\nRUN echo $' }]);
    const items = await lsp.client.completion(uri, { line: 2, character: 10 }, '$');
    assert.equal(find(items, 'TOOL').detail, 'ARG (line 2) = x');
  });

  it('completes parser directives at the top of the file', async () => {
    const items = await completeAt('# syntax=docker/dockerfile:1\n# es§\nFROM alpine');
    assert.deepEqual(items.map((i) => i.label), ['escape', 'check']);
    assert.deepEqual(edit(items[0]).range, range(1, 2, 1, 4));
  });

  describe('a client without snippets, markdown or VS Code commands', () => {
    let plain: LspClient;

    before(async () => {
      const capabilities = { ...VSCODE_CAPABILITIES, textDocument: { ...VSCODE_CAPABILITIES.textDocument, completion: { completionItem: { snippetSupport: false } } } };
      plain = await LspClient.start({ capabilities, clientName: 'Neovim' });
    });

    after(async () => {
      await plain.stop().catch(() => plain.kill());
    });

    it('gets plain text edits without commands, and plain text documentation', async () => {
      await plain.open('file:///work/plain/Dockerfile', 'FROM alpine\nCOPY --f');
      const items = await plain.completion('file:///work/plain/Dockerfile', { line: 1, character: 8 });
      const from = find(items, '--from');
      assert.equal(from.insertTextFormat, InsertTextFormat.PlainText);
      assert.equal(from.command, undefined);
      const chown = find(items, '--chown');
      assert.equal(edit(chown).newText, '--chown=user:group');
      assert.equal(typeof (await plain.resolveCompletion(chown)).documentation, 'string');
    });
  });
});
