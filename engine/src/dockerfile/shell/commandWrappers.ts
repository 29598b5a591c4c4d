/**
 * Which word of a simple command names the program that runs. ShellCheck (and so hadolint)
 * looks through `busybox`, `builtin`, `command` and `exec`: in `command apt-get install x` the
 * command is apt-get. Wrappers that change how the program runs (`sudo`, `env`, `xargs`,
 * `nohup`) are left alone, as hadolint leaves them: `sudo apt-get install x` is a sudo command.
 */
import { ShellWord } from './shellCommand';

const FIRST_ARGUMENT_WRAPPERS = new Set(['busybox', 'builtin', 'command']);

export interface EffectiveCommand {
  readonly name: ShellWord;
  readonly args: readonly ShellWord[];
}

/**
 * The command a word list runs, or undefined when its name is only known at run time
 * (`$CMD install x`): such commands are not listed, as in hadolint.
 */
export function effectiveCommand(words: readonly ShellWord[]): EffectiveCommand | undefined {
  const first = words[0];
  if (!first || first.dynamic) return undefined;
  const target = wrappedCommandIndex(first.value, words);
  if (target === undefined) return { name: first, args: words.slice(1) };
  const name = words[target];
  if (name.dynamic) return undefined;
  return { name, args: words.slice(target + 1) };
}

/** Index of the word a wrapper runs, or undefined when the first word is not a wrapper (or runs nothing). */
function wrappedCommandIndex(wrapper: string, words: readonly ShellWord[]): number | undefined {
  if (FIRST_ARGUMENT_WRAPPERS.has(wrapper)) {
    const next = words[1];
    return next && !next.value.startsWith('-') ? 1 : undefined;
  }
  if (wrapper !== 'exec') return undefined;
  // exec [-cl] [-a name] [--] command ...
  for (let i = 1; i < words.length; i++) {
    const v = words[i].value;
    if (v === '--') return i + 1 < words.length ? i + 1 : undefined;
    if (!v.startsWith('-') || v === '-') return i;
    if (v.startsWith('--')) return undefined;
    for (let j = 1; j < v.length; j++) {
      const option = v[j];
      if (option === 'a') {
        // The rest of the cluster, or the next word, is the name given to the command.
        if (j === v.length - 1) i++;
        break;
      }
      if (option !== 'c' && option !== 'l') return undefined;
    }
  }
  return undefined;
}
