/**
 * DL3007: `FROM image:latest` moves whenever the image is republished. A digest pins the image
 * whatever the tag says, so `image:latest@sha256:...` is fine.
 */
import { RuleWithOptions } from '../../lint';
import { parseImageName } from './imageName';

const MESSAGE = 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag';

export const dl3007: RuleWithOptions = {
  id: 'DL3007',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Using latest is prone to errors if the image will ever update',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3007',
  fixable: false,
  check(context, report) {
    for (const stage of context.model.stages) {
      if (!stage.base) continue;
      const image = parseImageName(stage.base.value);
      if (image.tag === 'latest' && image.digest === undefined) report({ range: stage.base.range, message: MESSAGE, instruction: stage.from });
    }
  },
};
