/**
 * UndefinedVar: a variable used where BuildKit expands it (see expandedWords.ts: ENV, LABEL,
 * COPY/ADD, WORKDIR, USER, VOLUME, STOPSIGNAL, RUN --mount, ARG defaults; not shell-form
 * commands, which the shell expands) that nothing defines at that point: no ARG of the stage or
 * of a stage it is built on (with or without a value), no ENV, no variable of the base image.
 *
 * Policy for unknown base images. The editor knows the environment of scratch, of stages, and
 * of images the engine describes (ScopeOptions.imageEnv); the ENV of any other image is unknown,
 * and BuildKit would not warn about a variable that image defines (`FROM python` defines
 * `PYTHON_VERSION`). So over an unknown base the rule reports only what that image cannot
 * explain away with any plausibility:
 * - a name this Dockerfile declares with ARG or ENV elsewhere: used before its ARG/ENV in the
 *   stage, a global ARG not re-declared in the stage, or a name of another stage;
 * - a name with a lower-case letter (`$foo`): image environments use upper-case names by
 *   convention (PATH, PYTHON_VERSION, JAVA_HOME...);
 * - a near-miss of a defined name (one edit or one swap of neighbours, at least 4 characters),
 *   reported with BuildKit's "did you mean" suggestion (`$PAHT` → `$PATH`).
 * Over a known base, every undefined variable is reported, as BuildKit does.
 */
import { DockerfileModel, Instruction } from '../../../model';
import { argDeclarations } from '../../../scope';
import { keyValuePairs } from '../../../keyValues';
import { didYouMean, editDistance, suggest } from '../../../suggest';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { expandedWords } from './expandedWords';
import { instructionEnvironment } from './instructionEnvironment';
import { findVariableUse, referenceRange } from './variableUse';

const HAS_LOWER = /\p{Ll}/u;

export const undefinedVar: BuildkitRule = {
  id: 'UndefinedVar',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Variables should be defined before their use',
  url: ruleUrl('undefined-var'),
  fixable: true,
  locality: 'stage',
  // Over an unknown base, whether a name is declared anywhere in the file decides; only names the
  // file uses can be asked about.
  fileKey: (document) => {
    const declared = namesDeclaredIn(document);
    return [...namesUsedIn(document.text)].filter((name) => declared.has(name)).sort().join(' ');
  },
  check(context, report) {
    let declaredInFile: Set<string> | undefined;
    for (const stage of context.model.stages) {
      for (const instruction of stage.instructions) {
        const words = expandedWords(context, instruction).filter((w) => w.role !== 'port');
        if (!words.some((w) => w.unmatched.size)) continue;
        const environment = instructionEnvironment(context, instruction);
        let keys: string[] | undefined;
        for (const word of words) {
          for (const name of word.unmatched) {
            if (environment.isDeclared(name) || word.declaredOnLine.has(name)) continue;
            const suggestion = suggest(name, (keys ??= environment.keys()), true);
            if (!environment.envKnown) {
              declaredInFile ??= namesDeclaredIn(context.document);
              if (!declaredInFile.has(name) && !HAS_LOWER.test(name) && !isNearMiss(name, suggestion)) continue;
            }
            const use = findVariableUse(instruction, name, word.range);
            report({
              range: use ? referenceRange(use) : word.range,
              message: `Usage of undefined variable '$${name}'${didYouMean(suggestion && `$${suggestion}`)}`,
              instruction,
              fixes: suggestion && use ? [{ title: `Change to $${suggestion}`, edits: [{ range: use.nameRange, newText: suggestion }] }] : [],
            });
          }
        }
      }
    }
  },
};

function isNearMiss(name: string, suggestion: string | undefined): boolean {
  return suggestion !== undefined && name.length >= 4 && editDistance(name, suggestion, true) <= 1;
}

/** Every name written after a `$` in the text (more than the file expands, never fewer). */
function namesUsedIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{?(\w+)/g)) names.add(m[1]);
  return names;
}

/** Every name an ARG or ENV of the file declares, global ARGs included. */
function namesDeclaredIn(model: DockerfileModel): Set<string> {
  const names = new Set<string>();
  for (const instruction of model.instructions) {
    if (instruction.name !== 'ARG' && instruction.name !== 'ENV') continue;
    let declared = declaredBy.get(instruction);
    if (!declared) declaredBy.set(instruction, (declared = declaredNames(instruction)));
    for (const name of declared) names.add(name);
  }
  return names;
}

// An edit leaves most instructions the same objects in the next version of the model: the
// fileKey asks only about those it changed.
const declaredBy = new WeakMap<Instruction, readonly string[]>();

function declaredNames(instruction: Instruction): string[] {
  if (instruction.name === 'ARG') return argDeclarations(instruction).map((decl) => decl.name);
  return [...keyValuePairs(instruction)].map((pair) => pair.key.value);
}
