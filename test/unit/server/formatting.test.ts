import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormattingOptions } from 'vscode-languageserver';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { parseDockerfileText } from '../../../engine/src/dockerfile/parser';
import type { LineNode } from '../../../engine/src/dockerfile/lineParsers';
import { computeFormatting, computeOnTypeFormatting, computeRangeFormatting } from '../../../server/src/formatting';
import { corpusDir } from '../dockerfile/corpus';
import { generateDockerfile } from '../../../bench/lsp/dockerfileFixture';
import { applyEdits } from './textPositions';

const SPACES: FormattingOptions = { tabSize: 4, insertSpaces: true };
const TABS: FormattingOptions = { tabSize: 4, insertSpaces: false };

function format(text: string, options = SPACES): string {
  return applyEdits(text, computeFormatting(parseDockerfile(text), options));
}

/**
 * What the builder reads: every instruction's keyword, flags and arguments as BuildKit splits
 * them, heredoc bodies and directives. Runs of blanks outside quotes count as one blank: more or
 * less indentation there splits a shell command or a word list the same way.
 */
function meaning(text: string): string {
  const parsed = parseDockerfileText(text);
  const words = (node: LineNode): string =>
    [node.keyword.value.toLowerCase(), ...node.flags.map((f) => f.value), ...node.args.map((a) => unquotedBlanks(a.value)), node.trigger ? words(node.trigger) : ''].join(' | ');
  const heredocs = parsed.instructions.flatMap((i) => i.heredocs.map((h) => `${h.name}:${JSON.stringify(h.content)}`));
  return [...parsed.instructions.map(words), ...heredocs, ...parsed.directives.map((d) => `${d.name}=${d.value}`), parsed.escapeToken].join('\n');
}

function unquotedBlanks(value: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quote) {
      if (ch === quote) quote = '';
      out += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += ch;
    } else if (ch === ' ' || ch === '\t') {
      if (!out.endsWith(' ')) out += ' ';
    } else out += ch;
  }
  return out;
}

describe('computeFormatting', () => {
  it('puts keywords in the file’s case, single spaces between the parts, and indents continuations', () => {
    const text = [
      '  from   alpine:3   as   build',
      'run  apt-get update \\',
      '&& apt-get install -y \\',
      '        curl  \\',
      '  # comment',
      '    wget   ',
      'ENV A=1     B="x  y"',
      'COPY   --from=build    --chown=1:1   /a   /b',
      'CMD [ "a" ,"b"  ]',
    ].join('\n');
    assert.equal(
      format(text),
      [
        'FROM alpine:3 AS build',
        'RUN apt-get update \\',
        '    && apt-get install -y \\',
        '        curl  \\',
        '    # comment',
        '    wget',
        'ENV A=1 B="x  y"',
        'COPY --from=build --chown=1:1 /a /b',
        'CMD ["a", "b"]',
        '',
      ].join('\n'),
    );
  });

  it('keeps lower case when most keywords are lower case', () => {
    assert.equal(format('from alpine AS x\nrun true\nUSER me\n'), 'from alpine as x\nrun true\nuser me\n');
  });

  it('never touches whitespace the builder keeps', () => {
    const text = [
      'FROM alpine',
      'ENV LEGACY  value  with  spaces', // legacy ENV: the value keeps its spaces
      'RUN echo "a \\', // the continuation is inside quotes
      'b"',
      'RUN echo a\\', // no whitespace at the join: `ab`
      'b',
      'WORKDIR /a \\', // WORKDIR takes the whole text as one path
      '   b',
      'RUN <<EOF  ',
      '  keep   ',
      'EOF',
      '  # an indented comment stays as it is',
      '',
    ].join('\n');
    assert.equal(format(text), text.replace('RUN <<EOF  ', 'RUN <<EOF'));
  });

  it('keeps one blank line between blocks and ends with exactly one newline, in the file’s line endings', () => {
    assert.equal(format('FROM a\r\n\r\n\r\n\r\nRUN b  \r\n\r\n\r\n'), 'FROM a\r\n\r\nRUN b\r\n');
    assert.equal(format('FROM a\nRUN b'), 'FROM a\nRUN b\n');
    assert.equal(format('FROM a\n', { ...SPACES, insertFinalNewline: false, trimFinalNewlines: false }), 'FROM a\n');
    assert.equal(format('FROM a  \n', { ...SPACES, trimTrailingWhitespace: false }), 'FROM a  \n');
  });

  it('indents with a tab when asked', () => {
    assert.equal(format('FROM a\nRUN x \\\ny\n', TABS), 'FROM a\nRUN x \\\n\ty\n');
  });

  it('respects the backtick escape directive', () => {
    assert.equal(format('# escape=`\nFROM a\nRUN x `\ny\n'), '# escape=`\nFROM a\nRUN x `\n    y\n');
    // With the backtick escape a trailing backslash is just text: the next line is an instruction.
    assert.equal(format('# escape=`\nFROM a\nRUN dir c:\\\n  USER me\n'), '# escape=`\nFROM a\nRUN dir c:\\\nUSER me\n');
  });

  it('leaves continuation indentation alone with ignoreMultilineInstructions', () => {
    const options = { ...SPACES, ignoreMultilineInstructions: true };
    assert.equal(format('FROM a\nrun x \\\ny\n', options), 'FROM a\nRUN x \\\ny\n');
    assert.deepEqual(computeOnTypeFormatting(parseDockerfile('FROM a\nRUN x \\\n\n'), { line: 2, character: 0 }, '\n', options), []);
  });

  it('formats the ONBUILD trigger like an instruction', () => {
    assert.equal(format('FROM a\nonbuild   run  echo hi\nUSER x\n'), 'FROM a\nONBUILD RUN echo hi\nUSER x\n');
  });

  it('changes nothing the builder reads, and is stable, on BuildKit’s parser test files and a large generated file', () => {
    const dir = corpusDir('testfiles');
    const files = readdirSync(dir).map((name) => ({ name, text: readFileSync(join(dir, name, 'Dockerfile'), 'utf8') }));
    files.push({ name: 'generated', text: generateDockerfile(1000, 7).lines.join('\n') });
    for (const { name, text } of files) {
      for (const options of [SPACES, TABS]) {
        const once = format(text, options);
        assert.equal(meaning(once), meaning(text), `${name}: formatting changed the parse`);
        assert.equal(format(once, options), once, `${name}: formatting again changed the text`);
      }
    }
  });
});

describe('computeRangeFormatting', () => {
  it('formats only the selected lines', () => {
    const text = 'from a\nrun  x\nrun  y\n';
    const edits = computeRangeFormatting(parseDockerfile(text), { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, SPACES);
    assert.equal(applyEdits(text, edits), 'from a\nrun x\nrun  y\n');
  });
});

describe('computeOnTypeFormatting', () => {
  const onType = (text: string, line: number, character: number, ch: string) =>
    applyEdits(text, computeOnTypeFormatting(parseDockerfile(text), { line, character }, ch, SPACES));

  it('indents the new line after Enter on a continued line', () => {
    assert.equal(onType('FROM a\nRUN x \\\n\n', 2, 0, '\n'), 'FROM a\nRUN x \\\n    \n');
    assert.equal(onType('FROM a\nRUN x \\\n  \n', 2, 2, '\n'), 'FROM a\nRUN x \\\n    \n');
  });

  it('keeps the indentation of a deeper continuation line', () => {
    assert.equal(onType('FROM a\nRUN x \\\n        y \\\n\n', 3, 0, '\n'), 'FROM a\nRUN x \\\n        y \\\n        \n');
  });

  it('indents the next line when the escape token is typed at the end of a line', () => {
    assert.equal(onType('FROM a\nRUN x \\\ny\n', 1, 7, '\\'), 'FROM a\nRUN x \\\n    y\n');
    assert.equal(onType('# escape=`\nFROM a\nRUN x `\ny\n', 2, 7, '`'), '# escape=`\nFROM a\nRUN x `\n    y\n');
  });

  it('does nothing where indentation would change the instruction or is not a continuation', () => {
    assert.equal(onType('FROM a\nRUN x\\\ny\n', 1, 6, '\\'), 'FROM a\nRUN x\\\ny\n');
    assert.equal(onType('FROM a\nRUN c:\\x \\\ny\n', 1, 7, '\\'), 'FROM a\nRUN c:\\x \\\ny\n');
    assert.equal(onType('FROM a\n# note \\\n\n', 2, 0, '\n'), 'FROM a\n# note \\\n\n');
    assert.equal(onType('FROM a\nRUN <<EOF\nx \\\n\nEOF\n', 3, 0, '\n'), 'FROM a\nRUN <<EOF\nx \\\n\nEOF\n');
    assert.equal(onType('# escape=`\nFROM a\nRUN x \\\n\n', 3, 0, '\n'), '# escape=`\nFROM a\nRUN x \\\n\n');
  });
});
