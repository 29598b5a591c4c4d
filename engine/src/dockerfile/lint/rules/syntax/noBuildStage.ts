/**
 * NoBuildStage: there is nothing to build. BuildKit refuses an empty file ("the Dockerfile cannot
 * be empty"), a file of comments ("file with no instructions"), a file of ARGs alone ("dockerfile
 * contains no stages to build"), and any instruction other than ARG before the first FROM ("no
 * build stage in current context"). An unknown instruction there is UnknownInstruction's (often a
 * misspelt FROM).
 */
import { isKnownInstruction } from '../../../instructionSpecs';
import { RuleWithOptions } from '../../lint';
import { fileProblemKind } from './parseErrorKinds';

export const noBuildStage: RuleWithOptions = {
  id: 'NoBuildStage',
  // Stage: reports only before the first FROM (or in a file without one).
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The file has no FROM, or an instruction comes before the first FROM.',
  fixable: false,
  check({ model }, report) {
    for (const problem of model.problems) {
      if (fileProblemKind(problem.message) !== 'noInstructions') continue;
      report({ range: problem.range, message: model.text.length ? `${problem.message} (start with FROM <image>)` : 'the Dockerfile cannot be empty' });
    }
    const first = model.instructions.find((i) => i.name !== 'ARG');
    if (!first || first.name === 'FROM' || !isKnownInstruction(first.name)) {
      if (!first && model.instructions.length) {
        report({ range: model.instructions[0].keyword.range, message: 'dockerfile contains no stages to build (add a FROM line after the ARGs)', instruction: model.instructions[0] });
      }
      return;
    }
    report({ range: first.keyword.range, message: 'no build stage in current context (a FROM line must come first)', instruction: first });
  },
};
