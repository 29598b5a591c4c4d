/**
 * The shell scripts a RUN instruction executes, as text with source offsets, for shell-aware
 * rules. A shell-form command is one script; `RUN <<EOF` alone runs the heredoc body as the
 * script; a command that feeds heredocs (`RUN python3 <<EOF`) is rebuilt as the shell would see
 * it: the command line, then each body and terminator.
 */
import { MappedText } from '../mappedText';
import { DockerfileModel, Instruction, restText } from '../model';
import { ShellScriptSource } from './rule';

const LONE_HEREDOC = /^\d*<<-?\s*("[^"]*"|'[^']*'|\S+)$/;

export function shellScriptsOf(model: DockerfileModel, instruction: Instruction): ShellScriptSource[] {
  const target = instruction.name === 'ONBUILD' ? instruction.trigger : instruction;
  if (!target || target.name !== 'RUN' || target.json) return [];
  const rest = restText(target);
  const bodies = target.heredocs.map((h) => {
    const start = model.lines.offsetAt(h.bodyRange.start);
    const end = model.lines.offsetAt(h.bodyRange.end);
    return { doc: h, body: MappedText.of(model.text.slice(start, end), start) };
  });
  if (bodies.length === 1 && LONE_HEREDOC.test(rest.text.trim())) return [source(instruction, bodies[0].body)];
  if (!bodies.length) return [source(instruction, rest)];
  const pieces: MappedText[] = [rest, MappedText.of('\n', rest.sourceOffset(rest.length))];
  for (const { doc, body } of bodies) {
    pieces.push(body);
    if (doc.terminatorRange) {
      const t = model.lines.offsetAt(doc.terminatorRange.start);
      const e = model.lines.offsetAt(doc.terminatorRange.end);
      pieces.push(MappedText.of(model.text.slice(t, e) + '\n', t));
    }
  }
  return [source(instruction, MappedText.concat(pieces, rest.sourceOffset(0)))];
}

function source(instruction: Instruction, text: MappedText): ShellScriptSource {
  return { instruction, text: text.text, sourceOffset: (i) => text.sourceOffset(i) };
}
