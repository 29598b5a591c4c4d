/** The shape of a BuildKit check in Berth: a lint rule that may name the hadolint rule it duplicates. */
import { RuleWithOptions } from '../../lint';

export interface BuildkitRule extends RuleWithOptions {
  /** Rules of another category that report the same problem; lint.ts keeps one diagnostic per pair. */
  readonly equivalentTo?: readonly string[];
}

/** BuildKit's documentation address for a check. */
export function ruleUrl(slug: string): string {
  return `https://docs.docker.com/go/dockerfile/rule/${slug}/`;
}
