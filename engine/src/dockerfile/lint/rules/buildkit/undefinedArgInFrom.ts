/**
 * UndefinedArgInFrom: a FROM line (its image or its --platform) uses a variable that no ARG
 * before the first FROM declares and that is not one of the automatic platform ARGs. A declared
 * ARG without a value is fine, as in BuildKit. A close declared name is offered as the fix, with
 * BuildKit's "did you mean" wording.
 */
import { Range } from '../../../text';
import { didYouMean, suggest } from '../../../suggest';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { fromExpansion, WordExpansion } from './fromExpansion';
import { findVariableUse, referenceRange } from './variableUse';

export const undefinedArgInFrom: BuildkitRule = {
  id: 'UndefinedArgInFrom',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'FROM command must use declared ARGs',
  url: ruleUrl('undefined-arg-in-from'),
  fixable: true,
  check(context, report) {
    const global = context.scopes.global;
    const declared = [...global.keys()];
    for (const stage of context.model.stages) {
      const expansion = fromExpansion(context, stage);
      const words: [WordExpansion | undefined, Range | undefined][] = [
        [expansion.base, stage.base?.range],
        [expansion.platform, stage.platform?.word.range],
      ];
      for (const [word, within] of words) {
        if (!word || !within) continue;
        for (const name of word.unmatched) {
          if (global.has(name)) continue;
          const suggestion = suggest(name, declared, true);
          const use = findVariableUse(stage.from, name, within);
          report({
            range: use ? referenceRange(use) : within,
            message: `FROM argument '${name}' is not declared${didYouMean(suggestion)}`,
            instruction: stage.from,
            fixes: suggestion && use ? [{ title: `Change to ${suggestion}`, edits: [{ range: use.nameRange, newText: suggestion }] }] : [],
          });
        }
      }
    }
  },
};
