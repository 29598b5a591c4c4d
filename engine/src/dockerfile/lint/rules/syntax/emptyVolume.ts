/**
 * EmptyVolume: a VOLUME path that is empty or only blanks (`VOLUME ["/data", ""]`):
 * "VOLUME specified can not be an empty string". Quick fix: remove the empty item.
 */
import { DockerfileModel, Word } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { TextEdit } from '../../rule';
import { checkedInstructionsNamed } from './checkedInstructions';

export const emptyVolume: RuleWithOptions = {
  id: 'EmptyVolume',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A VOLUME path is empty.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructionsNamed(model, 'VOLUME')) {
      const args = instruction.args;
      for (const [i, word] of args.entries()) {
        if (word.value.trim() !== '') continue;
        const fixes = args.length > 1 && instruction.json ? [{ title: 'Remove the empty path', edits: [jsonItemRemoval(model, args, i)], preferred: true }] : [];
        report({ range: word.range, message: 'VOLUME specified can not be an empty string', fixes, instruction: owner });
      }
    }
  },
};

/** Removes a JSON array item with the comma that joins it to its neighbour. */
function jsonItemRemoval(model: DockerfileModel, args: readonly Word[], i: number): TextEdit {
  const start = i > 0 ? args[i - 1].end : args[i].start;
  const end = i > 0 ? args[i].end : args[i + 1].start;
  return { range: model.lines.rangeOf(start, end), newText: '' };
}
