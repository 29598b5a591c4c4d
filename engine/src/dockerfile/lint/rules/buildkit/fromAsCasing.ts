/**
 * FromAsCasing: `FROM image as name` (or `from image AS name`), the AS keyword cased unlike
 * FROM. As in BuildKit, a FROM keyword of mixed case is left to ConsistentInstructionCasing.
 */
import { BuildkitRule, ruleUrl } from './buildkitRule';

export const fromAsCasing: BuildkitRule = {
  id: 'FromAsCasing',
  locality: 'instruction',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: "The 'as' keyword should match the case of the 'from' keyword",
  url: ruleUrl('from-as-casing'),
  fixable: true,
  check(context, report) {
    for (const { from } of context.model.stages) {
      if (from.args.length < 3) continue;
      const as = from.args[1];
      if (as.value.toLowerCase() !== 'as') continue;
      const keyword = from.keyword.value;
      const lower = keyword === keyword.toLowerCase();
      if (!lower && keyword !== keyword.toUpperCase()) continue;
      const wanted = lower ? 'as' : 'AS';
      if (as.value === wanted) continue;
      report({
        range: as.range,
        message: `'${as.value}' and '${keyword}' keywords' casing do not match`,
        instruction: from,
        fixes: [{ title: `Change '${as.value}' to '${wanted}'`, edits: [{ range: as.range, newText: wanted }], preferred: true }],
      });
    }
  },
};
