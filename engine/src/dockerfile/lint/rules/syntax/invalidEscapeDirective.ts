/**
 * InvalidEscapeDirective: `# escape=` takes a backslash or a backtick ("invalid escape token 'x'
 * does not match ` or \"); BuildKit refuses the file otherwise. Quick fixes: either valid token.
 */
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { fileProblemKind } from './parseErrorKinds';

export const invalidEscapeDirective: RuleWithOptions = {
  id: 'InvalidEscapeDirective',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The escape parser directive is neither \\ nor `.',
  fixable: true,
  check({ model }, report) {
    for (const problem of model.problems) {
      if (fileProblemKind(problem.message) !== 'escapeDirective') continue;
      const value = model.text.slice(model.lines.offsetAt(problem.range.start), model.lines.offsetAt(problem.range.end));
      const tokens = value.includes('`') ? ['`', '\\'] : ['\\', '`'];
      const fixes: Fix[] = tokens.map((token, i) => ({ title: `Use ${token} as the escape token`, edits: [{ range: problem.range, newText: token }], preferred: i === 0 }));
      report({ range: problem.range, message: problem.message, fixes });
    }
  },
};
