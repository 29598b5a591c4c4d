import { assertNoScope, assertScope } from './assertScope';
import { tokenizeDockerfile } from './tokenizeDockerfile';

describe('dockerfile grammar: heredocs', () => {
  it('scopes RUN <<EOF, its body with variables, and the terminator', async () => {
    const doc = await tokenizeDockerfile('RUN <<EOF', 'echo $HOME ${USER:-root}', 'EOF', 'USER app');
    assertScope(doc, 0, '<<', 'keyword.operator.heredoc');
    assertScope(doc, 0, 'EOF', 'keyword.control.heredoc-token');
    assertScope(doc, 1, 'echo', 'string.unquoted.heredoc');
    assertScope(doc, 1, 'HOME', 'variable.other');
    assertScope(doc, 1, ':-', 'keyword.operator.expansion');
    assertScope(doc, 2, 'EOF', 'keyword.control.heredoc-token');
    assertNoScope(doc, 2, 'EOF', 'string');
    assertScope(doc, 3, 'USER', 'keyword.other.instruction');
  });

  it('ends <<-EOF at a tab-indented terminator but <<EOF only at an exact one', async () => {
    const chomp = await tokenizeDockerfile('RUN <<-EOF', '\techo hi', '\tEOF', 'USER app');
    assertScope(chomp, 2, 'EOF', 'keyword.control.heredoc-token');
    assertScope(chomp, 3, 'USER', 'keyword.other.instruction');
    const plain = await tokenizeDockerfile('RUN <<EOF', '\techo hi', '\tEOF', 'EOF');
    assertScope(plain, 2, 'EOF', 'string.unquoted.heredoc');
    assertScope(plain, 3, 'EOF', 'keyword.control.heredoc-token');
  });

  it('does not expand variables under a quoted delimiter', async () => {
    for (const quote of ['"', "'"]) {
      const doc = await tokenizeDockerfile(`COPY <<${quote}EOF${quote} /etc/motd`, 'hello $USER', 'EOF');
      assertScope(doc, 0, quote, 'punctuation.definition.string.begin');
      assertScope(doc, 0, 'EOF', 'keyword.control.heredoc-token');
      assertScope(doc, 1, '$USER', 'string.unquoted.heredoc');
      assertNoScope(doc, 1, '$USER', 'variable');
      assertScope(doc, 2, 'EOF', 'keyword.control.heredoc-token');
    }
  });

  it('reads the bodies of several heredocs on one line in order', async () => {
    const doc = await tokenizeDockerfile(
      'RUN <<FILE1 cat > /a && <<-"FILE2" cat > /b',
      'one $X',
      'FILE1',
      '\ttwo $Y',
      '\tFILE2',
      'COPY <<A <<B <<C /dest/',
      '1', 'A', '2', 'B', '3', 'C',
      'WORKDIR /',
    );
    assertScope(doc, 0, 'FILE1', 'keyword.control.heredoc-token');
    assertScope(doc, 0, '&&', 'keyword.operator.shell');
    assertScope(doc, 0, '<<-', 'keyword.operator.heredoc');
    assertScope(doc, 0, 'FILE2', 'keyword.control.heredoc-token');
    assertScope(doc, 1, 'X', 'variable.other');
    assertScope(doc, 2, 'FILE1', 'keyword.control.heredoc-token');
    assertScope(doc, 3, 'two', 'string.unquoted.heredoc');
    assertNoScope(doc, 3, '$Y', 'variable');
    assertScope(doc, 4, 'FILE2', 'keyword.control.heredoc-token');
    for (const [line, text] of [[6, '1'], [8, '2'], [10, '3']] as const) assertScope(doc, line, text, 'string.unquoted.heredoc');
    for (const [line, text] of [[7, 'A'], [9, 'B'], [11, 'C']] as const) assertScope(doc, line, text, 'keyword.control.heredoc-token');
    assertScope(doc, 12, 'WORKDIR', 'keyword.other.instruction');
  });

  it('finds a heredoc after the command and keeps the rest of its line as shell words', async () => {
    const doc = await tokenizeDockerfile('RUN cat <<EOF > "/etc/$NAME"', 'x', 'EOF');
    assertScope(doc, 0, 'EOF', 'keyword.control.heredoc-token');
    assertScope(doc, 0, '"/etc/', 'string.quoted.double');
    assertScope(doc, 0, 'NAME', 'variable.other');
    assertScope(doc, 1, 'x', 'string.unquoted.heredoc');
  });

  it('ignores << inside quotes and here-strings', async () => {
    const doc = await tokenizeDockerfile('RUN echo "<<EOF" && cat <<< hi', 'USER x');
    assertNoScope(doc, 0, 'EOF', 'keyword.control.heredoc-token');
    assertNoScope(doc, 0, '<<<', 'keyword.operator.heredoc');
    assertScope(doc, 1, 'USER', 'keyword.other.instruction');
  });
});
