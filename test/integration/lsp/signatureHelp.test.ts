import { strict as assert } from 'node:assert';
import { SignatureHelp } from 'vscode-languageserver/node';
import { serverPerSuite, withCursor } from './lspClient';

/** The active signature's label and its active parameter's text. */
function active(help: SignatureHelp | null): { signature: string; parameter: string | undefined } {
  assert.ok(help);
  const signature = help.signatures[help.activeSignature ?? 0];
  const index = help.activeParameter;
  const p = index === null || index === undefined ? undefined : signature.parameters?.[index];
  const parameter = p === undefined ? undefined : typeof p.label === 'string' ? p.label : signature.label.slice(p.label[0], p.label[1]);
  return { signature: signature.label, parameter };
}

describe('textDocument/signatureHelp over stdio', function () {
  const lsp = serverPerSuite();
  let documents = 0;

  async function helpAt(marked: string): Promise<SignatureHelp | null> {
    const { text, position } = withCursor(marked);
    const uri = `file:///work/signature-${++documents}/Dockerfile`;
    await lsp.client.open(uri, text);
    return lsp.client.signatureHelp(uri, position);
  }

  it('announces the trigger characters', () => {
    const provider = lsp.client.initializeResult?.capabilities.signatureHelpProvider;
    assert.deepEqual(provider?.triggerCharacters, [' ', '"', ',', '=', '[']);
  });

  it('moves the active parameter as the arguments of FROM are typed', async () => {
    assert.equal(active(await helpAt('FROM §')).parameter, '<image>');
    assert.equal(active(await helpAt('FROM node:20 §')).parameter, 'AS');
    const named = active(await helpAt('FROM node:20 AS §'));
    assert.equal(named.signature, 'FROM [--platform=<platform>] <image> AS <name>');
    assert.equal(named.parameter, '<name>');
  });

  it('tells sources from the destination of COPY across continued lines', async () => {
    assert.equal(active(await helpAt('FROM a\nCOPY package.json \\\n     package-lock.json \\\n     §')).parameter, '<dest>');
    assert.equal(active(await helpAt('FROM a\nCOPY package.json \\\n     pack§age-lock.json \\\n     ./')).parameter, '<src>...');
  });

  it('counts items of the exec form', async () => {
    assert.equal(active(await helpAt('FROM a\nENTRYPOINT ["§')).parameter, '"<executable>"');
    assert.equal(active(await helpAt('FROM a\nENTRYPOINT ["tini", "--", §')).parameter, '"<param>"...');
  });

  it('highlights the flag being typed', async () => {
    assert.equal(active(await helpAt('FROM a\nHEALTHCHECK --timeout=§')).parameter, '[--timeout=<duration>]');
  });

  it('has no help on an empty line', async () => {
    assert.equal(await helpAt('FROM a\n§'), null);
  });
});
