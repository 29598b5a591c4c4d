/**
 * DL3018: `apk add <package>` without a version. Pinned, as in hadolint: any of `=`, `~`, `>`, `<`
 * in the name (`pkg=1.2-r0`, `pkg~1.2`, `"pkg>=1.2"`) or a local `.apk` file. Values of `-t`/
 * `--virtual`, `--repository` and `-X` are not packages.
 */
import { RuleWithOptions } from '../../lint';
import { reportUnpinned } from './unpinnedPackages';
import { runInstructions, runShell } from '../../../shell/runShell';
import { argumentsWithoutFlags, hasArg } from '../../../shell/shellCommand';

const MESSAGE = 'Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`';
const FLAGS_WITH_VALUES = ['t', 'virtual', 'repository', 'X'];
const VERSION_MARKS = ['=', '~', '>', '<'];

export const dl3018: RuleWithOptions = {
  id: 'DL3018',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Pin versions in apk add',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3018',
  fixable: false,
  check(context, report) {
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (command.name !== 'apk' || !hasArg(command, 'add')) continue;
        const unpinned = argumentsWithoutFlags(command, FLAGS_WITH_VALUES).filter(
          (w) => w.value !== 'add' && !w.value.endsWith('.apk') && !VERSION_MARKS.some((m) => w.value.includes(m)),
        );
        reportUnpinned(report, instruction, MESSAGE, unpinned);
      }
    }
  },
};
