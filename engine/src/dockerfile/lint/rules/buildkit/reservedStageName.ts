/**
 * ReservedStageName: a stage named `scratch` or `context` (in any case), names BuildKit reserves
 * for the empty image and the build context. No quick fix: the new name is the author's choice.
 */
import { quoteGo } from '../../../lineParsers';
import { BuildkitRule, ruleUrl } from './buildkitRule';

const RESERVED = new Set(['context', 'scratch']);

export const reservedStageName: BuildkitRule = {
  id: 'ReservedStageName',
  locality: 'instruction',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Reserved words should not be used as stage names',
  url: ruleUrl('reserved-stage-name'),
  fixable: false,
  check(context, report) {
    for (const stage of context.model.stages) {
      const name = stage.name?.value.toLowerCase();
      if (!stage.name || !name || !RESERVED.has(name)) continue;
      report({ range: stage.name.range, message: `Stage name should not use the same name as reserved stage ${quoteGo(name)}`, instruction: stage.from });
    }
  },
};
