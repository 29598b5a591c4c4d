/** Every lint rule Berth runs, in the order their diagnostics are computed. */
import { RuleWithOptions } from '../lint';
import { buildkitRules } from './buildkit';
import { hadolintRules } from './hadolint';
import { syntaxRules } from './syntax';

export const allRules: readonly RuleWithOptions[] = [...syntaxRules, ...buildkitRules, ...hadolintRules];

export function ruleById(id: string): RuleWithOptions | undefined {
  return allRules.find((r) => r.id === id);
}
