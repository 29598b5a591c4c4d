/**
 * InvalidPlatform: `FROM --platform=` must name a platform containerd can parse (`linux/amd64`,
 * `linux/arm/v7`, `windows`, ...): "failed to parse platform ...", with containerd's own error
 * text. Checked when the value is certain; `--platform=$BUILDPLATFORM` and other ARG-based values
 * are left to the build. A value made only of undeclared variables is certainly empty ("empty
 * platform value from expression").
 */
import { parsePlatformSpecifier, PLATFORM_COMPONENT_PATTERN, PLATFORM_OS_PATTERN, PlatformSpecifierError } from '../../../../image/platform';
import { quoteGo } from '../../../lineParsers';
import { RuleWithOptions } from '../../lint';
import { certainValue } from './certainValue';

export const invalidPlatform: RuleWithOptions = {
  id: 'InvalidPlatform',
  locality: 'stage',
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
      const parsed = parsePlatformSpecifier(value);
      if ('error' in parsed) report({ range, message: `failed to parse platform ${flag.value}: ${containerdError(value, parsed.error)}`, instruction: stage.from });
    }
  },
};

/** The error text of containerd's platforms.Parse (Go's %q quoting, errdefs' "invalid argument"). */
function containerdError(specifier: string, error: PlatformSpecifierError): string {
  const q = quoteGo(specifier);
  switch (error.kind) {
    case 'wildcard':
      return `${q}: wildcards not yet supported: invalid argument`;
    case 'invalid-os-component':
      return `${quoteGo(error.component)} is an invalid OS component of ${q}: OSAndVersion specifier component must match ${quoteGo(PLATFORM_OS_PATTERN.source)}: invalid argument`;
    case 'invalid-component':
      return `${quoteGo(error.component)} is an invalid component of ${q}: platform specifier component must match ${quoteGo(PLATFORM_COMPONENT_PATTERN.source)}: invalid argument`;
    case 'invalid-os-version':
      return `${q} has an invalid OS version ${quoteGo(error.value)}: invalid URL escape ${quoteGo(error.escape)}`;
    case 'invalid-os-feature':
      return `${q} has invalid OS features: invalid os feature ${quoteGo(error.value)}: invalid URL escape ${quoteGo(error.escape)}`;
    case 'unknown-os-or-architecture':
      return `${q}: unknown operating system or architecture: invalid argument`;
    case 'too-many-components':
      return `${q}: cannot parse platform specifier: invalid argument`;
  }
}
