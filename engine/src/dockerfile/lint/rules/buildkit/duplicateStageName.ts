/**
 * DuplicateStageName: a stage name used by an earlier stage too (names compare without regard
 * to case, as BuildKit lower-cases them). The later stage is reported. No quick fix: which stage
 * to rename, and to what, is the author's choice. Same problem as hadolint's DL3024.
 */
import { quoteGo } from '../../../lineParsers';
import { BuildkitRule, ruleUrl } from './buildkitRule';

export const duplicateStageName: BuildkitRule = {
  id: 'DuplicateStageName',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Stage names should be unique',
  url: ruleUrl('duplicate-stage-name'),
  fixable: false,
  equivalentTo: ['DL3024'],
  check(context, report) {
    const seen = new Set<string>();
    for (const stage of context.model.stages) {
      if (!stage.name) continue;
      const name = stage.name.value.toLowerCase();
      if (seen.has(name)) {
        report({ range: stage.name.range, message: `Duplicate stage name ${quoteGo(name)}, stage names should be unique`, instruction: stage.from });
      }
      seen.add(name);
    }
  },
};
