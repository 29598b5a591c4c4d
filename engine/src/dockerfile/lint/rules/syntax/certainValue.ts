/**
 * The value BuildKit will compute for a piece of an instruction after variable expansion, but only
 * when nothing outside the Dockerfile can change it. A reference to a declared ARG can be changed
 * by `--build-arg`, and one to a variable a base image might set in its ENV is unknown, so values
 * that use them are "uncertain" and rules that validate values skip them (BuildKit's own checks,
 * like InvalidDefaultArgInFrom, cover the defaults). A variable that is declared nowhere is
 * certainly empty. Triggers expand in a later build whose variables are unknown.
 */
import { Instruction } from '../../../model';
import { ExpansionError, emptyEnvironment, processWord } from '../../../shellLexer';
import { LintContext } from '../../rule';

export interface CertainValue {
  /** The expanded text (what ENV, WORKDIR, flags receive). */
  readonly value: string;
  /** The expanded text split into words (what EXPOSE receives). */
  readonly words: readonly string[];
}

/**
 * `text` expanded as BuildKit expands it for `instruction`, or undefined when the result depends
 * on build arguments or base image ENV, or when expansion fails (InvalidExpansion reports that).
 */
export function certainValue(context: LintContext, instruction: Instruction, text: string, isTrigger = false): CertainValue | undefined {
  const escape = context.model.escapeToken;
  if (!mayExpand(text, escape)) return { value: text, words: splitWords(text) };
  let result;
  try {
    result = processWord(text, emptyEnvironment, escape);
  } catch (err) {
    if (err instanceof ExpansionError) return undefined;
    throw err;
  }
  if (result.unmatched.size) {
    if (isTrigger) return undefined;
    const visible = context.scopes.before(instruction);
    const envKnown = instruction.name === 'FROM' || instruction.stageIndex < 0 || context.scopes.stages[instruction.stageIndex]?.baseEnvKnown !== false;
    if (!envKnown) return undefined;
    for (const name of result.unmatched) if (visible.has(name)) return undefined;
  }
  return { value: result.result, words: result.words };
}

/** True when expansion could change the text: it has a `$`, a quote or the escape token. */
export function mayExpand(text: string, escape: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '$' || ch === '"' || ch === "'" || ch === escape) return true;
  }
  return false;
}

function splitWords(text: string): string[] {
  return text.split(/[ \t\r\n\v\f]+/).filter((w) => w !== '');
}
