/**
 * DL3002: the last USER of a stage should not be root. hadolint checks every stage, not only the
 * final one (a later `FROM <stage>` inherits the user), and knows root as `root` or `0`, with or
 * without a group.
 */
import { Instruction } from '../../../model';
import { RuleWithOptions } from '../../lint';

export const dl3002: RuleWithOptions = {
  id: 'DL3002',
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Last USER should not be root',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3002',
  fixable: false,
  check(context, report) {
    for (const stage of context.model.stages) {
      let last: Instruction | undefined;
      for (const instruction of stage.instructions) if (instruction.name === 'USER') last = instruction;
      if (last && isRoot(last.rest.value.trim())) report({ range: last.rest.range, message: 'Last USER should not be root', instruction: last });
    }
  },
};

function isRoot(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
}
