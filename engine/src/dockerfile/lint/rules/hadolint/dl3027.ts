/**
 * DL3027: `apt` is meant for people at a terminal; its output and behaviour may change between
 * releases, while `apt-get` and `apt-cache` are stable for scripts. The fix renames the command when
 * its subcommand exists unchanged in apt-get (install, update, ...) or apt-cache (search, show, ...).
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';
import { ShellCommand, argumentsWithoutFlags } from '../../../shell/shellCommand';
import { isEditable, replaceWord } from '../../../shell/commandEdits';
import { Fix } from '../../rule';

const MESSAGE = 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead';
const APT_GET = new Set(['install', 'update', 'upgrade', 'dist-upgrade', 'remove', 'purge', 'autoremove', 'autoclean', 'clean', 'source', 'build-dep', 'download', 'satisfy', 'check', 'changelog']);
const APT_CACHE = new Set(['search', 'show', 'showsrc', 'policy', 'depends', 'rdepends', 'madison', 'pkgnames', 'dump', 'stats']);

export const dl3027: RuleWithOptions = {
  id: 'DL3027',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3027',
  fixable: true,
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (command.name !== 'apt') continue;
        const replacement = replacementFor(command);
        const fixes: Fix[] =
          replacement && isEditable(command, command.nameWord)
            ? [{ title: `Use ${replacement}`, edits: [replaceWord(lines, command, command.nameWord, replacement)], preferred: true }]
            : [];
        report({ range: command.nameWord.range, message: MESSAGE, instruction, fixes });
      }
    }
  },
};

function replacementFor(command: ShellCommand): string | undefined {
  const subcommand = argumentsWithoutFlags(command)[0]?.value;
  if (subcommand === undefined) return undefined;
  if (APT_GET.has(subcommand)) return 'apt-get';
  if (APT_CACHE.has(subcommand)) return 'apt-cache';
  return undefined;
}
