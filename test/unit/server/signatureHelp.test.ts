import { strict as assert } from 'node:assert';
import { SignatureHelp } from 'vscode-languageserver';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeSignatureHelp } from '../../../server/src/signatureHelp';

/** Signature help at the `§` marker. */
function help(marked: string): SignatureHelp | null {
  const at = marked.indexOf('§');
  const model = parseDockerfile(marked.slice(0, at) + marked.slice(at + 1));
  return computeSignatureHelp(model, model.lines.positionAt(at));
}

/** The active signature's label and the text of its active parameter. */
function active(marked: string): { signature: string; parameter: string | undefined } {
  const h = help(marked);
  assert.ok(h, `no signature help for ${JSON.stringify(marked)}`);
  const signature = h.signatures[h.activeSignature ?? 0];
  const index = h.activeParameter;
  const p = index === null || index === undefined ? undefined : signature.parameters?.[index];
  const parameter = p === undefined ? undefined : typeof p.label === 'string' ? p.label : signature.label.slice(p.label[0], p.label[1]);
  return { signature: signature.label, parameter };
}

const parameter = (marked: string) => active(marked).parameter;

describe('computeSignatureHelp', () => {
  it('walks FROM\'s image, AS and name', () => {
    assert.equal(parameter('FROM §'), '<image>');
    assert.equal(active('FROM alpine §').signature, 'FROM [--platform=<platform>] <image> AS <name>');
    assert.equal(parameter('FROM alpine §'), 'AS');
    assert.equal(parameter('FROM alpine AS b§'), '<name>');
    assert.equal(parameter('FROM --plat§'), '[--platform=<platform>]');
  });

  it('highlights the flag being typed, each flag a parameter', () => {
    assert.equal(parameter('FROM a\nCOPY --chown=app§ a b'), '[--chown=<user>[:<group>]]');
    assert.equal(parameter('FROM a\nHEALTHCHECK --retries=§'), '[--retries=<n>]');
    assert.equal(parameter('FROM a\nRUN --mount=type=cache --netw§'), '[--network=<default|none|host>]');
    assert.equal(parameter('FROM a\nCOPY --bogus§'), undefined);
  });

  it('tells COPY sources from the destination', () => {
    assert.equal(parameter('FROM a\nCOPY §'), '<src>...');
    assert.equal(parameter('FROM a\nCOPY a.txt §'), '<dest>');
    assert.equal(parameter('FROM a\nCOPY a§.txt b.txt /dst/'), '<src>...');
    assert.equal(parameter('FROM a\nCOPY a.txt b§.txt /dst/'), '<src>...');
    assert.equal(parameter('FROM a\nCOPY --from=build a.txt /d§st/'), '<dest>');
  });

  it('counts JSON items for the exec forms', () => {
    assert.equal(active('FROM a\nCOPY ["a b", §').signature, 'COPY [--from=<stage|image|context>] [--chmod=<perms>] [--chown=<user>[:<group>]] [--link] [--parents] [--exclude=<pattern>] ["<src>", ..., "<dest>"]');
    assert.equal(parameter('FROM a\nCOPY ["a b", §'), '"<dest>"');
    assert.equal(parameter('FROM a\nCOPY ["a", "b", "§c"]'), '"<dest>"');
    assert.equal(parameter('FROM a\nCOPY ["a", "§b", "c"]'), '"<src>", ...');
    assert.equal(parameter('FROM a\nCMD ["§'), '"<executable>"');
    assert.equal(parameter('FROM a\nENTRYPOINT ["node", "a,b", §'), '"<param>"...');
    assert.equal(parameter('FROM a\nSHELL ["/bin/bash", "-c"§]'), '"<param>"...');
  });

  it('shows the shell form for shell commands', () => {
    assert.match(active('FROM a\nRUN apt-get §').signature, /^RUN \[--mount=.*\] <command>$/);
    assert.equal(parameter('FROM a\nRUN apt-get §'), '<command>');
  });

  it('tells keys from values in ENV, LABEL and ARG', () => {
    assert.equal(parameter('FROM a\nENV A§'), '<key>');
    assert.equal(parameter('FROM a\nENV A=§'), '<value>');
    assert.equal(active('FROM a\nENV A §').signature, 'ENV <key> <value>');
    assert.equal(parameter('FROM a\nENV A §'), '<value>');
    assert.equal(parameter('FROM a\nLABEL a=1 b="x y§"'), '<value>');
    assert.equal(parameter('FROM a\nLABEL a=1 §'), '<key>');
    assert.equal(parameter('ARG N§'), '<name>');
    assert.equal(active('ARG N=§').signature, 'ARG <name>=<default> ...');
    assert.equal(parameter('ARG N=§'), '<default>');
  });

  it('tells user from group and port from protocol', () => {
    assert.equal(parameter('FROM a\nUSER app§'), '<user>');
    assert.equal(parameter('FROM a\nUSER app:§'), '<group>');
    assert.equal(parameter('FROM a\nEXPOSE 80§'), '<port>');
    assert.equal(parameter('FROM a\nEXPOSE 80/§'), '<protocol>');
  });

  it('walks HEALTHCHECK and chooses NONE when it is typed', () => {
    assert.equal(parameter('FROM a\nHEALTHCHECK --interval=5s §'), 'CMD');
    assert.equal(parameter('FROM a\nHEALTHCHECK CMD curl §'), '<command>');
    assert.equal(active('FROM a\nHEALTHCHECK NO§').signature, 'HEALTHCHECK NONE');
  });

  it('shows ONBUILD, then the trigger\'s signature', () => {
    assert.equal(active('FROM a\nONBUILD §').signature, 'ONBUILD <INSTRUCTION>');
    assert.equal(parameter('FROM a\nONBUILD COPY a §'), '<dest>');
  });

  it('follows continued lines', () => {
    assert.equal(parameter('FROM a\nCOPY --chown=app \\\n  # comment\n  src \\\n  §'), '<dest>');
    assert.equal(parameter('# escape=`\nFROM a\nCOPY src `\n  §'), '<dest>');
  });

  it('shows the single parameter of simple instructions', () => {
    assert.equal(parameter('FROM a\nSTOPSIGNAL §'), '<signal>');
    assert.equal(parameter('FROM a\nWORKDIR §'), '<path>');
  });

  it('covers parser directives', () => {
    assert.equal(parameter('# escape=§'), '<\\ or `>');
    assert.equal(parameter('# check=skip=A;error=§'), 'error=<true|false>');
    assert.equal(parameter('# check=§'), 'skip=<checks|all>');
    assert.equal(help('FROM a\n# escape=§'), null);
  });

  it('gives no help outside instructions', () => {
    assert.equal(help('FROM a\n§'), null);
    assert.equal(help('FROM a\nCO§'), null);
    assert.equal(help('FROM a\nRUN <<EOF\necho §\nEOF'), null);
    assert.equal(help('FROM a\nBOGUS §'), null);
  });
});
