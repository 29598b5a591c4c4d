/**
 * DL3009: a RUN that runs `apt-get update` (or `apt`/`aptitude update`) leaves the package lists
 * in its layer unless the same RUN removes them (hadolint accepts any `rm` with `-rf` or
 * `/var/lib/apt/lists/*`) or keeps them in a cache or tmpfs mount. As in hadolint, only layers
 * that end up in an image count: RUNs of the last stage, of stages another stage is built FROM,
 * and every `ONBUILD RUN` (it runs in a child image). The fix appends the removal to the script.
 */
import { Instruction } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { Fix, LintContext } from '../../rule';
import { RunShell, mayMention, runInstructions, runShell } from '../../../shell/runShell';
import { ShellCommand, commandHasArg } from '../../../shell/shellCommand';
import { hasCacheOrTmpfsMountWith } from './runMounts';

const MESSAGE = 'Delete the apt lists (/var/lib/apt/lists) after installing something';
const CLEANUP = 'rm -rf /var/lib/apt/lists/*';
const UPDATERS = ['apt', 'apt-get', 'aptitude'];

export const dl3009: RuleWithOptions = {
  id: 'DL3009',
  // Stage: 'last stage' and 'used as a base' follow from the FROM lines.
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'info',
  description: 'Delete the apt lists (/var/lib/apt/lists) after installing something',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3009',
  fixable: true,
  check(context, report) {
    const model = context.model;
    const usedAsBase = new Set<number>();
    for (const scope of context.scopes.stages) if (scope.base.kind === 'stage' && scope.base.stage !== undefined) usedAsBase.add(scope.base.stage);
    for (const instruction of runInstructions(model, true)) {
      if (instruction.name !== 'ONBUILD' && !inImageLayer(instruction, model.stages.length, usedAsBase)) continue;
      if (!mayMention(context, instruction, 'update')) continue;
      const shell = runShell(context, instruction);
      const update = shell.commands.find((c) => commandHasArg(c, UPDATERS, ['update']));
      if (!update) continue;
      if (shell.commands.some((c) => commandHasArg(c, 'rm', ['-rf', '/var/lib/apt/lists/*']))) continue;
      const run = shell.run;
      if (hasCacheOrTmpfsMountWith(run, '/var/lib/apt/lists')) continue;
      if (hasCacheOrTmpfsMountWith(run, '/var/lib/apt') && hasCacheOrTmpfsMountWith(run, '/var/cache/apt')) continue;
      const updateWord = update.args.find((a) => a.value === 'update') ?? update.nameWord;
      report({
        range: context.model.lines.rangeOf(update.nameWord.start, Math.max(update.nameWord.end, updateWord.end)),
        message: MESSAGE,
        instruction,
        fixes: cleanupFix(context, shell, update),
      });
    }
  },
};

/** hadolint's view: the last stage, a stage used as a base, or (with no FROM at all) the file itself. */
function inImageLayer(instruction: Instruction, stageCount: number, usedAsBase: ReadonlySet<number>): boolean {
  if (instruction.stageIndex < 0) return stageCount === 0;
  return instruction.stageIndex === stageCount - 1 || usedAsBase.has(instruction.stageIndex);
}

function cleanupFix(context: LintContext, shell: RunShell, update: ShellCommand): Fix[] {
  const script = shell.scripts.find((s) => s.source === update.script);
  const at = script?.lastStatementEnd;
  const instruction = shell.instruction;
  // After a syntax error the end of the last statement may lie inside an unclosed quote.
  if (!script || script.errorCount || at === undefined || !update.exact || at <= instruction.start || at > instruction.end) return [];
  const position = context.model.lines.positionAt(at);
  return [{ title: `Append \`&& ${CLEANUP}\``, edits: [{ range: { start: position, end: position }, newText: ` && ${CLEANUP}` }], preferred: true }];
}
