/**
 * The key/value pairs of ENV and LABEL. BuildKit's parser hands them over as triples (key, value,
 * separator); the separator is "" for the legacy `KEY value` form, which LegacyKeyValueFormat
 * reports.
 */
import { Instruction, Word } from './model';

export interface KeyValuePair {
  readonly key: Word;
  /** The value as written (quotes and escapes kept); expansion removes them. */
  readonly value: Word;
  readonly legacy: boolean;
}

export function keyValuePairs(instruction: Instruction): KeyValuePair[] {
  const pairs: KeyValuePair[] = [];
  const args = instruction.args;
  for (let i = 0; i + 2 < args.length; i += 3) {
    pairs.push({ key: args[i], value: args[i + 1], legacy: args[i + 2].value === '' });
  }
  return pairs;
}
