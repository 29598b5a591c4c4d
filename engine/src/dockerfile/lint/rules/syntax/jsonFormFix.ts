/**
 * The fix for quoted paths in the shell form of COPY, ADD and VOLUME: BuildKit splits their
 * arguments on blanks before it removes quotes, so `COPY "my file" /dest/` fails; the JSON form
 * `COPY ["my file", "/dest/"]` says what was meant. Offered only when the words need no further
 * quoting or escaping in JSON form (BuildKit still expands each JSON item).
 */
import { formatJsonArray } from '../../../jsonArray';
import { Instruction } from '../../../model';
import { ExpansionError, emptyEnvironment, processWord } from '../../../shellLexer';
import { Fix } from '../../rule';

const MIN_WORDS: Record<string, number> = { COPY: 2, ADD: 2, VOLUME: 1 };

export function jsonFormFix(instruction: Instruction, escape: string): Fix | undefined {
  const min = MIN_WORDS[instruction.name];
  if (min === undefined || instruction.json || instruction.heredocs.length || instruction.rest.value.includes('$')) return undefined;
  let words: string[];
  try {
    words = processWord(instruction.rest.value, emptyEnvironment, escape).words;
  } catch (err) {
    if (err instanceof ExpansionError) return undefined;
    throw err;
  }
  if (words.length < min || words.some((w) => w.includes(escape) || w.includes('"') || w.includes("'"))) return undefined;
  const json = formatJsonArray(words);
  return { title: `Use the JSON form: ${instruction.name} ${json}`, edits: [{ range: instruction.rest.range, newText: json }], preferred: true };
}
