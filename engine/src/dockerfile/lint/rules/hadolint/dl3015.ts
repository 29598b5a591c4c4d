/**
 * DL3015: `apt-get install` without `--no-install-recommends` pulls in recommended packages the
 * image rarely needs. `-o APT::Install-Recommends=false` says the same. The fix adds the option
 * after `install`.
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';
import { hasArg, hasFlag } from '../../../shell/shellCommand';
import { insertArgumentAfter, isEditable } from '../../../shell/commandEdits';
import { Fix } from '../../rule';

const MESSAGE = 'Avoid additional packages by specifying `--no-install-recommends`';

export const dl3015: RuleWithOptions = {
  id: 'DL3015',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'info',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3015',
  fixable: true,
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        const install = command.name === 'apt-get' ? command.args.find((a) => a.value === 'install') : undefined;
        if (!install || hasFlag(command, 'no-install-recommends') || hasArg(command, 'APT::Install-Recommends=false')) continue;
        const fixes: Fix[] = isEditable(command, install)
          ? [{ title: 'Add `--no-install-recommends`', edits: [insertArgumentAfter(lines, command, install, '--no-install-recommends')], preferred: true }]
          : [];
        report({ range: lines.rangeOf(command.nameWord.start, install.end), message: MESSAGE, instruction, fixes });
      }
    }
  },
};
