/**
 * Splits a Dockerfile into instructions exactly as BuildKit's parser does (parser.Parse): parser
 * directives at the top, continuation lines joined with the escape token, comment lines inside an
 * instruction dropped, empty continuation lines noted, heredoc bodies attached to the instruction
 * that opens them. Unlike BuildKit it does not stop at the first error: each problem is recorded
 * with its place and parsing goes on, because an editor needs the rest of the file.
 */
import { MappedText } from './mappedText';
import { LineNode, RawWord, parseLine } from './lineParsers';
import { processWord } from './shellLexer';
import { isSpace, trimStartIndex } from './whitespace';

export type DirectiveName = 'syntax' | 'escape' | 'check';

export interface RawDirective {
  readonly name: DirectiveName;
  readonly value: string;
  readonly line: number;
  /** Offsets of the directive name and of its value. */
  readonly nameStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface RawHeredoc {
  /** The delimiter with quotes removed. */
  readonly name: string;
  readonly fileDescriptor: number;
  /** False when the delimiter was quoted: the body is then not expanded. */
  readonly expand: boolean;
  /** `<<-`: leading tabs are stripped from the body and the terminator. */
  readonly chomp: boolean;
  readonly content: string;
  /** The `<<EOF` word in the instruction line. */
  readonly operator: RawWord;
  /** Offsets of the body (from the line after the instruction) and of the terminator line. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly terminator?: { readonly start: number; readonly end: number };
}

export interface RawInstruction extends LineNode {
  /** First and last physical lines (0-based), heredoc bodies included. */
  readonly startLine: number;
  readonly endLine: number;
  readonly start: number;
  readonly end: number;
  /** The joined logical line BuildKit parses. */
  readonly original: MappedText;
  readonly heredocs: RawHeredoc[];
  /** Comment lines directly above, as BuildKit collects them (descriptions, lint pragmas). */
  readonly comments: string[];
  /** Start offsets of the empty lines inside the instruction's continuation. */
  readonly emptyContinuationLines: number[];
  /** Problems BuildKit's parser reports for this instruction, beyond LineNode.error. */
  readonly problems: string[];
}

export interface RawComment {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** Text after "#", trimmed. */
  readonly text: string;
}

export interface ParseProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedFile {
  readonly escapeToken: string;
  readonly directives: RawDirective[];
  readonly instructions: RawInstruction[];
  readonly comments: RawComment[];
  readonly problems: ParseProblem[];
}

interface PhysicalLine {
  readonly start: number;
  /** End of the content, before the trailing "\r" and "\n" characters BuildKit trims. */
  readonly end: number;
  /** Offset of the next line. */
  readonly next: number;
}

/** The text's lines from an offset, split as the parse reaches them: a resumed parse may stop early. */
class PhysicalLines {
  private readonly lines: PhysicalLine[] = [];
  private start: number;

  constructor(
    private readonly text: string,
    from: number,
  ) {
    this.start = from === 0 && text.charCodeAt(0) === 0xfeff ? 1 : from;
  }

  /** Whether line `i` exists. */
  has(i: number): boolean {
    const { text } = this;
    while (this.lines.length <= i && this.start < text.length) {
      const nl = text.indexOf('\n', this.start);
      const next = nl < 0 ? text.length : nl + 1;
      let end = next;
      while (end > this.start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
      this.lines.push({ start: this.start, end, next });
      this.start = next;
    }
    return i < this.lines.length;
  }

  /** Line `i`, which `has(i)` said exists. */
  at(i: number): PhysicalLine {
    return this.lines[i];
  }

  /** How many lines there are up to `i`: `i` itself when line `i` exists, else every line. */
  countUpTo(i: number): number {
    return this.has(i) ? i : this.lines.length;
  }
}

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

export function parseDockerfileText(text: string): ParsedFile {
  return new FileParser(text).parse();
}

/** Where to resume parsing: a line start after an instruction, past the parser directives. */
export interface ResumePoint {
  readonly offset: number;
  /** The line `offset` starts (lines end at "\n"). */
  readonly line: number;
  readonly escapeToken: string;
  /**
   * Asked with the offset of the line after each instruction: true ends the parse there (the
   * caller knows how the rest parses).
   */
  readonly stopAt?: (offset: number) => boolean;
}

export interface ResumedParse {
  readonly instructions: RawInstruction[];
  readonly comments: RawComment[];
  /** Where `stopAt` ended the parse, or undefined when it went to the end. */
  readonly stoppedAt: number | undefined;
}

/**
 * The instructions and comments from `resume.offset` on, as a parse of the whole text would find
 * them when an instruction ends on the line before (directives and file problems are the
 * caller's: they are all above).
 */
export function parseDockerfileTextFrom(text: string, resume: ResumePoint): ResumedParse {
  const parser = new FileParser(text, resume);
  const { instructions, comments } = parser.parse();
  return { instructions, comments, stoppedAt: parser.stoppedAt };
}

class FileParser {
  private readonly lines: PhysicalLines;
  private escape = '\\';
  private directivesDone = false;
  private readonly seenDirectives = new Set<string>();
  private readonly directives: RawDirective[] = [];
  private readonly instructions: RawInstruction[] = [];
  private readonly comments: RawComment[] = [];
  private readonly problems: ParseProblem[] = [];
  /** The line the first of `lines` is. */
  private readonly base: number;
  stoppedAt: number | undefined;

  constructor(
    private readonly text: string,
    private readonly resume?: ResumePoint,
  ) {
    this.lines = new PhysicalLines(text, resume?.offset ?? 0);
    this.base = resume?.line ?? 0;
    if (resume) {
      this.escape = resume.escapeToken;
      this.directivesDone = true;
    }
  }

  parse(): ParsedFile {
    let pendingComments: string[] = [];
    for (let i = 0; this.lines.has(i); i++) {
      const line = this.lines.at(i);
      const contentStart = trimStartIndex(this.text, line.start, line.end);
      const isComment = contentStart < line.end && this.text[contentStart] === '#';
      if (isComment) {
        // BuildKit drops the line's first byte, not the "#": indented comments keep their "#".
        const comment = this.text.slice(line.start + 1, line.end).trim();
        this.comments.push({ line: this.base + i, start: contentStart, end: line.end, text: this.text.slice(contentStart + 1, line.end).trim() });
        if (comment === '') pendingComments = [];
        else pendingComments.push(comment);
      }
      if (this.directive(i, contentStart, line.end) && isComment) pendingComments.pop();
      if (isComment) continue;

      const startLine = i;
      let [piece, more] = this.trimContinuation(contentStart, line.end);
      if (!more && piece.length === 0) continue;
      const pieces = [piece];
      const emptyContinuationLines: number[] = [];
      while (more && this.lines.has(i + 1)) {
        const next = this.lines.at(++i);
        const nextContent = trimStartIndex(this.text, next.start, next.end);
        if (nextContent < next.end && this.text[nextContent] === '#') {
          this.comments.push({ line: this.base + i, start: nextContent, end: next.end, text: this.text.slice(nextContent + 1, next.end).trim() });
          continue;
        }
        if (nextContent === next.end) {
          emptyContinuationLines.push(next.start);
          continue;
        }
        [piece, more] = this.trimContinuation(next.start, next.end);
        pieces.push(piece);
      }
      const original = MappedText.concat(pieces, line.start);
      const node = parseLine(original, this.escape);
      const problems: string[] = [];
      const { docs: heredocs, lastLine } = this.heredocs(node, original, i, problems);
      i = lastLine;
      const start = contentStart;
      const end = this.lines.at(i).end;
      this.instructions.push({
        keyword: node.keyword,
        flags: node.flags,
        args: node.args,
        trigger: node.trigger,
        json: node.json,
        rest: node.rest,
        error: node.error,
        startLine: this.base + startLine,
        endLine: this.base + i,
        start,
        end,
        original,
        heredocs,
        comments: pendingComments,
        emptyContinuationLines,
        problems,
      });
      pendingComments = [];
      const after = this.lines.at(i).next;
      if (this.resume?.stopAt && this.lines.has(i + 1) && this.resume.stopAt(after)) {
        this.stoppedAt = after;
        break;
      }
    }
    if (!this.instructions.length && !this.resume) {
      this.problems.push({ message: 'file with no instructions', start: 0, end: this.text.length });
    }
    return {
      escapeToken: this.escape,
      directives: this.directives,
      instructions: this.instructions,
      comments: this.comments,
      problems: this.problems,
    };
  }

  /** Directive recognition; only lines before the first non-directive line can be directives. */
  private directive(line: number, start: number, end: number): boolean {
    if (this.directivesDone) return false;
    if (start >= end || this.text[start] !== '#') {
      this.directivesDone = true;
      return false;
    }
    const afterHash = trimStartIndex(this.text, start + 1, end);
    const m = DIRECTIVE.exec(this.text.slice(afterHash, end));
    const name = m?.[1].toLowerCase();
    if (!m || (name !== 'syntax' && name !== 'escape' && name !== 'check')) {
      this.directivesDone = true;
      return false;
    }
    const relative = this.text.slice(afterHash, end);
    let at = relative.indexOf('=', m[1].length) + 1;
    while (' \t\n\f\r'.includes(relative[at])) at++;
    const valueStart = afterHash + at;
    const valueEnd = valueStart + m[2].length;
    if (this.seenDirectives.has(name)) {
      this.problems.push({ message: `only one ${name} parser directive can be used`, start, end });
      return false;
    }
    this.seenDirectives.add(name);
    if (name === 'escape') {
      if (m[2] !== '`' && m[2] !== '\\') {
        this.problems.push({ message: `invalid escape token '${m[2]}' does not match \` or \\`, start: valueStart, end: valueEnd });
        return false;
      }
      this.escape = m[2];
    }
    this.directives.push({ name, value: m[2], line, nameStart: afterHash, valueStart, valueEnd });
    return true;
  }

  /**
   * BuildKit's line-continuation test: the escape token is the last character other than spaces
   * and tabs, and is not itself escaped (or stands alone on its line). Returns the line without
   * it (MappedText) and whether the instruction continues.
   */
  private trimContinuation(start: number, end: number): [MappedText, boolean] {
    let j = end - 1;
    while (j >= start && (this.text[j] === ' ' || this.text[j] === '\t')) j--;
    if (j >= start && this.text[j] === this.escape && (j === start || this.text[j - 1] !== this.escape)) {
      return [MappedText.of(this.text.slice(start, j), start), true];
    }
    return [MappedText.of(this.text.slice(start, end), start), false];
  }

  /** Reads the bodies of the heredocs the instruction opens; returns them and the last line consumed. */
  private heredocs(node: LineNode, original: MappedText, lastLine: number, problems: string[]): { docs: RawHeredoc[]; lastLine: number } {
    const none = { docs: [], lastLine };
    const target = node.keyword.value.toLowerCase() === 'onbuild' ? node.trigger : node;
    if (!target || target.json || !['add', 'copy', 'run'].includes(target.keyword.value.toLowerCase())) return none;
    if (!original.text.includes('<<')) return none;
    const found = heredocsInLine(original.text);
    if (found.error) {
      problems.push(found.error);
      return none;
    }
    const operators = heredocOperators(original);
    const out: RawHeredoc[] = [];
    let lineNo = lastLine + 1;
    for (const [index, doc] of found.docs.entries()) {
      const bodyStart = this.lines.has(lineNo) ? this.lines.at(lineNo).start : this.text.length;
      let content = '';
      let terminator: { start: number; end: number } | undefined;
      for (; this.lines.has(lineNo); lineNo++) {
        const l = this.lines.at(lineNo);
        let candidateStart = l.start;
        if (doc.chomp) while (this.text[candidateStart] === '\t' && candidateStart < l.end) candidateStart++;
        if (this.text.slice(candidateStart, l.end) === doc.name) {
          terminator = { start: l.start, end: l.end };
          lineNo++;
          break;
        }
        content += this.text.slice(l.start, l.next);
      }
      const bodyEnd = terminator ? terminator.start : this.text.length;
      if (!terminator) problems.push('unterminated heredoc');
      const operator = operators[index] ?? node.keyword;
      out.push({ ...doc, content, operator, bodyStart, bodyEnd, terminator });
      if (!terminator) break;
    }
    return { docs: out, lastLine: this.lines.countUpTo(lineNo) - 1 };
  }
}

type HeredocHeader = Pick<RawHeredoc, 'name' | 'fileDescriptor' | 'expand' | 'chomp'>;

/** BuildKit's heredocsFromLine: words of the line (backslash escapes, quotes kept) that are `<<WORD`. */
export function heredocsInLine(line: string): { docs: HeredocHeader[]; error?: string } {
  let words: string[];
  try {
    words = processWord(line, { get: () => undefined }, '\\', { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }).words;
  } catch {
    return { docs: [] };
  }
  const docs: HeredocHeader[] = [];
  for (const w of words) {
    try {
      const doc = parseHeredocWord(w);
      if (doc) docs.push(doc);
    } catch (err) {
      return { docs, error: (err as Error).message };
    }
  }
  return { docs };
}

/** Parses `[fd]<<[-]WORD`; the delimiter is quoted (no expansion) when quotes had to be removed. */
export function parseHeredocWord(word: string): HeredocHeader | undefined {
  const m = HEREDOC_WORD.exec(word);
  if (!m || !m[3]) return undefined;
  const env = { get: () => undefined };
  const plain = processWord(m[3], env, '\\', { skipUnsetEnv: true }).words;
  if (plain.length !== 1) return undefined;
  const raw = processWord(m[3], env, '\\', { skipUnsetEnv: true, rawQuotes: true }).words;
  const quotes = (s: string) => (s.match(/['"]/g) ?? []).length;
  return {
    name: plain[0],
    fileDescriptor: m[1] ? Number(m[1]) : 0,
    chomp: m[2] === '-',
    expand: quotes(plain[0]) === quotes(raw[0] ?? ''),
  };
}

/** Source spans of the `<<WORD` operators in a line, in order, for ranges only. */
function heredocOperators(line: MappedText): RawWord[] {
  const text = line.text;
  const out: RawWord[] = [];
  const re = /(^|[^<])(\d*<<-?)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[1].length;
    let end = start + m[2].length;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    let quote = '';
    while (end < text.length) {
      const ch = text[end];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (isSpace(ch) || ch === '<' || ch === ';' || ch === '|' || ch === '&' || ch === ')') break;
      end++;
    }
    if (end === start + m[2].length) continue;
    const [s, e] = line.sourceSpan(start, end);
    out.push({ value: text.slice(start, end), start: s, end: e });
    re.lastIndex = end;
  }
  return out;
}
