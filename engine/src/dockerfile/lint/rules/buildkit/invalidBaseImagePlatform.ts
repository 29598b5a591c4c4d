/**
 * InvalidBaseImagePlatform: the local image a stage would start from was pulled for another OS or
 * architecture than the stage is built for (its `--platform`, else the target platform). BuildKit
 * checks the image it resolved; the editor can only ask the engine which platform its local
 * image has, through the lint context's `imagePlatforms` (ImagePlatformCatalog). Without a catalog, or when the
 * engine has no such image, the rule stays quiet. Variants are not compared, as in BuildKit.
 * BuildKit publishes no documentation page for this check.
 */
import { formatPlatform, normalizePlatform, parsePlatformSpecifier, Platform } from '../../../../image/platform';
import { quoteGo } from '../../../lineParsers';
import { BuildkitRule } from './buildkitRule';
import { fromExpansion } from './fromExpansion';

export const invalidBaseImagePlatform: BuildkitRule = {
  id: 'InvalidBaseImagePlatform',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Base image platform does not match expected target platform',
  fixable: false,
  check(context, report) {
    const catalog = context.imagePlatforms;
    if (!catalog) return;
    const global = context.scopes.global;
    const target: Platform = {
      os: global.get('TARGETOS')?.value || 'linux',
      architecture: global.get('TARGETARCH')?.value || 'amd64',
      variant: global.get('TARGETVARIANT')?.value || undefined,
    };
    for (const stage of context.model.stages) {
      const base = context.scopes.stages[stage.index]?.base;
      if (!stage.base || !base || base.kind !== 'image' || !base.value) continue;
      const actual = catalog.platformOf(base.value);
      if (!actual) continue;
      const platform = fromExpansion(context, stage).platform;
      const parsed = platform && !platform.error ? parsePlatformSpecifier(platform.result, target) : undefined;
      const expected = platform ? (parsed && 'platform' in parsed ? parsed.platform : undefined) : target;
      if (!expected) continue;
      const want = normalizePlatform(expected);
      const have = normalizePlatform(actual);
      if (want.os === have.os && want.architecture === have.architecture) continue;
      report({
        range: stage.base.range,
        message: `Base image ${base.value} was pulled with platform ${quoteGo(formatPlatform(have))}, expected ${quoteGo(formatPlatform(want))} for current build`,
        instruction: stage.from,
      });
    }
  },
};
