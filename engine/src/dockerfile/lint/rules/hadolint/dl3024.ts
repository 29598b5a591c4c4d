/**
 * DL3024: two stages with the same name; the builder refuses it. Names compare case-insensitively,
 * as the builder compares them. Overlaps BuildKit's DuplicateStageName.
 */
import { RuleWithOptions } from '../../lint';

const MESSAGE = 'FROM aliases (stage names) must be unique';

export const dl3024: RuleWithOptions = {
  id: 'DL3024',
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3024',
  fixable: false,
  equivalentTo: ['DuplicateStageName'],
  check(context, report) {
    const seen = new Set<string>();
    for (const stage of context.model.stages) {
      if (!stage.name) continue;
      const name = stage.name.value.toLowerCase();
      if (seen.has(name)) report({ range: stage.name.range, message: MESSAGE, instruction: stage.from });
      seen.add(name);
    }
  },
};
