import { strict as assert } from 'node:assert';
import type { TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { serverPerSuite } from './lspClient';

const OPTIONS = { tabSize: 4, insertSpaces: true };

describe('textDocument/formatting over stdio', function () {
  const lsp = serverPerSuite();
  let count = 0;

  async function open(text: string): Promise<string> {
    const uri = `file:///work/formatting-${++count}/Dockerfile`;
    await lsp.client.open(uri, text);
    return uri;
  }

  const apply = (text: string, edits: TextEdit[] | null) => TextDocument.applyEdits(TextDocument.create('u', 'dockerfile', 1, text), edits ?? []);

  it('announces document, range and on-type formatting', () => {
    const caps = lsp.client.initializeResult!.capabilities;
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentRangeFormattingProvider, true);
    assert.deepEqual(caps.documentOnTypeFormattingProvider, { firstTriggerCharacter: '\n', moreTriggerCharacter: ['\\', '`'] });
  });

  it('formats a document and leaves heredoc bodies alone', async () => {
    const text = 'from  alpine   as base\nRUN  apk add \\\ncurl\nRUN <<EOF  \n   keep  \nEOF\n\n\n\nCMD [ "sh" ]';
    const uri = await open(text);
    const edits = await lsp.client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: OPTIONS });
    assert.equal(apply(text, edits), 'FROM alpine AS base\nRUN apk add \\\n    curl\nRUN <<EOF\n   keep  \nEOF\n\nCMD ["sh"]\n');
  });

  it('formats a range', async () => {
    const text = 'FROM  a\nRUN  b\nRUN  c\n';
    const uri = await open(text);
    const edits = await lsp.client.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }, options: OPTIONS });
    assert.equal(apply(text, edits), 'FROM  a\nRUN b\nRUN  c\n');
  });

  it('indents the line after Enter on a continued line', async () => {
    const text = 'FROM a\nRUN b \\\n\n';
    const uri = await open(text);
    const edits = await lsp.client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri }, position: { line: 2, character: 0 }, ch: '\n', options: OPTIONS });
    assert.equal(apply(text, edits), 'FROM a\nRUN b \\\n    \n');
  });
});
