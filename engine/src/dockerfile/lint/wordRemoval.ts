/**
 * The edit that deletes one word of an instruction (a flag, an argument) with the blanks that
 * separate it from its neighbour, so the line reads as if it had never been written.
 */
import { DockerfileModel } from '../model';
import { TextEdit } from './rule';

export function wordRemoval(model: DockerfileModel, word: { readonly start: number; readonly end: number }): TextEdit {
  const text = model.text;
  let start = word.start;
  let end = word.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (end === text.length || text[end] === '\n' || text[end] === '\r') {
    end = word.end;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  }
  return { range: model.lines.rangeOf(start, end), newText: '' };
}
