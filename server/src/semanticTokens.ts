/**
 * Semantic tokens: what each piece of a Dockerfile is, as the builder reads it, on top of the
 * TextMate grammar. The token list is built once per model (keystrokes ask again and again) in
 * source offsets, then cut per line, since editors cannot show a token across a line break, with
 * the continuation escape and the comment lines inside an instruction left out.
 *
 * The legend is exported for the client; token types are standard LSP ones so every theme colours
 * them: keyword (instructions, AS, HEALTHCHECK CMD), comment, macro (parser directive names),
 * parameter (`--flag` names), property (mount options, LABEL keys, image tags and digests),
 * variable (ARG/ENV names and `$uses`), string (values, quoted text, JSON items), operator (`=`,
 * `${ }`, `:-`, `<<`, continuation escapes), namespace (stage names), class (image names), number
 * and enumMember (EXPOSE ports and protocols), label (heredoc delimiters).
 */
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { Range } from '../../engine/src/dockerfile/text';
import { instructionTokens } from './instructionTokens';

export const TOKEN_TYPES = ['keyword', 'comment', 'macro', 'parameter', 'property', 'variable', 'string', 'operator', 'namespace', 'class', 'number', 'enumMember', 'label'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'deprecated', 'defaultLibrary'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

interface RawToken {
  readonly start: number;
  readonly end: number;
  readonly type: number;
  readonly modifiers: number;
}

/** One token on one line. */
interface LineToken {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly type: number;
  readonly modifiers: number;
}

/** Collects tokens in source offsets; instructionTokens.ts paints through it. */
export class TokenSink {
  readonly tokens: RawToken[] = [];

  add(start: number, end: number, type: TokenType, modifiers: readonly TokenModifier[] = []): void {
    if (end <= start) return;
    let bits = 0;
    for (const m of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(m);
    this.tokens.push({ start, end, type: TOKEN_TYPES.indexOf(type), modifiers: bits });
  }

  /** Adds [start, end) except the spans in `holes` (sorted, non-overlapping): variables keep their own tokens. */
  addAround(start: number, end: number, type: TokenType, holes: readonly (readonly [number, number])[], modifiers: readonly TokenModifier[] = []): void {
    let at = start;
    for (const [holeStart, holeEnd] of holes) {
      if (holeEnd <= at) continue;
      if (holeStart >= end) break;
      this.add(at, Math.min(holeStart, end), type, modifiers);
      at = Math.max(at, holeEnd);
    }
    this.add(at, end, type, modifiers);
  }
}

const cache = new WeakMap<DockerfileModel, LineToken[]>();

function lineTokens(model: DockerfileModel): LineToken[] {
  let tokens = cache.get(model);
  if (!tokens) {
    tokens = splitLines(model, collect(model));
    cache.set(model, tokens);
  }
  return tokens;
}

function collect(model: DockerfileModel): RawToken[] {
  const sink = new TokenSink();
  const directiveLines = new Set<number>();
  for (const d of model.directives) {
    directiveLines.add(d.line);
    const lines = model.lines;
    const start = lines.offsetAt(d.range.start);
    const nameStart = lines.offsetAt(d.nameRange.start);
    const nameEnd = lines.offsetAt(d.nameRange.end);
    const valueStart = lines.offsetAt(d.valueRange.start);
    sink.add(start, nameStart, 'comment');
    sink.add(nameStart, nameEnd, 'macro');
    const eq = model.text.indexOf('=', nameEnd);
    if (eq >= 0 && eq < valueStart) sink.add(eq, eq + 1, 'operator');
    sink.add(valueStart, lines.offsetAt(d.valueRange.end), 'string');
  }
  for (const c of model.comments) {
    if (directiveLines.has(c.line)) continue;
    sink.add(model.lines.offsetAt(c.range.start), model.lines.offsetAt(c.range.end), 'comment');
  }
  for (const instruction of model.instructions) instructionTokens(model, instruction, sink);
  return sink.tokens.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Cuts tokens at line ends. A piece that ends where the line continues loses the escape token
 * (and the blanks after it), which has a token of its own; comment lines inside an instruction
 * are left to their comment tokens; where pieces overlap, the first one wins.
 */
function splitLines(model: DockerfileModel, tokens: readonly RawToken[]): LineToken[] {
  const lines = model.lines;
  const text = model.text;
  const directives = new Set(model.directives.map((d) => d.line));
  const comments = new Set(model.comments.filter((c) => !directives.has(c.line)).map((c) => c.line));
  const escape = model.escapeToken;
  const commentType = TOKEN_TYPES.indexOf('comment');
  const pieces: LineToken[] = [];
  for (const token of tokens) {
    const isComment = token.type === commentType;
    let line = lines.positionAt(token.start).line;
    let from = token.start;
    while (from < token.end) {
      const lineStart = lines.lineStart(line);
      let to = Math.min(token.end, lines.lineEnd(line));
      if (to < token.end) {
        while (to > from && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--;
        if (to > from && text[to - 1] === escape) to--;
      }
      if (to > from && (isComment || !comments.has(line))) {
        pieces.push({ line, character: from - lineStart, length: to - from, type: token.type, modifiers: token.modifiers });
      }
      line++;
      if (line >= lines.lineCount) break;
      from = Math.max(from, lines.lineStart(line));
    }
  }
  pieces.sort((a, b) => a.line - b.line || a.character - b.character);
  const out: LineToken[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (last && last.line === piece.line && piece.character < last.character + last.length) continue;
    out.push(piece);
  }
  return out;
}

function encode(tokens: readonly LineToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    data.push(t.line - line, t.line === line ? t.character - character : t.character, t.length, t.type, t.modifiers);
    line = t.line;
    character = t.character;
  }
  return data;
}

export function computeSemanticTokens(model: DockerfileModel, resultId?: string): SemanticTokens {
  const result: SemanticTokens = { data: encode(lineTokens(model)) };
  if (resultId !== undefined) result.resultId = resultId;
  return result;
}

export function computeSemanticTokensRange(model: DockerfileModel, range: Range): SemanticTokens {
  const inRange = lineTokens(model).filter(
    (t) =>
      (t.line > range.start.line || (t.line === range.start.line && t.character + t.length > range.start.character)) &&
      (t.line < range.end.line || (t.line === range.end.line && t.character < range.end.character)),
  );
  return { data: encode(inRange) };
}

/** The edit from one token array to the next: one replacement between the common prefix and suffix. */
export function computeSemanticTokensDelta(previous: readonly number[], next: readonly number[], resultId: string): SemanticTokensDelta {
  let prefix = 0;
  const max = Math.min(previous.length, next.length);
  while (prefix < max && previous[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && previous[previous.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  const edits: SemanticTokensEdit[] = [];
  if (prefix !== previous.length || prefix !== next.length) {
    edits.push({ start: prefix, deleteCount: previous.length - prefix - suffix, data: next.slice(prefix, next.length - suffix) });
  }
  return { resultId, edits };
}
