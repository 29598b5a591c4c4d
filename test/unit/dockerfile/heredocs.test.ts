import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';

describe('parseDockerfile heredocs', () => {
  it('attaches the body and keeps the next instruction separate', () => {
    const m = parseDockerfile('FROM alpine\nRUN <<EOF\napk add curl\necho done\nEOF\nCMD ["sh"]\n');
    assert.deepEqual(m.instructions.map((i) => i.name), ['FROM', 'RUN', 'CMD']);
    const run = m.instructions[1];
    assert.equal(run.heredocs.length, 1);
    assert.equal(run.heredocs[0].name, 'EOF');
    assert.equal(run.heredocs[0].content, 'apk add curl\necho done\n');
    assert.equal(run.heredocs[0].expand, true);
    assert.equal(run.startLine, 1);
    assert.equal(run.endLine, 4);
    assert.deepEqual(run.heredocs[0].operator.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } });
    assert.deepEqual(run.heredocs[0].terminatorRange, { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } });
  });

  it('does not expand quoted delimiters', () => {
    for (const op of ["<<'EOF'", '<<"EOF"', '<<E"O"F']) {
      const m = parseDockerfile(`FROM alpine\nRUN ${op}\necho $HOME\nEOF\n`);
      const doc = m.instructions[1].heredocs[0];
      assert.equal(doc.name, 'EOF', op);
      assert.equal(doc.expand, false, op);
    }
  });

  it('strips leading tabs from the terminator with <<-', () => {
    const m = parseDockerfile('FROM alpine\nRUN <<-END\n\techo hi\n\tEND\nUSER nobody\n');
    assert.equal(m.instructions[1].heredocs[0].chomp, true);
    assert.equal(m.instructions[1].heredocs[0].content, '\techo hi\n');
    assert.equal(m.instructions[2].name, 'USER');
  });

  it('reads several heredocs in order, with file descriptors', () => {
    const m = parseDockerfile('FROM alpine\nRUN cat <<A 3<<B > /x\na\nA\nb\nB\nUSER nobody\n');
    const docs = m.instructions[1].heredocs;
    assert.deepEqual(docs.map((d) => [d.name, d.fileDescriptor, d.content]), [
      ['A', 0, 'a\n'],
      ['B', 3, 'b\n'],
    ]);
    assert.equal(m.instructions[2].name, 'USER');
  });

  it('works for COPY and ONBUILD RUN, not for the exec form or quoted words', () => {
    const copy = parseDockerfile('FROM alpine\nCOPY <<EOF /etc/motd\nhello\nEOF\n');
    assert.equal(copy.instructions[1].heredocs[0].content, 'hello\n');
    assert.deepEqual(copy.instructions[1].args.map((a) => a.value), ['<<EOF', '/etc/motd']);

    const onbuild = parseDockerfile('FROM alpine\nONBUILD RUN <<EOF\necho x\nEOF\n');
    assert.equal(onbuild.instructions[1].heredocs.length, 1);
    assert.equal(onbuild.instructions[1].trigger?.name, 'RUN');

    const json = parseDockerfile('FROM alpine\nRUN ["echo", "<<EOF"]\nUSER x\n');
    assert.equal(json.instructions[1].heredocs.length, 0);
    assert.equal(json.instructions.length, 3);

    const quoted = parseDockerfile('FROM alpine\nRUN echo "<<EOF"\nUSER x\n');
    assert.equal(quoted.instructions[1].heredocs.length, 0);

    const glued = parseDockerfile('FROM alpine\nRUN cat<<EOF\nUSER x\n');
    assert.equal(glued.instructions[1].heredocs.length, 0, 'BuildKit needs a word that starts with <<');
  });

  it('reports an unterminated heredoc', () => {
    const m = parseDockerfile('FROM alpine\nRUN <<EOF\necho hi\n');
    assert.deepEqual(m.instructions[1].parseErrors, ['unterminated heredoc']);
    assert.equal(m.instructions[1].endLine, 2);
  });
});
