/**
 * FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64`, a constant platform that pins
 * the stage to one platform whatever the build targets. As in BuildKit, a stage whose name
 * contains that OS or architecture (`AS build_amd64`) is deliberately platform-specific and not
 * reported, nor is a value BuildKit cannot parse (the build fails on it anyway). No quick fix:
 * dropping the flag or using $BUILDPLATFORM both change the build, and which is right depends on
 * what the stage is for.
 */
import { parsePlatformSpecifier } from '../../../../image/platform';
import { quoteGo } from '../../../lineParsers';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { fromExpansion } from './fromExpansion';

export const fromPlatformFlagConstDisallowed: BuildkitRule = {
  id: 'FromPlatformFlagConstDisallowed',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'FROM --platform flag should not use a constant value',
  url: ruleUrl('from-platform-flag-const-disallowed'),
  fixable: false,
  check(context, report) {
    const global = context.scopes.global;
    const build = { os: global.get('BUILDOS')?.value || 'linux', architecture: global.get('BUILDARCH')?.value || 'amd64' };
    for (const stage of context.model.stages) {
      const flag = stage.platform;
      const platform = fromExpansion(context, stage).platform;
      if (!flag || !platform || platform.error || platform.matched.size || platform.unmatched.size) continue;
      const parsed = parsePlatformSpecifier(platform.result, build);
      if ('error' in parsed) continue;
      const name = stage.name?.value.toLowerCase() ?? '';
      if (name.includes(parsed.platform.os) || name.includes(parsed.platform.architecture)) continue;
      report({
        range: flag.word.range,
        message: `FROM --platform flag should not use constant value ${quoteGo(platform.result)}`,
        instruction: stage.from,
      });
    }
  },
};
