/**
 * InvalidPlatform: `FROM --platform=` must name a platform containerd can parse (`linux/amd64`,
 * `linux/arm/v7`, `windows`, ...): "failed to parse platform ...". Checked when the value is
 * certain; `--platform=$BUILDPLATFORM` and other ARG-based values are left to the build. A value
 * made only of undeclared variables is certainly empty ("empty platform value from expression").
 */
import { RuleWithOptions } from '../../lint';
import { certainValue } from './certainValue';
import { platformError } from './platformSpecifier';

export const invalidPlatform: RuleWithOptions = {
  id: 'InvalidPlatform',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'FROM --platform is not a platform the builder can parse.',
  fixable: false,
  check(context, report) {
    for (const stage of context.model.stages) {
      const flag = stage.platform;
      if (!flag || !flag.value) continue;
      const value = certainValue(context, stage.from, flag.value)?.value;
      if (value === undefined) continue;
      const range = flag.valueRange ?? flag.word.range;
      if (value === '') {
        report({ range, message: `empty platform value from expression ${flag.value}`, instruction: stage.from });
        continue;
      }
      const error = platformError(value);
      if (error) report({ range, message: `failed to parse platform ${flag.value}: ${error}`, instruction: stage.from });
    }
  },
};
