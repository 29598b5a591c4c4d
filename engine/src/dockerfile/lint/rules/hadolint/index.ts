/** The hadolint rules, one module per rule. */
import { RuleWithOptions } from '../../lint';

export const hadolintRules: readonly RuleWithOptions[] = [];
