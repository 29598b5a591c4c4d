/**
 * ShellNotJson: SHELL only takes the JSON (exec) form ("SHELL requires the arguments to be in JSON
 * form"). Quick fix: rewrite the words as a JSON array (`SHELL ["/bin/bash", "-c"]`).
 */
import { formatJsonArray } from '../../../jsonArray';
import { ExpansionError, emptyEnvironment, processWord } from '../../../shellLexer';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { checkedInstructionsNamed } from './checkedInstructions';

export const shellNotJson: RuleWithOptions = {
  id: 'ShellNotJson',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'SHELL is not written as a JSON array.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructionsNamed(model, 'SHELL')) {
      if (instruction.json || !instruction.args.length || instruction.parseErrors.length) continue;
      let fixes: Fix[] = [];
      try {
        const words = processWord(instruction.rest.value, emptyEnvironment, model.escapeToken, { skipUnsetEnv: true }).words;
        const json = formatJsonArray(words);
        fixes = [{ title: `Write SHELL ${json}`, edits: [{ range: instruction.rest.range, newText: json }], preferred: true }];
      } catch (err) {
        if (!(err instanceof ExpansionError)) throw err;
      }
      report({ range: instruction.rest.range, message: 'SHELL requires the arguments to be in JSON form', fixes, instruction: owner });
    }
  },
};
