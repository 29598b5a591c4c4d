/**
 * DL3019: `apk add` without `--no-cache` leaves the package index in the layer. A cache or tmpfs
 * mount on `/var/cache/apk` keeps it out too. The fix adds `--no-cache` after `add`.
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';
import { hasFlag } from '../../../shell/shellCommand';
import { insertArgumentAfter, isEditable } from '../../../shell/commandEdits';
import { Fix } from '../../rule';
import { hasCacheOrTmpfsMountWith } from './runMounts';

const MESSAGE = 'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages';

export const dl3019: RuleWithOptions = {
  id: 'DL3019',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'info',
  description: 'Use the `--no-cache` switch with apk add',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3019',
  fixable: true,
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of runInstructions(context.model, true)) {
      const shell = runShell(context, instruction);
      if (hasCacheOrTmpfsMountWith(shell.run, '/var/cache/apk')) continue;
      for (const command of shell.commands) {
        const add = command.name === 'apk' ? command.args.find((a) => a.value === 'add') : undefined;
        if (!add || hasFlag(command, 'no-cache')) continue;
        const fixes: Fix[] = isEditable(command, add)
          ? [{ title: 'Add `--no-cache`', edits: [insertArgumentAfter(lines, command, add, '--no-cache')], preferred: true }]
          : [];
        report({ range: lines.rangeOf(command.nameWord.start, add.end), message: MESSAGE, instruction, fixes });
      }
    }
  },
};
