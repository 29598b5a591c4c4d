/**
 * Whether a word's source text is exactly its value: no quotes, escapes or line continuations in
 * it. Only then can a quick fix replace the word's range with a new value without disturbing what
 * the user wrote around it.
 */
import { DockerfileModel } from '../../../model';

export function writtenPlainly(model: DockerfileModel, word: { readonly value: string; readonly start: number; readonly end: number }): boolean {
  return model.text.slice(word.start, word.end) === word.value;
}
