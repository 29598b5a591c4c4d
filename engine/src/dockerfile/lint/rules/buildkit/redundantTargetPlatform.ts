/**
 * RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM`, which only restates the default.
 * As in BuildKit, the flag must expand to exactly TARGETPLATFORM's value using that variable
 * alone. The fix removes the flag.
 */
import { wordRemoval } from '../../wordRemoval';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { fromExpansion } from './fromExpansion';

export const redundantTargetPlatform: BuildkitRule = {
  id: 'RedundantTargetPlatform',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
  url: ruleUrl('redundant-target-platform'),
  fixable: true,
  check(context, report) {
    const target = context.scopes.global.get('TARGETPLATFORM')?.value;
    for (const stage of context.model.stages) {
      const flag = stage.platform;
      const platform = fromExpansion(context, stage).platform;
      if (!flag || !platform || platform.error || platform.unmatched.size || platform.matched.size !== 1) continue;
      if (!platform.matched.has('TARGETPLATFORM') || platform.result !== target) continue;
      report({
        range: flag.word.range,
        message: `Setting platform to predefined ${flag.value} in FROM is redundant as this is the default behavior`,
        instruction: stage.from,
        fixes: [{ title: 'Remove the --platform flag', edits: [wordRemoval(context.model, flag.word)], preferred: true }],
      });
    }
  },
};
