/**
 * The value BuildKit will compute for a piece of an instruction after variable expansion, but only
 * when nothing outside the Dockerfile can change it. A reference to a declared ARG can be changed
 * by `--build-arg`, and one to a variable a base image might set in its ENV is unknown, so values
 * that use them are "uncertain" and rules that validate values skip them (BuildKit's own checks,
 * like InvalidDefaultArgInFrom, cover the defaults). A variable declared nowhere is certainly
 * empty, and one set by an ENV line of this Dockerfile is certain when that line's value is.
 * Triggers expand in a later build whose variables are unknown.
 */
import { keyValuePairs } from '../../../keyValues';
import { DockerfileModel, Instruction } from '../../../model';
import { VariableDefinition } from '../../../scope';
import { ExpansionError, LexResult, emptyEnvironment, processWord } from '../../../shellLexer';
import { LintContext } from '../../rule';

export interface CertainValue {
  /** The expanded text (what ENV, WORKDIR, flags receive). */
  readonly value: string;
  /** The expanded text split into words (what EXPOSE receives). */
  readonly words: readonly string[];
}

/** ENV definitions already resolved, per model: their certain value, or null when uncertain. */
const envValues = new WeakMap<DockerfileModel, Map<VariableDefinition, string | null>>();

/**
 * `text` expanded as BuildKit expands it for `instruction`, or undefined when the result depends
 * on build arguments or base image ENV, or when expansion fails (InvalidExpansion reports that).
 */
export function certainValue(context: LintContext, instruction: Instruction, text: string, isTrigger = false): CertainValue | undefined {
  const escape = context.model.escapeToken;
  if (!mayExpand(text, escape)) return { value: text, words: splitWords(text) };
  const plain = expand(text, escape, undefined);
  if (!plain) return undefined;
  if (!plain.unmatched.size) return { value: plain.result, words: plain.words };
  if (isTrigger) return undefined;
  const envKnown = instruction.name === 'FROM' || instruction.stageIndex < 0 || context.scopes.stages[instruction.stageIndex]?.baseEnvKnown !== false;
  const visible = context.scopes.before(instruction);
  const values = new Map<string, string>();
  for (const name of plain.unmatched) {
    const definition = visible.get(name);
    if (!definition) {
      // Unset here, unless the base image sets it.
      if (!envKnown) return undefined;
      continue;
    }
    const value = definition.kind === 'env' ? envValue(context, definition) : undefined;
    if (value === undefined) return undefined;
    values.set(name, value);
  }
  if (!values.size) return { value: plain.result, words: plain.words };
  const resolved = expand(text, escape, values);
  return resolved && { value: resolved.result, words: resolved.words };
}

/** The certain value an ENV line gave a variable, or undefined. */
function envValue(context: LintContext, definition: VariableDefinition): string | undefined {
  let memo = envValues.get(context.model);
  if (!memo) envValues.set(context.model, (memo = new Map()));
  const known = memo.get(definition);
  if (known !== undefined) return known ?? undefined;
  const instruction = definition.instruction;
  const pair = instruction && [...keyValuePairs(instruction)].reverse().find((p) => p.key.value === definition.name);
  const value = instruction && pair ? certainValue(context, instruction, pair.value.value)?.value : undefined;
  memo.set(definition, value ?? null);
  return value;
}

function expand(text: string, escape: string, values: ReadonlyMap<string, string> | undefined): LexResult | undefined {
  try {
    return processWord(text, values ? { get: (name) => values.get(name) } : emptyEnvironment, escape);
  } catch (err) {
    if (err instanceof ExpansionError) return undefined;
    throw err;
  }
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
