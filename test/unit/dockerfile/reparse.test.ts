// reparseDockerfile takes over the instructions above an edit from the previous version's model:
// after any sequence of edits its model must equal a fresh parse in everything features read.
// Edits are random but seeded, and aimed at what makes an instruction's end depend on the lines
// after it (escape characters, heredocs, comments inside continuations, the escape directive).
import { strict as assert } from 'node:assert';
import { DockerfileModel, Instruction, parseDockerfile, reparseDockerfile, restSourceOffset } from '../../../engine/src/dockerfile/model';
import { createRandom, generateDockerfile } from '../../../bench/lsp/dockerfileFixture';

const DOCUMENT = `# syntax=docker/dockerfile:1
# escape=\\
ARG BASE=debian:12
FROM \${BASE} AS base
# a comment above
ENV A=1 \\
    B=$A
RUN <<EOF cat > /x
hello $A
EOF
RUN echo a \\
# a comment inside
    && echo b \\

    && echo c
COPY <<-"END" /y
	literal
	END
ONBUILD RUN echo \${B:-x} \\
  && cat <<EOT
in the trigger's heredoc
EOT
FROM base AS final
LABEL a=b c="d e"
CMD ["run", "$A"]`;

// No lone "\r": it makes every later parse a full one (reparse.ts), which would hide what is tested.
const PIECES = ['x', ' ', '\\', '`', '#', '$', '"', '<<EOF', 'EOF', '\n', '# escape=`', 'RUN a \\', 'FROM scratch', '\t'];

function edit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.6) return text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(at);
  if (kind < 0.85) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 20)));
  // Whole lines, as an editor's line insertions and deletions.
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  if (kind < 0.93) lines.splice(line, 1);
  else lines.splice(line, 0, lines[Math.floor(random() * lines.length)]);
  return lines.join('\n');
}

/** Everything a feature can read from an instruction, ranges resolved. */
function instructionShape(i: Instruction): unknown {
  return {
    name: i.name,
    keyword: [i.keyword.value, i.keyword.range],
    flags: i.flags.map((f) => [f.name, f.value, f.word.value, f.word.range, f.nameRange, f.valueRange]),
    args: i.args.map((a) => [a.value, a.range, a.start, a.end]),
    json: i.json,
    rest: [i.rest.value, i.rest.range],
    // Where each character of the joined argument text came from (what hover and fixes map back).
    restOffsets: Array.from({ length: i.rest.value.length + 1 }, (_, k) => restSourceOffset(i, k)),
    heredocs: i.heredocs.map((h) => ({ ...h, operator: [h.operator.value, h.operator.range] })),
    trigger: i.trigger && instructionShape(i.trigger),
    range: i.range,
    offsets: [i.start, i.end, i.startLine, i.endLine],
    original: i.original,
    comments: i.comments,
    emptyContinuationLines: i.emptyContinuationLines,
    parseErrors: i.parseErrors,
    variables: i.variables.map((v) => [v.name, v.modifier, v.inHeredoc, v.range, v.nameRange]),
    stage: i.stageIndex,
    index: i.index,
  };
}

function modelShape(m: DockerfileModel): unknown {
  return {
    text: m.text,
    lineCount: m.lines.lineCount,
    escapeToken: m.escapeToken,
    directives: m.directives,
    instructions: m.instructions.map(instructionShape),
    comments: m.comments,
    problems: m.problems,
    stages: m.stages.map((s) => [s.index, s.from.index, s.base?.value, s.name?.value, s.platform?.value, s.instructions.map((i) => i.index), s.range]),
    globalArgs: m.globalArgs.map((i) => i.index),
  };
}

describe('reparseDockerfile', () => {
  const documents = [
    { name: 'hand-written', text: DOCUMENT, seed: 21, edits: 600 },
    { name: 'generated, 200 lines', text: generateDockerfile(200, 5).lines.join('\n'), seed: 22, edits: 200 },
    { name: 'generated with CRLF', text: generateDockerfile(100, 6).lines.join('\r\n'), seed: 23, edits: 100 },
  ];
  for (const { name, text, seed, edits } of documents) {
    it(`models what a fresh parse models after each of ${edits} random edits (${name})`, () => {
      const random = createRandom(seed);
      let current = text;
      let model = parseDockerfile(current);
      for (let step = 1; step <= edits; step++) {
        current = edit(current, random);
        model = reparseDockerfile(model, current);
        assert.deepEqual(modelShape(model), modelShape(parseDockerfile(current)), `after edit ${step} of ${name}:\n${current}`);
      }
    });
  }

  it('takes over the instructions above the edit, as the same objects', () => {
    const before = parseDockerfile('FROM a\nRUN one\nRUN two\nRUN three\n');
    const after = reparseDockerfile(before, 'FROM a\nRUN one\nRUN two!\nRUN three\n');
    assert.equal(after.instructions[0], before.instructions[0]);
    assert.equal(after.instructions[1], before.instructions[1]);
    assert.notEqual(after.instructions[2], before.instructions[2]);
    assert.equal(after.instructions[2].rest.value, 'two!');
    assert.deepEqual(after.stages[0].instructions.map((i) => i.index), [1, 2, 3]);
  });

  it('parses it all again when a heredoc or a continuation at the end could take in new lines', () => {
    const open = parseDockerfile('FROM a\nRUN <<EOF\nbody');
    const closed = reparseDockerfile(open, 'FROM a\nRUN <<EOF\nbody\nEOF\nRUN next');
    assert.deepEqual(closed.instructions.map((i) => i.name), ['FROM', 'RUN', 'RUN']);
    const continued = reparseDockerfile(parseDockerfile('FROM a\nRUN a \\'), 'FROM a\nRUN a \\\n  b');
    assert.equal(continued.instructions[1].rest.value, 'a   b');
    // The text's last line break is not the end of an open heredoc.
    const swallowed = reparseDockerfile(parseDockerfile('FROM a\nRUN <<EOF\n'), 'FROM a\nRUN <<EOF\n\nWO');
    assert.deepEqual(swallowed.instructions.map((i) => i.name), ['FROM', 'RUN']);
  });
});
