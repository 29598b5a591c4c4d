import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { showUntitled } from './workspaceFiles';

interface TokenProbe {
  tokenAt(document: vscode.TextDocument, position: vscode.Position): Promise<{ type: number; range: vscode.Range }>;
}

// VS Code's StandardTokenType, derived from the TextMate scopes of the token.
const OTHER = 0;
const COMMENT = 1;
const STRING = 2;
const typeName = (type: number) => ['other', 'comment', 'string', 'regex'][type] ?? String(type);

async function tokenProbe(): Promise<TokenProbe> {
  const extension = vscode.extensions.getExtension<TokenProbe>('berth-test.token-probe');
  if (!extension) throw new Error('the token-probe test extension (test/e2e/fixtures/tokenProbe) is not loaded');
  return extension.activate();
}

// VS Code ships a `docker` extension with its own grammar for the same language id. Where the two
// grammars disagree on a token's type, the editor's answer shows which one tokenizes the file.
describe('grammar', () => {
  it("tokenizes Dockerfiles with Berth's grammar, not the built-in one", async () => {
    const probe = await tokenProbe();
    const editor = await showUntitled(['# syntax=docker/dockerfile:1', '# a comment', 'RUN <<EOF', 'echo hello', 'EOF', ''].join('\n'));
    const at = async (line: number, character: number) => (await probe.tokenAt(editor.document, new vscode.Position(line, character))).type;

    // The grammar loads asynchronously; a comment is a comment in either grammar, so once it is
    // reported as one, the file has been tokenized by a TextMate grammar.
    while ((await at(1, 4)) !== COMMENT) await new Promise((resolve) => setTimeout(resolve, 50));

    // The built-in grammar reads a parser directive as a comment and a heredoc body as plain text.
    assert.equal(typeName(await at(0, 3)), typeName(OTHER), 'the "syntax" directive name');
    assert.equal(typeName(await at(3, 1)), typeName(STRING), 'the heredoc body');
    assert.equal(typeName(await at(4, 1)), typeName(OTHER), 'the heredoc terminator');
  });
});
