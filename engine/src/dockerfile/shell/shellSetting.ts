/**
 * The shell a shell-form instruction runs under: the last SHELL before it in its stage, else the
 * SHELL its base stage ended with (a stage built FROM another stage inherits its image config),
 * else the default `/bin/sh -c`. Also the two facts hadolint reads from a SHELL: whether it turns
 * on `pipefail`, and whether it is a non-POSIX shell (PowerShell, cmd) whose scripts are not sh.
 */
import { DockerfileModel, Instruction } from '../model';
import { Scopes } from '../scope';
import { stageAncestry } from '../stageAncestry';

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

export interface ShellSetting {
  /** The shell's argv, as in SHELL's JSON array. */
  readonly args: readonly string[];
  /** The SHELL instruction that set it; undefined for the default. */
  readonly instruction: Instruction | undefined;
}

const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash']);
const NON_POSIX_PREFIXES = ['pwsh', 'powershell', 'cmd'];

/** The shell in effect for `instruction` (an instruction of a stage). */
export function shellAt(model: DockerfileModel, scopes: Scopes, instruction: Instruction): ShellSetting {
  const stage = model.stages[instruction.stageIndex];
  if (!stage) return { args: DEFAULT_SHELL, instruction: undefined };
  let found: Instruction | undefined;
  for (const i of stage.instructions) {
    if (i === instruction || i.start >= instruction.start) break;
    if (i.name === 'SHELL') found = i;
  }
  if (found) return { args: shellArgs(found), instruction: found };
  return inheritedShell(model, scopes, stage.index);
}

/** The shell the nearest stage it is built on ended with, following FROM <stage> links. */
function inheritedShell(model: DockerfileModel, scopes: Scopes, stageIndex: number): ShellSetting {
  for (const ancestor of stageAncestry(scopes, stageIndex).ancestors) {
    const shells = model.stages[ancestor].instructions.filter((i) => i.name === 'SHELL');
    const last = shells[shells.length - 1];
    if (last) return { args: shellArgs(last), instruction: last };
  }
  return { args: DEFAULT_SHELL, instruction: undefined };
}

/** A SHELL instruction's argv (the JSON items; a malformed non-JSON SHELL is split on blanks). */
export function shellArgs(shell: Instruction): string[] {
  if (shell.json) return shell.args.map((a) => a.value);
  return shell.rest.value.split(/\s+/).filter(Boolean);
}

/** The program name without its directory (`/usr/bin/bash` → `bash`, `C:\\x\\pwsh.exe` → `pwsh.exe`). */
export function shellBasename(program: string): string {
  return program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
}

/** hadolint's test: bash, zsh or ash, given `-o` (alone or in a cluster like `-eo`) and `pipefail`. */
export function hasPipefailOption(args: readonly string[]): boolean {
  if (!args.length || !PIPEFAIL_SHELLS.has(shellBasename(args[0]))) return false;
  const rest = args.slice(1);
  const hasO = rest.some((a) => a.length > 1 && a[0] === '-' && a[1] !== '-' && a.includes('o', 1));
  return hasO && rest.includes('pipefail');
}

/** PowerShell or cmd: RUN lines are not POSIX shell scripts. */
export function isNonPosixShell(args: readonly string[]): boolean {
  const program = args.length ? shellBasename(args[0]).toLowerCase() : '';
  return NON_POSIX_PREFIXES.some((p) => program.startsWith(p));
}
