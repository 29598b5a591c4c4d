/**
 * DL3008: `apt-get install` without versions installs whatever the mirror has that day. A package
 * counts as pinned when it names a version (`pkg=1.2*`), a release (`pkg/bookworm-backports`) or a
 * local `.deb`; the value of `-t`/`--target-release` is not a package.
 */
import { RuleWithOptions } from '../../lint';
import { reportUnpinned } from './unpinnedPackages';
import { runInstructions, runShell } from '../../../shell/runShell';
import { argumentsWithoutFlags, hasArg } from '../../../shell/shellCommand';

const MESSAGE = 'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`';
const TARGET_FLAGS = ['t', 'target-release'];

export const dl3008: RuleWithOptions = {
  id: 'DL3008',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Pin versions in apt get install',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3008',
  fixable: false,
  check(context, report) {
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (command.name !== 'apt-get' || !hasArg(command, 'install')) continue;
        const unpinned = argumentsWithoutFlags(command, TARGET_FLAGS).filter((w) => w.value !== 'install' && !isPinned(w.value));
        reportUnpinned(report, instruction, MESSAGE, unpinned);
      }
    }
  },
};

function isPinned(pkg: string): boolean {
  return pkg.includes('=') || pkg.includes('/') || pkg.endsWith('.deb');
}
