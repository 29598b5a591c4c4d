/**
 * Positions in a Dockerfile's text. Offsets and characters count UTF-16 code units, as LSP does by
 * default, so the server can hand these ranges to an editor without conversion. The shapes match
 * LSP's Position and Range structurally; this module must not depend on the LSP packages because
 * the builder uses it too.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/**
 * Maps offsets to line/character positions and back for one immutable text. Lines end at "\n",
 * "\r\n" or a lone "\r", as LSP defines them, so positions match what editors show. (BuildKit
 * itself splits only at "\n"; the parser keeps that rule for meaning, this index is only for
 * positions.)
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just past the line's last character, before its line break. */
  lineEnd(line: number): number {
    const clamped = Math.max(0, Math.min(line, this.starts.length - 1));
    if (clamped + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[clamped + 1] - 1;
    if (this.text.charCodeAt(end) === 10 && end > this.starts[clamped] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    return Math.max(start, Math.min(start + position.character, this.lineEnd(position.line)));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** Compared a block at a time (native string comparison), then character by character in the block that differs. */
const BLOCK = 512;

/** How many characters two texts share at their start. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  while (at + BLOCK <= limit && a.substring(at, at + BLOCK) === b.substring(at, at + BLOCK)) at += BLOCK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How many characters two texts share at their end, up to `limit`. */
export function commonSuffixLength(a: string, b: string, limit: number): number {
  let length = 0;
  while (length + BLOCK <= limit && a.substring(a.length - length - BLOCK, a.length - length) === b.substring(b.length - length - BLOCK, b.length - length)) length += BLOCK;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}
