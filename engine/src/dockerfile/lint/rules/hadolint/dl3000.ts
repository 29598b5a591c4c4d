/**
 * DL3000: WORKDIR should be absolute. As in hadolint, a path is accepted when, quotes dropped, it
 * starts with `/`, with `$` (a variable's value is unknown here) or with a Windows drive (`C:`).
 * Overlaps BuildKit's WorkdirRelativePath (which looks at the stage's first WORKDIR only).
 */
import { RuleWithOptions } from '../../lint';
import { dropQuotes } from './quotes';

export const dl3000: RuleWithOptions = {
  id: 'DL3000',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: 'Use absolute WORKDIR',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3000',
  fixable: false,
  equivalentTo: ['WorkdirRelativePath'],
  check(context, report) {
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'WORKDIR') continue;
      const path = dropQuotes(instruction.rest.value.trim());
      if (!path || isAbsolute(path)) continue;
      report({ range: instruction.rest.range, message: 'Use absolute WORKDIR', instruction });
    }
  },
};

function isAbsolute(path: string): boolean {
  if (path[0] === '/' || path[0] === '$') return true;
  return path.length >= 2 && path[1] === ':' && path[0].toLowerCase() !== path[0].toUpperCase();
}
