/**
 * JSONArgsRecommended: CMD or ENTRYPOINT in shell form, run under `/bin/sh -c`, which does not
 * pass signals on to the program. As in BuildKit, a SHELL instruction earlier in the stage or in
 * a stage it is built on marks the shell form as deliberate and silences the check (the SHELL
 * of an external base image is unknown here and assumed absent, as it nearly always is).
 *
 * Fixes: a plain command (no variables, operators, globs...) becomes its exec form, preferred
 * unless it changes more than the signal handling: a CMD next to an exec-form ENTRYPOINT would
 * hand the entrypoint different arguments, and an ENTRYPOINT next to a CMD would start receiving
 * the CMD as arguments. A command that needs a shell gets the explicit `["/bin/sh", "-c", ...]`
 * form instead, never preferred: it runs exactly as before. Same problem as hadolint's DL3025.
 */
import { formatJsonArray } from '../../../jsonArray';
import { Instruction } from '../../../model';
import { stageAncestry } from '../../../stageAncestry';
import { Fix } from '../../rule';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { plainCommandArgv } from './execForm';

export const jsonArgsRecommended: BuildkitRule = {
  id: 'JSONArgsRecommended',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  url: ruleUrl('json-args-recommended'),
  fixable: true,
  equivalentTo: ['DL3025'],
  check(context, report) {
    const { stages } = context.model;
    for (const stage of stages) {
      const ancestors = stageAncestry(context.scopes, stage.index).ancestors.map((i) => stages[i]);
      let shellSet = ancestors.some((s) => s.instructions.some((i) => i.name === 'SHELL'));
      const entrypoints = [...ancestors, stage].flatMap((s) => s.instructions.filter((i) => i.name === 'ENTRYPOINT'));
      const execEntrypoint = entrypoints.length > 0 && entrypoints[entrypoints.length - 1].json;
      const stageHasCmd = stage.instructions.some((i) => i.name === 'CMD');
      for (const instruction of stage.instructions) {
        if (instruction.name === 'SHELL') shellSet = true;
        if ((instruction.name !== 'CMD' && instruction.name !== 'ENTRYPOINT') || instruction.json || !instruction.args.length || shellSet) continue;
        const changesArguments = instruction.name === 'CMD' ? execEntrypoint : stageHasCmd;
        report({
          range: instruction.args[0].range,
          message: `JSON arguments recommended for ${instruction.keyword.value} to prevent unintended behavior related to OS signals`,
          instruction,
          fixes: [execFormFix(instruction, changesArguments)],
        });
      }
    }
  },
};

function execFormFix(instruction: Instruction, changesArguments: boolean): Fix {
  const command = instruction.args[0];
  const argv = plainCommandArgv(command.value);
  if (!argv) {
    return { title: 'Convert to exec form running /bin/sh -c', edits: [{ range: command.range, newText: formatJsonArray(['/bin/sh', '-c', command.value]) }] };
  }
  return {
    title: !changesArguments
      ? 'Convert to exec form'
      : instruction.name === 'CMD'
        ? 'Convert to exec form (the ENTRYPOINT then receives these words as its arguments)'
        : 'Convert to exec form (the CMD then becomes its arguments)',
    edits: [{ range: command.range, newText: formatJsonArray(argv) }],
    preferred: !changesArguments,
  };
}
