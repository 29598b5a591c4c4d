/**
 * DL3014: `apt-get install` without `-y` waits for an answer no build gives. `-y`, `--yes`,
 * `--assume-yes` and quiet level 2 (`-qq`, `-q -q`, `-q=2`, `--quiet --quiet`) all answer yes.
 * The fix adds `-y` after `install`.
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';
import { ShellCommand, countFlag, hasAnyFlag, hasArg } from '../../../shell/shellCommand';
import { insertArgumentAfter, isEditable } from '../../../shell/commandEdits';
import { Fix } from '../../rule';

const MESSAGE = 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`';

export const dl3014: RuleWithOptions = {
  id: 'DL3014',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Use the `-y` switch to avoid manual input',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3014',
  fixable: true,
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        const install = command.name === 'apt-get' ? command.args.find((a) => a.value === 'install') : undefined;
        if (!install || answersYes(command)) continue;
        const fixes: Fix[] = isEditable(command, install)
          ? [{ title: 'Add `-y`', edits: [insertArgumentAfter(lines, command, install, '-y')], preferred: true }]
          : [];
        report({ range: lines.rangeOf(command.nameWord.start, install.end), message: MESSAGE, instruction, fixes });
      }
    }
  },
};

function answersYes(command: ShellCommand): boolean {
  return (
    hasAnyFlag(command, ['y', 'yes', 'qq', 'assume-yes']) ||
    countFlag(command, 'q') === 2 ||
    countFlag(command, 'quiet') === 2 ||
    hasArg(command, '-q=2')
  );
}
