import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { lintWith, quickFix } from '../lintWith';

/** The exec-form arguments the builder reads from the file's last instruction. */
function execArgs(text: string): string[] {
  const last = parseDockerfile(text).instructions.at(-1);
  assert.ok(last?.json, 'the last instruction is not in exec form');
  return last.args.map((a) => a.value);
}
import { findings, fixed } from './checks';

const RULE = 'JSONArgsRecommended';

describe('JSONArgsRecommended', () => {
  it('reports shell-form ENTRYPOINT and CMD, on the command', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nENTRYPOINT my-program start\n'), [
      '2:12-2:28 JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals',
    ]);
    assert.deepEqual(findings(RULE, 'FROM scratch\ncmd mycommand\n'), ['2:5-2:14 JSON arguments recommended for cmd to prevent unintended behavior related to OS signals']);
  });

  it('accepts the exec form, and RUN in shell form', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nRUN echo hi\nENTRYPOINT ["my-program", "start"]\nCMD ["--verbose"]\n'), []);
  });

  it('accepts the shell form after a SHELL instruction in the stage', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nRUN apk add bash\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT echo "hello world"\n'), []);
  });

  it('accepts the shell form in a stage built on one with a SHELL', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n'), []);
  });

  it('still reports a CMD before the SHELL that would silence it', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nCMD run\nSHELL ["/bin/bash", "-c"]\n').length, 1);
  });

  it('converts a plain command to exec form, preferred', () => {
    const result = fixed(RULE, 'FROM alpine\nENTRYPOINT my-program start --port=80\n');
    assert.equal(result.text, 'FROM alpine\nENTRYPOINT ["my-program", "start", "--port=80"]\n');
    assert.equal(result.preferred, true);
  });

  it('drops exec, keeps simple quotes as words, joins continuation lines', () => {
    const text = 'FROM alpine\nCMD exec nginx -g \'daemon off;\' \\\n    -c "/etc/nginx/my conf"\n';
    const result = fixed(RULE, text);
    assert.equal(result.text, 'FROM alpine\nCMD ["nginx", "-g", "daemon off;", "-c", "/etc/nginx/my conf"]\n');
    assert.deepEqual(execArgs(result.text), ['nginx', '-g', 'daemon off;', '-c', '/etc/nginx/my conf']);
  });

  it('wraps a command that needs a shell in an explicit /bin/sh -c, not preferred', () => {
    for (const command of ['echo $HOME', 'a && b', 'ls | wc -l', 'run > /log', 'FOO=1 app', 'cd /app', 'rm *.tmp', 'echo "$HOME"']) {
      const text = `FROM alpine\nCMD ${command}\n`;
      const result = fixed(RULE, text);
      assert.equal(result.text, `FROM alpine\nCMD ${JSON.stringify(['/bin/sh', '-c', command]).replace(/","/g, '", "')}\n`, command);
      assert.equal(result.preferred, false, command);
      assert.deepEqual(execArgs(result.text), ['/bin/sh', '-c', command], command);
    }
  });

  it('escapes for JSON', () => {
    const result = fixed(RULE, 'FROM alpine\nCMD printf \'%s\\n\' "a\\"b"\n');
    assert.equal(result.text, 'FROM alpine\nCMD ["/bin/sh", "-c", "printf \'%s\\\\n\' \\"a\\\\\\"b\\""]\n');
    assert.deepEqual(execArgs(result.text), ['/bin/sh', '-c', 'printf \'%s\\n\' "a\\"b"']);
  });

  it('does not prefer converting a CMD whose words an exec-form ENTRYPOINT receives', () => {
    const text = 'FROM alpine AS base\nENTRYPOINT ["/entrypoint.sh"]\nFROM base\nCMD serve --port 80\n';
    const result = fixed(RULE, text);
    assert.equal(result.text, 'FROM alpine AS base\nENTRYPOINT ["/entrypoint.sh"]\nFROM base\nCMD ["serve", "--port", "80"]\n');
    assert.equal(result.preferred, false);
    assert.match(result.title, /ENTRYPOINT then receives/);
  });

  it('does not prefer converting an ENTRYPOINT that a CMD of the stage would then follow', () => {
    const diagnostics = lintWith(RULE, 'FROM alpine\nENTRYPOINT my-program start\nCMD ["--debug"]\n');
    assert.equal(diagnostics.length, 1);
    assert.equal(quickFix(diagnostics[0])?.preferred, false);
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=JSONArgsRecommended\nFROM scratch\nCMD mycommand\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\n# check=skip=JSONArgsRecommended\nENTRYPOINT mycommand\n'), []);
  });
});
