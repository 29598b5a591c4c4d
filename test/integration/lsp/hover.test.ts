import { strict as assert } from 'node:assert';
import { MarkupContent } from 'vscode-languageserver/node';
import { LspClient, serverPerSuite, VSCODE_CAPABILITIES, withCursor } from './lspClient';

describe('textDocument/hover over stdio', function () {
  const lsp = serverPerSuite();
  let documents = 0;

  async function hoverAt(marked: string, on: LspClient = lsp.client) {
    const { text, position } = withCursor(marked);
    const uri = `file:///work/hover-${++documents}/Dockerfile`;
    await on.open(uri, text);
    return on.hover(uri, position);
  }

  it('documents an instruction keyword in markdown with the range of the keyword', async () => {
    const hover = await hoverAt('FROM alpine\nHEALTH§CHECK --interval=30s CMD wget -q -O- http://localhost/');
    assert.ok(hover);
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /^\*\*HEALTHCHECK\*\*/);
    assert.match(contents.value, /#healthcheck\)/);
    assert.deepEqual(hover.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
  });

  it('shows the value a variable has at that line', async () => {
    const hover = await hoverAt('ARG BASE=debian:12\nFROM $BASE\nARG BASE\nENV DIR=/srv/${BASE}\nWORKDIR $D§IR');
    assert.equal((hover?.contents as MarkupContent).value, '**$DIR** = `/srv/debian:12`\n\nFrom the ENV on line 4.');
  });

  it('explains a variable that is not set at that line', async () => {
    const hover = await hoverAt('ARG VERSION=1\nFROM alpine\nRUN echo $VER§SION');
    assert.match((hover?.contents as MarkupContent).value, /is not set at this line\. It is a global ARG \(line 1\)/);
  });

  it('shows the stage a --from names, on a continued line', async () => {
    const hover = await hoverAt('FROM golang:1.22 AS build\nFROM alpine\nCOPY --chown=app \\\n     --from=bu§ild /out /usr/local/bin/');
    assert.match((hover?.contents as MarkupContent).value, /\*\*Stage `build`\*\*: stage 0, line 1/);
    assert.deepEqual(hover?.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 17 } });
  });

  it('explains a mount type', async () => {
    const hover = await hoverAt('FROM alpine\nRUN --mount=type=ca§che,target=/var/cache/apk apk add git');
    assert.match((hover?.contents as MarkupContent).value, /^\*\*RUN --mount=type=cache\*\*/);
  });

  it('returns null where there is nothing to explain', async () => {
    assert.equal(await hoverAt('FROM alpine\n\n§\nRUN true'), null);
  });

  it('answers in plain text to a client that only shows plain text', async () => {
    const capabilities = { ...VSCODE_CAPABILITIES, textDocument: { ...VSCODE_CAPABILITIES.textDocument, hover: { contentFormat: ['plaintext' as const] } } };
    const plain = await LspClient.start({ capabilities });
    try {
      const hover = await hoverAt('FROM alpine\nRU§N true', plain);
      assert.equal((hover?.contents as MarkupContent).kind, 'plaintext');
    } finally {
      await plain.stop().catch(() => plain.kill());
    }
  });
});
