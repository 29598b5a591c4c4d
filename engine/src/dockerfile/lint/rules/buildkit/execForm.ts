/**
 * Turning a shell-form command into exec form. Only a command the shell would run unchanged can
 * be split into its words: plain words and simple quotes, no variables, globs, operators,
 * redirections, assignments or builtins. A leading `exec` is dropped, since exec form already
 * runs the program in place of a shell.
 */
const PLAIN = /^[\p{L}\p{N}_.\/:@%+,=-]$/u;
const BLANK = /^[ \t]$/;
const SHELL_WORDS = new Set(
  '. : [ [[ alias bg break case cd command continue declare do done echo eval exit export false fg for function getopts hash if jobs kill let local printf pwd read readonly return select set shift source test then time times trap true type typeset ulimit umask unalias unset until wait while'.split(
    ' ',
  ),
);

/** The argv of `command` when running it without a shell is equivalent; undefined otherwise. */
export function plainCommandArgv(command: string): string[] | undefined {
  const words = splitPlainWords(command);
  if (!words || !words.length) return undefined;
  if (words[0] === 'exec') {
    words.shift();
    if (!words.length || words[0].startsWith('-')) return undefined;
  }
  if (words[0].includes('=') || SHELL_WORDS.has(words[0])) return undefined;
  return words;
}

function splitPlainWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  const chars = Array.from(command);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (BLANK.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === "'" || ch === '"') {
      const close = chars.indexOf(ch, i + 1);
      if (close < 0) return undefined;
      const quoted = chars.slice(i + 1, close).join('');
      if (ch === '"' && /[$`\\!]/.test(quoted)) return undefined;
      word = (word ?? '') + quoted;
      i = close;
    } else if (PLAIN.test(ch)) word = (word ?? '') + ch;
    else return undefined;
  }
  if (word !== undefined) words.push(word);
  return words;
}
