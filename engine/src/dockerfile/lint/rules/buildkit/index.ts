/** The buildkit rules, one module per rule. */
import { RuleWithOptions } from '../../lint';

export const buildkitRules: readonly RuleWithOptions[] = [];
