/**
 * DL3047: `wget` without `--progress` prints a progress bar that floods build logs. Also accepted,
 * as in hadolint: quiet (`-q`), no-verbose (`-nv`) and output to a log file (`-o`, `-a`). The fix
 * adds hadolint's suggestion, `--progress=dot:giga`.
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';
import { ShellCommand, hasAnyFlag, hasArg } from '../../../shell/shellCommand';
import { insertArgumentAfter, isEditable } from '../../../shell/commandEdits';
import { Fix } from '../../rule';

const MESSAGE =
  'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).';

export const dl3047: RuleWithOptions = {
  id: 'DL3047',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'info',
  description: 'Avoid use of wget without progress bar',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3047',
  fixable: true,
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (command.name !== 'wget' || quietEnough(command)) continue;
        const fixes: Fix[] = isEditable(command, command.nameWord)
          ? [{ title: 'Add `--progress=dot:giga`', edits: [insertArgumentAfter(lines, command, command.nameWord, '--progress=dot:giga')], preferred: true }]
          : [];
        report({ range: command.nameWord.range, message: MESSAGE, instruction, fixes });
      }
    }
  },
};

function quietEnough(command: ShellCommand): boolean {
  return hasAnyFlag(command, ['progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose']) || hasArg(command, '-nv');
}
