import { assertNoScope, assertScope } from './assertScope';
import { tokenizeDockerfile } from './tokenizeDockerfile';

describe('dockerfile grammar: parser directives', () => {
  it('scopes # syntax= and # check= at the top of the file as directives', async () => {
    const doc = await tokenizeDockerfile(
      '# syntax=docker/dockerfile:1',
      '#check = skip=JSONArgsRecommended,StageNameCasing;error=true',
      'FROM alpine',
    );
    assertScope(doc, 0, '#', 'punctuation.definition.directive');
    assertScope(doc, 0, 'syntax', 'keyword.control.directive');
    assertScope(doc, 0, 'docker/dockerfile:1', 'string.unquoted.directive-value');
    assertNoScope(doc, 0, 'syntax', 'comment');
    assertScope(doc, 1, 'check', 'keyword.control.directive');
    assertScope(doc, 1, 'skip', 'entity.other.attribute-name.key');
    assertScope(doc, 1, 'error', 'entity.other.attribute-name.key');
    assertScope(doc, 1, ';', 'punctuation.separator');
    assertScope(doc, 2, 'FROM', 'keyword.other.instruction');
  });

  it('treats directive-looking lines as comments once another line came first', async () => {
    const doc = await tokenizeDockerfile('FROM alpine', '# syntax=docker/dockerfile:1');
    assertScope(doc, 1, 'syntax', 'comment.line.number-sign');
    assertNoScope(doc, 1, 'syntax', 'keyword');
  });

  it('treats unknown directives and directives after an empty line as comments', async () => {
    const unknown = await tokenizeDockerfile('# foo=bar', '# syntax=x');
    assertScope(unknown, 0, 'foo', 'comment.line.number-sign');
    assertScope(unknown, 1, 'syntax', 'comment.line.number-sign');
    const afterBlank = await tokenizeDockerfile('', '# escape=`');
    assertScope(afterBlank, 1, 'escape', 'comment.line.number-sign');
  });

  it('needs the # in the first column, as BuildKit does', async () => {
    const doc = await tokenizeDockerfile('  # syntax=docker/dockerfile:1');
    assertScope(doc, 0, 'syntax', 'comment.line.number-sign');
  });
});

describe('dockerfile grammar: # escape=`', () => {
  it('makes the backtick the line continuation and the backslash a plain character', async () => {
    const doc = await tokenizeDockerfile(
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'WORKDIR C:\\app',
      'RUN powershell -Command `',
      '    Write-Host "a`"b" ; `',
      '    Remove-Item C:\\temp\\',
      'COPY a b',
    );
    assertScope(doc, 0, 'escape', 'keyword.control.directive');
    assertScope(doc, 0, '`', 'string.unquoted.directive-value');
    assertNoScope(doc, 2, '\\a', 'constant.character.escape');
    assertScope(doc, 3, '`', 'constant.character.escape.line-continuation');
    assertScope(doc, 4, 'Write-Host', 'meta.arguments.shell');
    assertScope(doc, 4, '`"', 'constant.character.escape');
    assertScope(doc, 4, '`', 'constant.character.escape.line-continuation', 1);
    // A trailing backslash does not continue the instruction: COPY starts a new one.
    assertNoScope(doc, 5, '\\', 'constant.character.escape.line-continuation', 1);
    assertScope(doc, 6, 'COPY', 'keyword.other.instruction');
  });

  it('keeps reading directives that follow the escape directive', async () => {
    const doc = await tokenizeDockerfile('# escape=`', '# syntax=docker/dockerfile:1', '# check=error=true', 'FROM x', '# syntax=late');
    assertScope(doc, 1, 'syntax', 'keyword.control.directive');
    assertScope(doc, 2, 'check', 'keyword.control.directive');
    assertScope(doc, 3, 'FROM', 'keyword.other.instruction');
    assertScope(doc, 4, 'syntax', 'comment.line.number-sign');
  });

  it('continues JSON exec forms with the backtick', async () => {
    const doc = await tokenizeDockerfile('# escape=`', 'COPY ["C:\\\\a", `', '     "C:\\\\b"]', 'USER x');
    assertScope(doc, 1, '[', 'punctuation.definition.array.begin');
    assertScope(doc, 1, '`', 'constant.character.escape.line-continuation');
    assertScope(doc, 2, '"C:', 'string.quoted.double');
    assertScope(doc, 2, ']', 'punctuation.definition.array.end');
    assertScope(doc, 3, 'USER', 'keyword.other.instruction');
  });

  it('leaves the backslash as the escape with # escape=\\', async () => {
    const doc = await tokenizeDockerfile('# escape=\\', 'RUN a \\', '  b');
    assertScope(doc, 1, '\\', 'constant.character.escape.line-continuation');
    assertScope(doc, 2, 'b', 'meta.arguments.shell');
  });
});
