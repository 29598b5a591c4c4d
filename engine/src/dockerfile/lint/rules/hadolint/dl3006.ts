/**
 * DL3006: a FROM image without a tag (or digest) follows whatever `latest` is today. As in
 * hadolint, `scratch`, earlier stage names and bases that start with a variable (`FROM $BASE`,
 * whose value decides) are not reported.
 */
import { RuleWithOptions } from '../../lint';
import { parseImageName } from './imageName';

const MESSAGE = 'Always tag the version of an image explicitly';

export const dl3006: RuleWithOptions = {
  id: 'DL3006',
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3006',
  fixable: false,
  check(context, report) {
    const earlierStages = new Set<string>();
    for (const stage of context.model.stages) {
      const base = stage.base;
      if (base) {
        const image = parseImageName(base.value);
        const untagged = image.tag === undefined && image.digest === undefined;
        const exempt = image.name === 'scratch' || base.value.startsWith('$') || earlierStages.has(base.value.toLowerCase());
        if (untagged && !exempt) report({ range: base.range, message: MESSAGE, instruction: stage.from });
      }
      if (stage.name) earlierStages.add(stage.name.value.toLowerCase());
    }
  },
};
