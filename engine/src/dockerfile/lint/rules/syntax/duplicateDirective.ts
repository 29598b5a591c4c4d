/**
 * DuplicateDirective: a parser directive (syntax, escape, check) written twice at the top of the
 * file ("only one escape parser directive can be used"); BuildKit refuses the file. Quick fix:
 * delete the repeated line.
 */
import { RuleWithOptions } from '../../lint';
import { fileProblemKind } from './parseErrorKinds';

export const duplicateDirective: RuleWithOptions = {
  id: 'DuplicateDirective',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A parser directive is given more than once.',
  fixable: true,
  check({ model }, report) {
    for (const problem of model.problems) {
      if (fileProblemKind(problem.message) !== 'duplicateDirective') continue;
      const line = problem.range.start.line;
      const whole = { start: { line, character: 0 }, end: model.lines.positionAt(model.lines.lineStart(line + 1)) };
      const lastLine = line + 1 >= model.lines.lineCount;
      const deletion = lastLine ? { start: model.lines.positionAt(Math.max(0, model.lines.lineStart(line) - 1)), end: problem.range.end } : whole;
      report({ range: problem.range, message: problem.message, fixes: [{ title: 'Delete the repeated directive', edits: [{ range: deletion, newText: '' }], preferred: true }] });
    }
  },
};
