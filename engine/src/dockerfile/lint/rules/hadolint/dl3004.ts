/**
 * DL3004: `sudo` in a RUN. Build steps already run as the image's USER; sudo needs a TTY policy
 * and a sudoers file, and behaves differently from one image to the next. The fix drops `sudo`
 * when it has no options (with options such as `-u user` the intent is another user: no fix).
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';
import { isEditable, removeCommandName } from '../../../shell/commandEdits';
import { Fix } from '../../rule';

const MESSAGE = 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root';

export const dl3004: RuleWithOptions = {
  id: 'DL3004',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3004',
  fixable: true,
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (command.name !== 'sudo') continue;
        const fixes: Fix[] = [];
        const next = command.args[0];
        if (next && !next.value.startsWith('-') && isEditable(command, command.nameWord) && isEditable(command, next)) {
          const edit = removeCommandName(lines, command);
          if (edit) fixes.push({ title: 'Remove sudo', edits: [edit], preferred: true });
        }
        report({ range: command.nameWord.range, message: MESSAGE, instruction, fixes });
      }
    }
  },
};
