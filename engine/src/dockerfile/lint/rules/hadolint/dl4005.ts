/**
 * DL4005: `ln` onto `/bin/sh` to change the shell RUN uses; SHELL does that without rewriting
 * the image's `/bin/sh`. As in hadolint, any `ln` with `/bin/sh` among its arguments counts.
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';
import { commandHasArg } from '../../../shell/shellCommand';

export const dl4005: RuleWithOptions = {
  id: 'DL4005',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Use SHELL to change the default shell',
  url: 'https://github.com/hadolint/hadolint/wiki/DL4005',
  fixable: false,
  check(context, report) {
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (commandHasArg(command, 'ln', ['/bin/sh'])) report({ range: command.nameWord.range, message: 'Use SHELL to change the default shell', instruction });
      }
    }
  },
};
