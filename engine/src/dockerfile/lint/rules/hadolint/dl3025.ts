/**
 * DL3025: CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form run under `/bin/sh -c`, so the
 * program is not PID 1 and does not get signals. Overlaps BuildKit's JSONArgsRecommended.
 *
 * Fixes: a plain command (literal words, no shell syntax) becomes its JSON argv. A command that
 * uses the shell keeps it, written out: `[<SHELL in effect>..., "<command>"]`, which behaves
 * exactly as the shell form does; that one is not preferred, since it keeps the shell in front.
 * ENTRYPOINT's argv form is not preferred either when the stage has a CMD, which it then receives.
 */
import { formatJsonArray } from '../../../jsonArray';
import { Instruction, Word } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { Fix, LintContext } from '../../rule';
import { plainCommandArgv } from '../../../shell/plainCommand';
import { shellAt } from '../../../shell/shellSetting';

const MESSAGE = 'Use arguments JSON notation for CMD and ENTRYPOINT arguments';

export const dl3025: RuleWithOptions = {
  id: 'DL3025',
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3025',
  fixable: true,
  equivalentTo: ['JSONArgsRecommended'],
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of context.model.instructions) {
      const command = shellFormCommand(instruction);
      if (!command) continue;
      report({
        range: lines.rangeOf(command.start, instruction.rest.end),
        message: MESSAGE,
        instruction,
        fixes: jsonFixes(context, instruction, command),
      });
    }
  },
};

/** The shell-form command word of a CMD, ENTRYPOINT or HEALTHCHECK CMD. */
function shellFormCommand(instruction: Instruction): Word | undefined {
  if (instruction.json) return undefined;
  if (instruction.name === 'CMD' || instruction.name === 'ENTRYPOINT') return instruction.args[0];
  if (instruction.name === 'HEALTHCHECK' && instruction.args[0]?.value.toUpperCase() === 'CMD') return instruction.args[1];
  return undefined;
}

function jsonFixes(context: LintContext, instruction: Instruction, command: Word): Fix[] {
  const lines = context.model.lines;
  const range = lines.rangeOf(command.start, instruction.rest.end);
  // The command as the builder reads it, continuation lines joined.
  const text = command.value;
  // `CMD ["a", b]` is JSON gone wrong, not a command to quote: no guess at what was meant.
  if (text.trimStart().startsWith('[')) return [];
  const argv = plainCommandArgv(text);
  if (argv) {
    const receivesCmd = instruction.name === 'ENTRYPOINT' && stageHasCmd(context, instruction);
    return [{ title: 'Convert to JSON notation', edits: [{ range, newText: formatJsonArray(argv) }], preferred: !receivesCmd }];
  }
  const shell = shellAt(context.model, context.scopes, instruction).args;
  return [{ title: `Convert to JSON notation running ${formatJsonArray(shell)}`, edits: [{ range, newText: formatJsonArray([...shell, text]) }] }];
}

function stageHasCmd(context: LintContext, instruction: Instruction): boolean {
  const stage = context.model.stages[instruction.stageIndex];
  return !!stage && stage.instructions.some((i) => i.name === 'CMD');
}
