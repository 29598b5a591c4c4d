/**
 * DL4006: a pipe in a RUN hides the failure of every command but the last unless `pipefail` is
 * set. As in hadolint, a SHELL of bash, zsh or ash with `-o pipefail` in effect, or a non-POSIX
 * SHELL (PowerShell, cmd), silences it; `ONBUILD RUN` is not checked. Two refinements over
 * hadolint: a stage built FROM another stage keeps that stage's SHELL (the builder does), and a
 * pipe after `set -o pipefail` in the same script is fine (if the shell lacks pipefail, the `set`
 * itself fails the build, so nothing fails silently).
 *
 * The fix inserts hadolint's suggested `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` above the RUN.
 * Not preferred: whether the image has bash is not known here.
 */
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { DockerfileModel, Instruction } from '../../../model';
import { mayMention, runInstructions, runShell } from '../../../shell/runShell';
import { hasPipefailOption, isNonPosixShell, shellAt } from '../../../shell/shellSetting';

const MESSAGE =
  'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check';
const PIPEFAIL_SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';

export const dl4006: RuleWithOptions = {
  id: 'DL4006',
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Set the SHELL option -o pipefail before RUN with a pipe in it',
  url: 'https://github.com/hadolint/hadolint/wiki/DL4006',
  fixable: true,
  check(context, report) {
    const model = context.model;
    for (const instruction of runInstructions(model, false)) {
      if (!mayMention(context, instruction, '|')) continue;
      const pipe = runShell(context, instruction).pipelines.find((p) => !p.pipefail);
      if (!pipe) continue;
      const shell = shellAt(model, context.scopes, instruction).args;
      if (isNonPosixShell(shell) || hasPipefailOption(shell)) continue;
      report({ range: pipe.operator.range, message: MESSAGE, instruction, fixes: shellFix(model, instruction) });
    }
  },
};

/** Inserted above the comments that belong to the RUN (`# hadolint ignore=...` stays with it). */
function shellFix(model: DockerfileModel, instruction: Instruction): Fix[] {
  const lines = model.lines;
  const directiveLines = new Set(model.directives.map((d) => d.line));
  let line = instruction.startLine;
  while (line > 0 && !directiveLines.has(line - 1) && lines.lineText(line - 1).trimStart().startsWith('#')) line--;
  const text = lines.lineText(instruction.startLine);
  const indent = text.slice(0, text.length - text.trimStart().length);
  const eol = lines.text.charCodeAt(lines.lineEnd(instruction.startLine)) === 13 ? '\r\n' : '\n';
  const at = { line, character: 0 };
  return [{ title: `Insert ${PIPEFAIL_SHELL} above this RUN`, edits: [{ range: { start: at, end: at }, newText: `${indent}${PIPEFAIL_SHELL}${eol}` }] }];
}
