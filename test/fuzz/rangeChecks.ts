/** Assertions that a range lies inside a document, for fuzz tests. */
import { LineIndex, Range } from '../../engine/src/dockerfile/text';

export function rangeProblem(lines: LineIndex, range: Range | undefined, what: string): string | undefined {
  if (!range) return `${what}: no range`;
  const inside = (p: Range['start']) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length + 1;
  if (!inside(range.start) || !inside(range.end)) return `${what}: range ${JSON.stringify(range)} is outside the document (${lines.lineCount} lines)`;
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) {
    return `${what}: range ${JSON.stringify(range)} ends before it starts`;
  }
  return undefined;
}
