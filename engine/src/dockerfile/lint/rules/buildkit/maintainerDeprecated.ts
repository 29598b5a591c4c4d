/**
 * MaintainerDeprecated: the MAINTAINER instruction. The fix writes the same text into the
 * `org.opencontainers.image.authors` label, quoted so that the label keeps it literally (MAINTAINER
 * never expanded variables). Same problem as hadolint's DL4000.
 */
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { doubleQuoted } from './wordQuoting';

export const maintainerDeprecated: BuildkitRule = {
  id: 'MaintainerDeprecated',
  locality: 'instruction',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
  url: ruleUrl('maintainer-deprecated'),
  fixable: true,
  equivalentTo: ['DL4000'],
  check(context, report) {
    const escape = context.model.escapeToken;
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'MAINTAINER') continue;
      const author = instruction.args[0]?.value;
      const keyword = instruction.keyword.value === instruction.keyword.value.toLowerCase() ? 'label' : 'LABEL';
      const label = `${keyword} org.opencontainers.image.authors=${doubleQuoted(author ?? '', escape)}`;
      report({
        range: instruction.range,
        message: 'Maintainer instruction is deprecated in favor of using label',
        instruction,
        fixes: author === undefined ? [] : [{ title: 'Replace with the org.opencontainers.image.authors label', edits: [{ range: instruction.range, newText: label }], preferred: true }],
      });
    }
  },
};
