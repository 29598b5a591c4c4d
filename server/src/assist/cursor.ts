/**
 * Where the cursor is, in the terms completion and signature help need: in a comment, in a
 * heredoc body, or in an instruction, with the instruction's text from its keyword up to the
 * cursor joined the way BuildKit joins it (continuation lines without their escape, comment
 * lines inside dropped), each character mapped back to its source offset, and split into
 * words. The model says what the file means; this says what the user is in the middle of
 * typing, which the model cannot know: `COPY --` is no flag to BuildKit, but it is one being
 * written.
 */
import { DockerfileModel, Heredoc, Instruction, instructionAt } from '../../../engine/src/dockerfile/model';
import { Position } from '../../../engine/src/dockerfile/text';

/** A word of the logical line: [start, end) indexes into `LogicalLine.text`. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface LogicalLine {
  /** The model's instruction holding the cursor, when the parse has one there. */
  readonly instruction: Instruction | undefined;
  /** The instruction's text from its first character up to the cursor. */
  readonly text: string;
  /** Source offset of each character of `text`; `offsets[text.length]` is the cursor. */
  readonly offsets: readonly number[];
  /** Words, split at unquoted blanks; the last one may end at the cursor. */
  readonly tokens: readonly Token[];
  /** The word being typed: the last token when it ends at the cursor, else an empty one there. */
  readonly typing: Token;
  /** Words before the one being typed. */
  readonly before: readonly Token[];
  /** The source text after the cursor on the cursor's line. */
  readonly after: string;
}

export type CursorPlace =
  | { readonly kind: 'comment'; readonly line: number; readonly hash: number; readonly inInstruction: boolean }
  | { readonly kind: 'heredoc'; readonly instruction: Instruction; readonly heredoc: Heredoc }
  | { readonly kind: 'instruction'; readonly line: LogicalLine }
  | { readonly kind: 'none' };

export function locateCursor(model: DockerfileModel, position: Position): CursorPlace {
  const lines = model.lines;
  const offset = lines.offsetAt(position);
  const line = lines.positionAt(offset).line;
  const lineStart = lines.lineStart(line);
  const content = firstContent(model.text, lineStart, lines.lineEnd(line));
  const instruction = instructionAt(model, position);

  if (instruction) {
    for (const heredoc of instruction.heredocs) {
      const bodyLast = heredoc.terminatorRange ? heredoc.terminatorRange.start.line - 1 : heredoc.bodyRange.end.line;
      if (line >= heredoc.bodyRange.start.line && line <= bodyLast) return { kind: 'heredoc', instruction, heredoc };
      if (heredoc.terminatorRange && line === heredoc.terminatorRange.start.line) return { kind: 'none' };
    }
    if (model.text[content] === '#' && content < offset && line !== instruction.startLine) {
      return { kind: 'comment', line, hash: content, inInstruction: true };
    }
    if (offset < instruction.start) return { kind: 'none' };
    return { kind: 'instruction', line: logicalLine(model, instruction, instruction.start, offset) };
  }
  if (model.text[content] === '#' && content < offset) return { kind: 'comment', line, hash: content, inInstruction: false };
  const continued = continuedInstruction(model, line);
  if (continued) return { kind: 'instruction', line: logicalLine(model, continued, continued.start, offset) };
  if (content < offset) return { kind: 'none' };
  return { kind: 'instruction', line: logicalLine(model, undefined, offset, offset) };
}

function firstContent(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** BuildKit's continuation test for one physical line: returns the content end without the escape, or -1. */
export function continuationEnd(text: string, start: number, end: number, escape: string): number {
  let j = end - 1;
  while (j >= start && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j >= start && text[j] === escape && (j === start || text[j - 1] !== escape)) return j;
  return -1;
}

/** The instruction a blank line still belongs to because the line above ends with the escape. */
function continuedInstruction(model: DockerfileModel, line: number): Instruction | undefined {
  const lines = model.lines;
  for (let k = line - 1; k >= 0; k--) {
    const start = lines.lineStart(k);
    const end = lines.lineEnd(k);
    const content = firstContent(model.text, start, end);
    if (content === end || model.text[content] === '#') continue;
    if (continuationEnd(model.text, start, end, model.escapeToken) < 0) return undefined;
    const owner = instructionAt(model, { line: k, character: 0 });
    return owner && owner.heredocs.length === 0 ? owner : undefined;
  }
  return undefined;
}

function logicalLine(model: DockerfileModel, instruction: Instruction | undefined, start: number, cursor: number): LogicalLine {
  const { text: source, lines, escapeToken } = model;
  const cursorLine = lines.positionAt(cursor).line;
  let text = '';
  const offsets: number[] = [];
  const take = (from: number, to: number) => {
    text += source.slice(from, to);
    for (let i = from; i < to; i++) offsets.push(i);
  };
  let line = lines.positionAt(start).line;
  let from = start;
  while (line < cursorLine) {
    const end = lines.lineEnd(line);
    const cut = continuationEnd(source, from, end, escapeToken);
    take(from, cut < 0 ? end : cut);
    line++;
    while (line < cursorLine) {
      const s = lines.lineStart(line);
      const e = lines.lineEnd(line);
      const c = firstContent(source, s, e);
      if (c !== e && source[c] !== '#') break;
      line++;
    }
    from = lines.lineStart(line);
  }
  take(from, cursor);
  offsets.push(cursor);
  const tokens = tokenize(text, escapeToken);
  const last = tokens[tokens.length - 1];
  const typingLast = last !== undefined && last.end === text.length;
  const typing = typingLast ? last : { text: '', start: text.length, end: text.length };
  const before = typingLast ? tokens.slice(0, -1) : tokens;
  const after = source.slice(cursor, lines.lineEnd(cursorLine));
  return { instruction, text, offsets, tokens, typing, before, after };
}

/** Splits at blanks outside quotes; an escaped character never splits. */
export function tokenize(text: string, escape: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const blank = ch === ' ' || ch === '\t';
    if (start < 0) {
      if (blank) continue;
      start = i;
    }
    if (ch === escape && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (blank) {
      tokens.push({ text: text.slice(start, i), start, end: i });
      start = -1;
    }
  }
  if (start >= 0) tokens.push({ text: text.slice(start), start, end: text.length });
  return tokens;
}
