/**
 * InvalidHeredoc: heredocs BuildKit cannot read: one whose terminator line never comes
 * ("unterminated heredoc"), a `<<WORD` the heredoc lexer fails on, and a heredoc used as the
 * destination of COPY or ADD ("COPY cannot accept a heredoc as a destination"). Quick fix for an
 * unterminated heredoc: add its terminator at the end of the file.
 */
import { DockerfileModel, Instruction } from '../../../model';
import { isHeredocWord } from '../../../heredocWord';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { checkedInstructions } from './checkedInstructions';
import { instructionErrorKind } from './parseErrorKinds';

export const invalidHeredoc: RuleWithOptions = {
  id: 'InvalidHeredoc',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A heredoc is not terminated, cannot be read, or is used as a destination.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructions(model)) {
      for (const message of instruction.parseErrors) {
        if (instructionErrorKind(message) !== 'heredoc') continue;
        if (message === 'unterminated heredoc') {
          const open = instruction.heredocs.find((h) => !h.terminatorRange);
          report({
            range: open ? open.operator.range : instruction.keyword.range,
            message: open ? `unterminated heredoc: no line reads ${open.name} after it` : message,
            fixes: open ? [terminate(model, open.name)] : [],
            instruction: owner,
          });
        } else {
          report({ range: instruction.rest.range, message, instruction: owner });
        }
      }
      const dest = heredocDestination(instruction);
      if (dest) report({ range: dest.range, message: `${instruction.name} cannot accept a heredoc as a destination`, instruction: owner });
    }
  },
};

function heredocDestination(instruction: Instruction) {
  if ((instruction.name !== 'COPY' && instruction.name !== 'ADD') || instruction.args.length < 2) return undefined;
  const dest = instruction.args[instruction.args.length - 1];
  return isHeredocWord(dest.value) ? dest : undefined;
}

function terminate(model: DockerfileModel, name: string): Fix {
  const end = model.lines.positionAt(model.text.length);
  const newline = model.text === '' || model.text.endsWith('\n') ? '' : '\n';
  return { title: `Add the terminator ${name} at the end of the file`, edits: [{ range: { start: end, end }, newText: `${newline}${name}\n` }], preferred: true };
}
