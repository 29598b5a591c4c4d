/**
 * DL3013: `pip install <package>` without a version. Accepted, as in hadolint: a version specifier
 * (`==`, `>=`, `~=`, ...), a VCS URL with `@ref`, a local `.whl`/`.tar.gz`, a path, installs from a
 * requirements file (`-r`, `--requirement`) or of `.`, and any install with a constraints file
 * (`-c`, `--constraint`). Values of options such as `--index-url URL` are not packages.
 */
import { RuleWithOptions } from '../../lint';
import { reportUnpinned } from './unpinnedPackages';
import { runInstructions, runShell } from '../../../shell/runShell';
import { ShellCommand, afterSubcommand, argumentsWithoutFlags, hasAnyFlag, hasArg } from '../../../shell/shellCommand';
import { isPipInstall } from './pipInstall';

const MESSAGE =
  'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`';
const FLAGS_WITH_VALUES = [
  'abi', 'b', 'build', 'e', 'editable', 'extra-index-url', 'f', 'find-links', 'i', 'index-url', 'implementation',
  'no-binary', 'only-binary', 'platform', 'prefix', 'progress-bar', 'proxy', 'python', 'python-version', 'root',
  'root-user-action', 'src', 't', 'target', 'trusted-host', 'upgrade-strategy',
];
const VERSION_SYMBOLS = ['==', '>=', '<=', '>', '<', '!=', '~=', '==='];
const LOCAL_PACKAGE_SUFFIXES = ['.whl', '.tar.gz'];
const VCS_SCHEMES = [
  'git+file', 'git+https', 'git+ssh', 'git+http', 'git+git', 'git', 'hg+file', 'hg+http', 'hg+https', 'hg+ssh',
  'hg+static-http', 'svn', 'svn+svn', 'svn+http', 'svn+https', 'svn+ssh', 'bzr+http', 'bzr+https', 'bzr+ssh',
  'bzr+sftp', 'bzr+ftp', 'bzr+lp',
];

export const dl3013: RuleWithOptions = {
  id: 'DL3013',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Pin versions in pip',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3013',
  fixable: false,
  check(context, report) {
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (!isPipInstall(command) || installsFromFiles(command) || hasAnyFlag(command, ['constraint', 'c'])) continue;
        reportUnpinned(report, instruction, MESSAGE, packages(command).filter((w) => !isPinned(w.value)));
      }
    }
  },
};

function installsFromFiles(command: ShellCommand): boolean {
  return hasArg(command, '--requirement') || hasArg(command, '-r') || hasArg(command, '.');
}

function packages(command: ShellCommand) {
  return afterSubcommand(argumentsWithoutFlags(command, FLAGS_WITH_VALUES), 'install');
}

function isPinned(pkg: string): boolean {
  const vcs = VCS_SCHEMES.some((s) => pkg.startsWith(s));
  return (
    VERSION_SYMBOLS.some((s) => pkg.includes(s)) ||
    (vcs && pkg.includes('@')) ||
    LOCAL_PACKAGE_SUFFIXES.some((s) => pkg.endsWith(s)) ||
    (!vcs && pkg.includes('/'))
  );
}
