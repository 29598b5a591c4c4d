/**
 * The simple commands a RUN executes, as shell-aware lint rules see them: a command name and its
 * argument words, each word with the value the shell passes (quotes removed; `$VAR` and `$(...)`
 * kept as written, since their value is unknown before the build) and its range in the
 * Dockerfile. The option helpers read arguments the way hadolint does, so rules written against
 * them agree with hadolint: `-abc` is the flags a, b and c, `--name=value` is the flag "name",
 * and a flag's value is the next argument unless it was written inline.
 */
import { Range } from '../text';
import { Instruction } from '../model';
import { ShellScriptSource } from '../lint/rule';

export interface ShellWord {
  /** The word as written in the script. */
  readonly text: string;
  /** Quotes and escapes removed; expansions (`$X`, `${X}`, `$(cmd)`) and globs kept as written. */
  readonly value: string;
  /** True when the shell expands the word (parameters, command substitutions, globs, braces). */
  readonly dynamic: boolean;
  /** Source offsets [start, end) in the Dockerfile. */
  readonly start: number;
  readonly end: number;
  readonly range: Range;
}

/** `NAME=value` before a command, alone, or as an argument of `export`/`declare`/`env`. */
export interface ShellAssignment {
  readonly name: string;
  readonly value: string;
  readonly word: ShellWord;
}

/** How a command is joined to the one before it in its list. */
export type ShellConnector = '&&' | '||' | ';' | '&' | '|';

export interface ShellPipeline {
  /** The first `|` (or `|&`) of the pipeline, in the Dockerfile. */
  readonly operator: ShellWord;
  readonly commandCount: number;
  /** True when `set -o pipefail` ran earlier in the same script (and was not undone). */
  readonly pipefail: boolean;
}

export interface ShellCommand {
  /**
   * The command that runs. `busybox`, `builtin`, `command` and `exec` name the command that
   * follows them (ShellCheck's rule, which hadolint inherits); `sudo`, `env` and `xargs` do not.
   */
  readonly name: string;
  readonly nameWord: ShellWord;
  /** The words after the name, redirections left out. */
  readonly args: readonly ShellWord[];
  /** Assignments written before the command (`PIP_NO_CACHE_DIR=1 pip install ...`). */
  readonly assignments: readonly ShellAssignment[];
  readonly start: number;
  readonly end: number;
  readonly range: Range;
  /**
   * The operator before this command in its list or pipeline; undefined for the first one (also
   * the first one inside a subshell, group or substitution, which opens a list of its own).
   */
  readonly joinedBy: ShellConnector | undefined;
  /** The pipeline this command is part of, when it has two commands or more. */
  readonly pipeline: ShellPipeline | undefined;
  /** True inside a command or process substitution. */
  readonly nested: boolean;
  /**
   * False inside backquotes, whose text the shell decodes before parsing it: there every word's
   * range is that of the whole substitution, good for a diagnostic but not for an edit.
   */
  readonly exact: boolean;
  /** True for an exec-form RUN (`RUN ["apt-get", "install", "x"]`): edits must keep it JSON. */
  readonly execForm: boolean;
  /** The RUN (or ONBUILD RUN) the command belongs to. */
  readonly instruction: Instruction;
  /** The script the command was parsed from; undefined for the exec form. */
  readonly script: ShellScriptSource | undefined;
}

/** A flag of a command as hadolint counts them: the flag name and the word it was written in. */
export interface CommandFlag {
  readonly name: string;
  readonly word: ShellWord;
  readonly index: number;
}

/** The flags of a command: `-abc` gives a, b, c; `--name=value` gives "name"; `-` and `--` give none. */
export function commandFlags(command: ShellCommand): readonly CommandFlag[] {
  const out: CommandFlag[] = [];
  command.args.forEach((word, index) => {
    const v = word.value;
    if (v === '-' || v === '--' || v.charCodeAt(0) !== 45 /* - */) return;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      out.push({ name: eq < 0 ? v.slice(2) : v.slice(2, eq), word, index });
    } else {
      for (const ch of v.slice(1)) out.push({ name: ch, word, index });
    }
  });
  return out;
}

export function hasFlag(command: ShellCommand, name: string): boolean {
  return commandFlags(command).some((f) => f.name === name);
}

export function hasAnyFlag(command: ShellCommand, names: readonly string[]): boolean {
  return commandFlags(command).some((f) => names.includes(f.name));
}

export function countFlag(command: ShellCommand, name: string): number {
  let n = 0;
  for (const f of commandFlags(command)) if (f.name === name) n++;
  return n;
}

/** True when one of the arguments is exactly `value`. */
export function hasArg(command: ShellCommand, value: string): boolean {
  return command.args.some((a) => a.value === value);
}

/** True when the command is `name` and one of its arguments is one of `values` (hadolint's cmdHasArgs). */
export function commandHasArg(command: ShellCommand, name: string | readonly string[], values: readonly string[]): boolean {
  if (typeof name === 'string' ? command.name !== name : !name.includes(command.name)) return false;
  return command.args.some((a) => values.includes(a.value));
}

/** True when the argument values contain `sequence` as consecutive items. */
export function hasArgSequence(command: ShellCommand, sequence: readonly string[]): boolean {
  const args = command.args;
  outer: for (let i = 0; i + sequence.length <= args.length; i++) {
    for (let j = 0; j < sequence.length; j++) if (args[i + j].value !== sequence[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The arguments that are not flags, leaving out the values of the named flags (the argument after
 * such a flag, unless its value was written inline with `=`), as hadolint's
 * `getArgsNoFlags . dropFlagArg` does.
 */
export function argumentsWithoutFlags(command: ShellCommand, flagsWithValues: readonly string[] = []): ShellWord[] {
  const flags = commandFlags(command);
  const flagIndexes = new Set<number>();
  const valueIndexes = new Set<number>();
  for (const f of flags) {
    flagIndexes.add(f.index);
    if (flagsWithValues.includes(f.name) && !f.word.value.includes('=')) valueIndexes.add(f.index + 1);
  }
  return command.args.filter((_, i) => !flagIndexes.has(i) && !valueIndexes.has(i));
}

/** The words after the first `marker` argument (`install`, `add`), with any repeated marker dropped. */
export function afterSubcommand(words: readonly ShellWord[], marker: string): ShellWord[] {
  const at = words.findIndex((w) => w.value === marker);
  if (at < 0) return [];
  let i = at;
  while (i < words.length && words[i].value === marker) i++;
  return words.slice(i);
}
