/**
 * DL4000: MAINTAINER is deprecated; a `maintainer` label carries the same information in the
 * image config. Overlaps BuildKit's MaintainerDeprecated. The fix rewrites the instruction as
 * `LABEL maintainer="..."`, escaping what double quotes and variable expansion would change
 * (MAINTAINER's text is literal, LABEL values are expanded).
 */
import { Instruction } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';

export const dl4000: RuleWithOptions = {
  id: 'DL4000',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: 'MAINTAINER is deprecated',
  url: 'https://github.com/hadolint/hadolint/wiki/DL4000',
  fixable: true,
  equivalentTo: ['MaintainerDeprecated'],
  check(context, report) {
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'MAINTAINER') continue;
      report({ range: instruction.range, message: 'MAINTAINER is deprecated', instruction, fixes: labelFix(instruction, context.model.escapeToken) });
    }
  },
};

function labelFix(instruction: Instruction, escapeToken: string): Fix[] {
  const value = instruction.rest.value.trim();
  if (!value) return [];
  let escaped = '';
  for (const ch of value) escaped += ch === '"' || ch === '$' || ch === escapeToken ? escapeToken + ch : ch;
  const keyword = instruction.keyword.value === instruction.keyword.value.toLowerCase() ? 'label' : 'LABEL';
  return [
    {
      title: 'Replace with LABEL maintainer',
      edits: [{ range: { start: instruction.keyword.range.start, end: instruction.rest.range.end }, newText: `${keyword} maintainer="${escaped}"` }],
      preferred: true,
    },
  ];
}
