/**
 * UnknownInstruction: BuildKit refuses an instruction it does not know ("unknown instruction: X",
 * with its "did you mean" suggestion). A trigger (`ONBUILD FOO`) fails in the build that uses the
 * image. Quick fixes: the suggested keyword or, for a word that resembles no instruction on the line
 * right after a shell-form RUN, joining it to that RUN (the usual cause: a forgotten continuation).
 */
import { INSTRUCTION_NAMES, isKnownInstruction } from '../../../instructionSpecs';
import { DockerfileModel, Instruction } from '../../../model';
import { didYouMean, suggest } from '../../../suggest';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { checkedInstructions } from './checkedInstructions';
import { writtenPlainly } from './writtenPlainly';

export const unknownInstruction: RuleWithOptions = {
  id: 'UnknownInstruction',
  // Stage: the join fix reads the instruction before (index - 1), which is in the same stage or is its FROM.
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The instruction is not one the builder knows.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner, isTrigger } of checkedInstructions(model)) {
      if (isKnownInstruction(instruction.name)) continue;
      const typed = instruction.keyword.value;
      const suggestion = suggest(typed, INSTRUCTION_NAMES, false);
      const fixes: Fix[] = [];
      // A keyword split by a line continuation cannot be replaced without losing what follows it.
      const plain = writtenPlainly(model, instruction.keyword);
      if (suggestion && plain) {
        const keyword = typed === typed.toLowerCase() ? suggestion.toLowerCase() : suggestion.toUpperCase();
        fixes.push({ title: `Change to ${keyword}`, edits: [{ range: instruction.keyword.range, newText: keyword }], preferred: true });
      }
      const join = isTrigger || suggestion ? undefined : joinToPreviousRun(model, instruction);
      if (join) fixes.push(join);
      report({ range: instruction.keyword.range, message: `unknown instruction: ${typed}${didYouMean(suggestion)}`, fixes, instruction: owner });
    }
  },
};

function joinToPreviousRun(model: DockerfileModel, instruction: Instruction): Fix | undefined {
  // By position in the list the rule was given (an editor lints a view of the document).
  const previous = model.instructions[model.instructions.indexOf(instruction) - 1];
  if (!previous || previous.name !== 'RUN' || previous.json || previous.heredocs.length) return undefined;
  if (previous.endLine !== instruction.startLine - 1) return undefined;
  const end = model.lines.positionAt(model.lines.lineEnd(previous.endLine));
  return {
    title: 'Continue the RUN instruction above on this line',
    edits: [{ range: { start: end, end }, newText: ` ${model.escapeToken}` }],
  };
}
