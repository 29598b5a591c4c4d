/**
 * What hadolint calls a pip install: a command whose name starts with `pip` (pip, pip3, pipx, but
 * not pipenv) with an `install` argument, or `python* -m pip install`. Shared by DL3013 and DL3042.
 */
import { ShellCommand, hasArg, hasArgSequence } from '../../../shell/shellCommand';

export function isPipInstall(command: ShellCommand): boolean {
  const name = command.name;
  if (name.startsWith('pip') && !name.startsWith('pipenv')) return hasArg(command, 'install');
  return name.startsWith('python') && hasArgSequence(command, ['-m', 'pip', 'install']);
}

/** The `install` word of a pip install (where options are inserted). */
export function installWord(command: ShellCommand) {
  return command.args.find((a) => a.value === 'install');
}
