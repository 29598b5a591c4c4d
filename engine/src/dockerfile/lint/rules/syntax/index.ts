/** The syntax rules, one module per rule. */
import { RuleWithOptions } from '../../lint';

export const syntaxRules: readonly RuleWithOptions[] = [];
