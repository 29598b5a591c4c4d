/**
 * The argv of a shell command that needs no shell: one simple command whose words are all
 * literal, with no operators, redirections, assignments, background `&` or comment. Such a
 * command can be written in exec (JSON) form with the same meaning. A leading `exec` is dropped
 * (exec form already replaces the shell); other shell builtins have no program to run.
 */
import { parse } from 'unbash';
import { expandsWord } from './wordExpansion';

const SHELL_ONLY = new Set(['.', 'alias', 'builtin', 'cd', 'command', 'declare', 'eval', 'exec', 'exit', 'export', 'local', 'readonly', 'return', 'set', 'shift', 'source', 'trap', 'typeset', 'ulimit', 'umask', 'unset', 'wait']);

export function plainCommandArgv(text: string): string[] | undefined {
  const ast = parse(text);
  if (ast.errors?.length || ast.commands.length !== 1) return undefined;
  const statement = ast.commands[0];
  const command = statement.command;
  if (statement.background || command.type !== 'Command' || !command.name || command.prefix.length) return undefined;
  if (text.slice(statement.end).trim() !== '') return undefined;
  const argv: string[] = [];
  for (const word of [command.name, ...command.suffix]) {
    if (word.type !== 'Word' || expandsWord(word.text, word.parts)) return undefined;
    argv.push(word.value);
  }
  if (argv[0] === 'exec' && argv.length > 1 && !argv[1].startsWith('-')) argv.shift();
  return SHELL_ONLY.has(argv[0]) ? undefined : argv;
}
