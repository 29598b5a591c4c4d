/**
 * DL3042: `pip install` keeps its download cache in the layer unless told not to. Accepted, as in
 * hadolint: `--no-cache-dir`, a truthy `PIP_NO_CACHE_DIR` (set in the RUN, or for the build step
 * by ENV or ARG, inherited from a base stage too), a cache or tmpfs mount on `.cache/pip`, and the
 * wrappers pipx and pipenv, which manage their own caches. For `ONBUILD RUN` only an earlier
 * `ONBUILD ENV` can set the variable (the child image's ENV is unknown here). The fix adds
 * `--no-cache-dir` after `install`.
 */
import { Instruction } from '../../../model';
import { keyValuePairs } from '../../../keyValues';
import { RuleWithOptions } from '../../lint';
import { Fix, LintContext } from '../../rule';
import { RunShell, mayMention, runInstructions, runShell } from '../../../shell/runShell';
import { ShellCommand, hasArg, hasArgSequence } from '../../../shell/shellCommand';
import { insertArgumentAfter, isEditable } from '../../../shell/commandEdits';
import { hasCacheOrTmpfsMountWith } from './runMounts';
import { installWord, isPipInstall } from './pipInstall';
import { dropQuotes } from './quotes';

const MESSAGE = 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`';
const TRUTHY = new Set(['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES']);

export const dl3042: RuleWithOptions = {
  id: 'DL3042',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Avoid use of cache directory with pip',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3042',
  fixable: true,
  locality: 'stage',
  // An ONBUILD RUN depends on the ONBUILD ENVs above it in any stage.
  fileKey: (document) =>
    document.instructions
      .filter((i) => i.name === 'ONBUILD')
      .map((i) => (setsNoCacheDir(i) ? 'E' : 'O'))
      .join(''),
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of runInstructions(context.model, true)) {
      if (!mayMention(context, instruction, 'pip')) continue;
      const shell = runShell(context, instruction);
      const offenders = shell.commands.filter((c) => isPipInstall(c) && !hasArg(c, '--no-cache-dir') && !isPipWrapper(c));
      if (!offenders.length || noCacheDirSet(context, shell) || hasCacheOrTmpfsMountWith(shell.run, '.cache/pip')) continue;
      for (const command of offenders) {
        const install = installWord(command);
        const fixes: Fix[] =
          install && isEditable(command, install)
            ? [{ title: 'Add `--no-cache-dir`', edits: [insertArgumentAfter(lines, command, install, '--no-cache-dir')], preferred: true }]
            : [];
        const end = install && install.end > command.nameWord.end ? install.end : command.nameWord.end;
        report({ range: lines.rangeOf(command.nameWord.start, end), message: MESSAGE, instruction, fixes });
      }
    }
  },
};

function isPipWrapper(command: ShellCommand): boolean {
  const name = command.name;
  const wraps = (w: string) => name.includes(w) || (name.startsWith('python') && hasArgSequence(command, ['-m', w]));
  return wraps('pipx') || wraps('pipenv');
}

function noCacheDirSet(context: LintContext, shell: RunShell): boolean {
  if (shell.assignments.some((a) => a.name === 'PIP_NO_CACHE_DIR' && TRUTHY.has(a.value))) return true;
  if (shell.instruction.name === 'ONBUILD') return onbuildEnvSets(context, shell.instruction);
  const variable = context.scopes.before(shell.instruction).get('PIP_NO_CACHE_DIR');
  return variable?.value !== undefined && TRUTHY.has(variable.value);
}

function onbuildEnvSets(context: LintContext, onbuild: Instruction): boolean {
  for (const instruction of context.document.instructions) {
    if (instruction === onbuild) break;
    if (setsNoCacheDir(instruction)) return true;
  }
  return false;
}

/** An `ONBUILD ENV` that sets a truthy PIP_NO_CACHE_DIR. */
function setsNoCacheDir(instruction: Instruction): boolean {
  const env = instruction.name === 'ONBUILD' ? instruction.trigger : undefined;
  if (env?.name !== 'ENV') return false;
  return [...keyValuePairs(env)].some((pair) => pair.key.value === 'PIP_NO_CACHE_DIR' && TRUTHY.has(dropQuotes(pair.value.value)));
}
