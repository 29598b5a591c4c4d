/**
 * DL3016: `npm install <package>` without a version. Pinned, as in hadolint: `name@version` (also
 * scoped, `@scope/name@version`), git URLs with `#ref`, tarballs (`.tar`, `.tar.gz`, `.tgz`) and
 * folders (`/`, `./`, `../`, `~/`). `npm install` alone installs package.json's pinned versions;
 * `npm run ... install` is not an install. Values of `--loglevel` and `--registry` are skipped.
 */
import { RuleWithOptions } from '../../lint';
import { reportUnpinned } from './unpinnedPackages';
import { runInstructions, runShell } from '../../../shell/runShell';
import { ShellCommand, ShellWord, afterSubcommand, argumentsWithoutFlags, hasArg } from '../../../shell/shellCommand';

const MESSAGE = 'Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`';
const FLAGS_WITH_VALUES = ['loglevel', 'registry'];
const GIT_PREFIXES = ['git://', 'git+ssh://', 'git+http://', 'git+https://'];
const PATH_PREFIXES = ['/', './', '../', '~/'];
const TARBALL_SUFFIXES = ['.tar', '.tar.gz', '.tgz'];

export const dl3016: RuleWithOptions = {
  id: 'DL3016',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Pin versions in npm',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3016',
  fixable: false,
  check(context, report) {
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        reportUnpinned(report, instruction, MESSAGE, unpinnedPackages(command));
      }
    }
  },
};

function unpinnedPackages(command: ShellCommand): ShellWord[] {
  if (command.name !== 'npm' || !hasArg(command, 'install')) return [];
  const words = argumentsWithoutFlags(command, FLAGS_WITH_VALUES);
  if (words[0]?.value !== 'install') return [];
  return afterSubcommand(words, 'install').filter((w) => !isPinned(w.value));
}

function isPinned(pkg: string): boolean {
  if (GIT_PREFIXES.some((p) => pkg.startsWith(p))) return pkg.includes('#');
  if (TARBALL_SUFFIXES.some((s) => pkg.endsWith(s))) return true;
  if (PATH_PREFIXES.some((p) => pkg.startsWith(p))) return true;
  if (!pkg.startsWith('@')) return pkg.includes('@');
  const slash = pkg.indexOf('/');
  return slash >= 0 && pkg.includes('@', slash);
}
