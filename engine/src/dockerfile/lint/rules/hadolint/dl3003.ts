/**
 * DL3003: `cd` in a RUN; WORKDIR says where commands run and is visible to the next instructions.
 * Like hadolint, any `cd` counts (a subshell's too) and `ONBUILD RUN` is not checked.
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';

export const dl3003: RuleWithOptions = {
  id: 'DL3003',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Use WORKDIR to switch to a directory',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3003',
  fixable: false,
  check(context, report) {
    for (const instruction of runInstructions(context.model, false)) {
      for (const command of runShell(context, instruction).commands) {
        if (command.name === 'cd') report({ range: command.nameWord.range, message: 'Use WORKDIR to switch to a directory', instruction });
      }
    }
  },
};
