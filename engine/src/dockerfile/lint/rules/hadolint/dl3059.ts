/**
 * DL3059: consecutive RUNs that could be one layer. hadolint's exact condition: two RUNs with only
 * comments between them, the same flags (`--mount`, `--network`, `--security`), and each running at
 * most one command (a RUN that already chains commands was split on purpose). A third single-command
 * RUN in a row is reported too.
 *
 * The fix merges the RUN into the one above with ` && \` when both are plain shell form (no flags,
 * no heredocs), nothing but blank lines separates them, and the first ends with its command.
 */
import { Instruction } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { Fix, LintContext } from '../../rule';
import { runShell } from '../../../shell/runShell';

const MESSAGE = 'Multiple consecutive `RUN` instructions. Consider consolidation.';

export const dl3059: RuleWithOptions = {
  id: 'DL3059',
  // Stage: the run of RUNs ends at every non-RUN instruction, FROM included.
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'info',
  description: 'Multiple consecutive `RUN` instructions',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3059',
  fixable: true,
  check(context, report) {
    // The RUN the next one is compared with; hadolint keeps it after reporting, so a run of three
    // single-command RUNs reports the second and the third against the first.
    // Commands are counted only for a RUN that follows another (the shell analysis is the cost).
    let previous: { run: Instruction; flags: string; count: () => number } | undefined;
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'RUN') {
        previous = undefined;
        continue;
      }
      const flags = flagKey(instruction);
      let counted: number | undefined;
      const count = () => (counted ??= commandCount(context, instruction));
      if (previous && previous.flags === flags && count() <= 1 && previous.count() <= 1) {
        report({ range: instruction.keyword.range, message: MESSAGE, instruction, fixes: mergeFix(context, previous.run, instruction) });
        continue;
      }
      previous = { run: instruction, flags, count };
    }
  },
};

/** Flags compared as a set, as hadolint compares its parsed RUN flags. */
function flagKey(run: Instruction): string {
  return run.flags.map((f) => f.word.value).sort().join('\n');
}

/** Named commands the RUN executes, substitutions included (hadolint counts the same ones). */
function commandCount(context: LintContext, run: Instruction): number {
  return runShell(context, run).commands.length;
}

function mergeFix(context: LintContext, first: Instruction, second: Instruction): Fix[] {
  if (!isPlainShellForm(first) || !isPlainShellForm(second)) return [];
  const model = context.model;
  const script = runShell(context, first).scripts[0];
  if (!script?.endsCleanly || script.lastStatementEnd === undefined) return [];
  // Only blank lines between the two (a comment there would end up inside the merged RUN).
  if (model.text.slice(first.end, second.start).trim() !== '' || model.text.slice(script.lastStatementEnd, first.end).trim() !== '') return [];
  if (second.comments.length) return [];
  const indent = ' '.repeat(first.rest.range.start.character);
  const eol = model.text.charCodeAt(model.lines.lineEnd(first.endLine)) === 13 ? '\r\n' : '\n';
  return [
    {
      title: 'Merge into the RUN above',
      edits: [{ range: model.lines.rangeOf(script.lastStatementEnd, second.rest.start), newText: ` && ${model.escapeToken}${eol}${indent}` }],
      preferred: true,
    },
  ];
}

function isPlainShellForm(run: Instruction): boolean {
  return !run.json && !run.flags.length && !run.heredocs.length && run.rest.value.trim() !== '';
}
