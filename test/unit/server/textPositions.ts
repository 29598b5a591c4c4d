/**
 * Positions and ranges in literal Dockerfiles for the navigation tests: find a piece of text by
 * content instead of counting columns, and show ranges as the text they cover.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit } from 'vscode-languageserver';

/** The position `delta` characters into the `nth` (0-based) occurrence of `needle`. */
export function positionOf(text: string, needle: string, nth = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`positionOf: occurrence ${nth} of ${JSON.stringify(needle)} not found`);
  }
  return TextDocument.create('file:///t', 'dockerfile', 1, text).positionAt(at + delta);
}

/** `line:character text` for a range, the text being what the range covers. */
export function show(text: string, range: Range): string {
  const doc = TextDocument.create('file:///t', 'dockerfile', 1, text);
  return `${range.start.line}:${range.start.character} ${doc.getText(range)}`;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///t', 'dockerfile', 1, text), [...edits]);
}
