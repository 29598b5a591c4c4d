/**
 * The Dockerfile model: one parse of a Dockerfile that both the language server and the builder
 * use, so what the editor says is what the build does. It is pure (text in, data out) and cheap
 * enough to rebuild on every keystroke.
 */
import { LineIndex, Position, Range, commonPrefixLength, commonSuffixLength } from './text';
import { MappedText } from './mappedText';
import { LineNode, RawWord } from './lineParsers';
import { DirectiveName, ParsedFile, RawHeredoc, RawInstruction, parseDockerfileText, parseDockerfileTextFrom } from './parser';
import { findVariableReferences } from './variableReferences';

/** A piece of the Dockerfile: its value as BuildKit reads it and where it was written. */
export interface Word {
  readonly value: string;
  readonly range: Range;
  /** Source offsets [start, end). */
  readonly start: number;
  readonly end: number;
}

export interface Flag {
  /** The name without `--`, as written (BuildKit matches flag names case-sensitively). */
  readonly name: string;
  /** undefined when written without "=" (a boolean flag, or a missing value). */
  readonly value: string | undefined;
  /** The whole `--name=value` word. */
  readonly word: Word;
  readonly nameRange: Range;
  readonly valueRange: Range | undefined;
}

export interface Heredoc {
  readonly name: string;
  readonly fileDescriptor: number;
  readonly expand: boolean;
  readonly chomp: boolean;
  readonly content: string;
  readonly operator: Word;
  readonly bodyRange: Range;
  readonly terminatorRange: Range | undefined;
}

/** A `$NAME` or `${NAME...}` written in an instruction or in a heredoc body. */
export interface VariableUse {
  readonly name: string;
  readonly nameRange: Range;
  /** The whole reference, from `$` to the closing brace. */
  readonly range: Range;
  readonly modifier: string;
  readonly inHeredoc: boolean;
}

export interface Instruction {
  /** Upper-case keyword (`RUN`), whatever case it was written in. */
  readonly name: string;
  readonly keyword: Word;
  readonly flags: readonly Flag[];
  /** Arguments as BuildKit splits them; ENV and LABEL give key, value, separator triples. */
  readonly args: readonly Word[];
  /** True for the exec (JSON array) form. */
  readonly json: boolean;
  /** The argument text after the flags, continuation lines joined. */
  readonly rest: Word;
  readonly heredocs: readonly Heredoc[];
  /** ONBUILD's trigger instruction. */
  readonly trigger: Instruction | undefined;
  readonly range: Range;
  readonly start: number;
  readonly end: number;
  readonly startLine: number;
  readonly endLine: number;
  /** The logical line BuildKit parses. */
  readonly original: string;
  /** Comments directly above the instruction. */
  readonly comments: readonly string[];
  readonly emptyContinuationLines: readonly number[];
  /** Why BuildKit's parser rejects this instruction, if it does. */
  readonly parseErrors: readonly string[];
  /** Variable references in the arguments, flags and heredoc bodies, in text order. */
  readonly variables: readonly VariableUse[];
  /** Index in `DockerfileModel.stages`, or -1 before the first FROM. */
  readonly stageIndex: number;
  /** Index in `DockerfileModel.instructions`. */
  readonly index: number;
}

export interface Directive {
  readonly name: DirectiveName;
  readonly value: string;
  readonly line: number;
  readonly range: Range;
  readonly nameRange: Range;
  readonly valueRange: Range;
}

export interface Comment {
  readonly line: number;
  readonly range: Range;
  readonly text: string;
}

export interface Problem {
  readonly message: string;
  readonly range: Range;
}

export interface Stage {
  readonly index: number;
  readonly from: Instruction;
  /** The base: an image reference, `scratch`, or an earlier stage's name, before expansion. */
  readonly base: Word | undefined;
  /** The `AS name` word, as written. */
  readonly name: Word | undefined;
  readonly platform: Flag | undefined;
  /** The instructions after FROM, up to the next FROM. */
  readonly instructions: readonly Instruction[];
  readonly range: Range;
}

export interface DockerfileModel {
  readonly text: string;
  readonly lines: LineIndex;
  readonly escapeToken: string;
  readonly directives: readonly Directive[];
  readonly instructions: readonly Instruction[];
  readonly comments: readonly Comment[];
  /** File-level parse problems (directives, an empty file). */
  readonly problems: readonly Problem[];
  readonly stages: readonly Stage[];
  /** ARG instructions before the first FROM. */
  readonly globalArgs: readonly Instruction[];
}

/** The joined argument text of each instruction with its source mapping, for offset lookups. */
const restTexts = new WeakMap<Instruction, MappedText>();

/** The source offset of `rest.value[index]` of an instruction (its text is joined across lines). */
export function restSourceOffset(instruction: Instruction, index: number): number {
  const mapped = restTexts.get(instruction);
  return mapped ? mapped.sourceOffset(index) : instruction.rest.start + index;
}

/** The instruction's argument text with its source mapping. */
export function restText(instruction: Instruction): MappedText {
  return restTexts.get(instruction) ?? MappedText.of(instruction.rest.value, instruction.rest.start);
}

/**
 * A Word whose range is computed on first use: a 1000-line file has thousands of words and most
 * ranges are never read, so computing them eagerly was most of the parse's allocations.
 * Spreading one (`{ ...word }`) would lose `range`; build a new Word with an explicit range.
 */
class SourceWord implements Word {
  private cachedRange: Range | undefined;

  constructor(
    readonly value: string,
    readonly start: number,
    readonly end: number,
    private readonly lines: LineIndex,
  ) {}

  get range(): Range {
    return (this.cachedRange ??= this.lines.rangeOf(this.start, this.end));
  }
}

class SourceFlag implements Flag {
  constructor(
    readonly name: string,
    readonly value: string | undefined,
    readonly word: Word,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    private readonly valueStart: number | undefined,
    private readonly lines: LineIndex,
  ) {}

  get nameRange(): Range {
    return this.lines.rangeOf(this.nameStart, this.nameEnd);
  }

  get valueRange(): Range | undefined {
    return this.valueStart === undefined ? undefined : this.lines.rangeOf(this.valueStart, this.word.end);
  }
}

class SourceVariableUse implements VariableUse {
  constructor(
    readonly name: string,
    readonly modifier: string,
    readonly inHeredoc: boolean,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    private readonly start: number,
    private readonly end: number,
    private readonly lines: LineIndex,
  ) {}

  get nameRange(): Range {
    return this.lines.rangeOf(this.nameStart, this.nameEnd);
  }

  get range(): Range {
    return this.lines.rangeOf(this.start, this.end);
  }

  shifted(delta: number, lines: LineIndex): SourceVariableUse {
    return new SourceVariableUse(this.name, this.modifier, this.inHeredoc, this.nameStart + delta, this.nameEnd + delta, this.start + delta, this.end + delta, lines);
  }
}

export function parseDockerfile(text: string): DockerfileModel {
  const parsed = parseDockerfileText(text);
  return buildModel(text, new LineIndex(text), parsed, []);
}

/**
 * The model of `text`, a new version of the document `previous` modelled. The instructions that
 * end above the first changed line are taken over as they are (the same objects); the text is
 * parsed from the line after them until the parse reaches, past the change, a line where an
 * instruction of `previous` began after another ended; the instructions from there on are
 * `previous`'s, moved to their new offsets and lines. The result equals `parseDockerfile(text)`.
 * An instruction taken over keeps the text it was parsed from alive (its words' strings and
 * positions come from it): at most one earlier version per instruction.
 */
export function reparseDockerfile(previous: DockerfileModel, text: string): DockerfileModel {
  const old = previous.text;
  const changed = commonPrefixLength(old, text);
  // Instructions whose lines, and the line break after them, are all unchanged; one that reaches
  // the end of the text could still take in what follows it (an escape or an open heredoc at the
  // end) and is never kept.
  const before = previous.instructions;
  let kept = 0;
  for (; kept < before.length; kept++) {
    const nextLine = before[kept].endLine + 1;
    const next = previous.lines.lineStart(nextLine);
    const reachesTheEnd = nextLine >= previous.lines.lineCount || next >= old.length;
    if (reachesTheEnd || next > changed) break;
  }
  // Lone "\r" line breaks count as lines for positions but not for the parser: parse it all. (One
  // in the old text only is harmless: the old offsets and lines below come from the old index.)
  if (kept === 0 || LONE_CR.test(text)) return parseDockerfile(text);

  const lines = new LineIndex(text);
  const delta = text.length - old.length;
  const unchangedFrom = text.length - commonSuffixLength(old, text, Math.min(old.length, text.length) - changed);
  // The previous instruction whose lines begin at old offset `at`, just after another one ended.
  const beginningAt = (at: number): number | undefined => {
    const { line, character } = previous.lines.positionAt(at);
    const ended = character === 0 ? instructionAt(previous, { line: line - 1, character: 0 }) : undefined;
    const next = ended && ended.endLine === line - 1 ? ended.index + 1 : undefined;
    return next !== undefined && next >= kept && next < before.length ? next : undefined;
  };
  let resumed: number | undefined;
  const resumeLine = before[kept - 1].endLine + 1;
  const rest = parseDockerfileTextFrom(text, {
    offset: lines.lineStart(resumeLine),
    line: resumeLine,
    escapeToken: previous.escapeToken,
    stopAt: (offset) => offset >= unchangedFrom && (resumed = beginningAt(offset - delta)) !== undefined,
  });
  const parsed: ParsedFile = { escapeToken: previous.escapeToken, directives: [], instructions: rest.instructions, comments: rest.comments, problems: [] };
  let tail: Tail | undefined;
  let tailComments: Comment[] = [];
  if (rest.stoppedAt !== undefined && resumed !== undefined) {
    const from = rest.stoppedAt - delta;
    const by = { offset: delta, lines: lines.positionAt(rest.stoppedAt).line - previous.lines.positionAt(from).line };
    tail = { instructions: before.slice(resumed), by };
    tailComments = previous.comments.filter((c) => previous.lines.lineStart(c.line) >= from).map((c) => ({ ...c, line: c.line + by.lines, range: shiftRange(c.range, by.lines) }));
  }
  const model = buildModel(text, lines, parsed, before.slice(0, kept), tail);
  // Directives and file problems are all in the unchanged header.
  return {
    ...model,
    directives: previous.directives,
    comments: [...previous.comments.filter((c) => c.line < resumeLine), ...model.comments, ...tailComments],
    problems: previous.problems,
  };
}

const LONE_CR = /\r(?!\n)/;

/** Instructions of an earlier version that follow the reparsed ones, and how far they moved. */
interface Tail {
  readonly instructions: readonly Instruction[];
  readonly by: Shift;
}

interface Shift {
  readonly offset: number;
  readonly lines: number;
}

function shiftRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

/**
 * An instruction whose lines are unchanged but moved (`by`), renumbered. An ONBUILD's trigger
 * shares the ONBUILD's heredocs and variables (`shared`), as the parse gives them.
 */
function shiftedInstruction(
  old: Instruction,
  by: Shift,
  lines: LineIndex,
  stageIndex: number,
  index: number,
  shared?: Pick<Instruction, 'heredocs' | 'variables'>,
): Instruction {
  const word = (w: Word): Word => new SourceWord(w.value, w.start + by.offset, w.end + by.offset, lines);
  const heredocs =
    shared?.heredocs ??
    old.heredocs.map((h) => ({
      ...h,
      operator: word(h.operator),
      bodyRange: shiftRange(h.bodyRange, by.lines),
      terminatorRange: h.terminatorRange && shiftRange(h.terminatorRange, by.lines),
    }));
  const variables =
    shared?.variables ??
    old.variables.map((v) =>
      v instanceof SourceVariableUse ? v.shifted(by.offset, lines) : { ...v, range: shiftRange(v.range, by.lines), nameRange: shiftRange(v.nameRange, by.lines) },
    );
  const trigger = old.trigger && shiftedInstruction(old.trigger, by, lines, stageIndex, index, { heredocs, variables });
  const instruction: Instruction = {
    name: old.name,
    keyword: word(old.keyword),
    flags: old.flags.map((f) => toFlag({ value: f.word.value, start: f.word.start + by.offset, end: f.word.end + by.offset }, lines)),
    args: old.args.map(word),
    json: old.json,
    rest: word(old.rest),
    heredocs,
    trigger,
    range: shiftRange(old.range, by.lines),
    start: old.start + by.offset,
    end: old.end + by.offset,
    startLine: old.startLine + by.lines,
    endLine: old.endLine + by.lines,
    original: old.original,
    comments: old.comments,
    emptyContinuationLines: old.emptyContinuationLines.map((line) => line + by.lines),
    parseErrors: old.parseErrors,
    variables,
    stageIndex,
    index,
  };
  const rest = restTexts.get(old);
  if (rest) restTexts.set(instruction, rest.shifted(by.offset));
  return instruction;
}

function buildModel(text: string, lines: LineIndex, parsed: ParsedFile, reused: readonly Instruction[], tail?: Tail): DockerfileModel {
  const toWord = (w: RawWord): Word => new SourceWord(w.value, w.start, w.end, lines);
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  let stageBuilder: { from: Instruction; members: Instruction[] } | undefined;
  const closeStage = () => {
    if (!stageBuilder) return;
    const { from, members } = stageBuilder;
    const last = members.length ? members[members.length - 1] : from;
    const name = from.args.length >= 3 && from.args[1].value.toLowerCase() === 'as' ? from.args[2] : undefined;
    stages.push({
      index: stages.length,
      from,
      base: from.args[0],
      name,
      platform: from.flags.find((f) => f.name === 'platform'),
      instructions: members,
      range: { start: from.range.start, end: last.range.end },
    });
  };

  // Instructions taken over as they are, then parsed ones, then moved ones.
  const add = (isFrom: boolean, make: (stageIndex: number, index: number) => Instruction) => {
    if (isFrom) {
      closeStage();
      stageBuilder = undefined;
    }
    const instruction = make(isFrom || stageBuilder ? stages.length : -1, instructions.length);
    instructions.push(instruction);
    if (isFrom) stageBuilder = { from: instruction, members: [] };
    else if (stageBuilder) stageBuilder.members.push(instruction);
    else if (instruction.name === 'ARG') globalArgs.push(instruction);
  };
  for (const instruction of reused) add(instruction.name === 'FROM', () => instruction);
  for (const raw of parsed.instructions) {
    add(raw.keyword.value.toUpperCase() === 'FROM', (stageIndex, index) => toInstruction(raw, lines, toWord, stageIndex, index, parsed.escapeToken));
  }
  if (tail) {
    const { by } = tail;
    for (const old of tail.instructions) add(old.name === 'FROM', (stageIndex, index) => shiftedInstruction(old, by, lines, stageIndex, index));
  }
  closeStage();

  return {
    text,
    lines,
    escapeToken: parsed.escapeToken,
    directives: parsed.directives.map((d) => {
      const line = lines.positionAt(d.nameStart).line;
      return {
        name: d.name,
        value: d.value,
        line,
        range: { start: { line, character: 0 }, end: lines.positionAt(lines.lineEnd(line)) },
        nameRange: lines.rangeOf(d.nameStart, d.nameStart + d.name.length),
        valueRange: lines.rangeOf(d.valueStart, d.valueEnd),
      };
    }),
    instructions,
    comments: parsed.comments.map((c) => {
      const range = lines.rangeOf(c.start, c.end);
      return { line: range.start.line, text: c.text, range };
    }),
    problems: parsed.problems.map((p) => ({ message: p.message, range: lines.rangeOf(p.start, p.end) })),
    stages,
    globalArgs,
  };
}

function toInstruction(
  raw: RawInstruction | LineNode,
  lines: LineIndex,
  toWord: (w: RawWord) => Word,
  stageIndex: number,
  index: number,
  escape: string,
): Instruction {
  const full = 'startLine' in raw ? raw : undefined;
  const keyword = toWord(raw.keyword);
  const restSpan = raw.rest.sourceSpan(0, raw.rest.length);
  const start = full ? full.start : raw.keyword.start;
  const end = full ? full.end : Math.max(raw.keyword.end, restSpan[1]);
  const range = lines.rangeOf(start, end);
  const trigger = raw.trigger ? toInstruction(raw.trigger, lines, toWord, stageIndex, index, escape) : undefined;
  const heredocs = full ? full.heredocs.map((h) => toHeredoc(h, lines, toWord)) : [];
  const variables = full ? variableUses(full, lines, escape) : [];
  const instruction: Instruction = {
    name: keyword.value.toUpperCase(),
    keyword,
    flags: raw.flags.map((f) => toFlag(f, lines)),
    args: raw.args.map(toWord),
    json: raw.json,
    rest: new SourceWord(raw.rest.text, restSpan[0], restSpan[1], lines),
    heredocs,
    trigger: trigger && { ...trigger, heredocs, variables },
    range,
    start,
    end,
    startLine: range.start.line,
    endLine: range.end.line,
    original: full ? full.original.text : raw.rest.text,
    comments: full ? full.comments : [],
    emptyContinuationLines: full ? full.emptyContinuationLines.map((offset) => lines.positionAt(offset).line) : [],
    parseErrors: [...(raw.error ? [raw.error] : []), ...(full ? full.problems : [])],
    variables,
    stageIndex,
    index,
  };
  restTexts.set(instruction, raw.rest);
  if (instruction.trigger && raw.trigger) restTexts.set(instruction.trigger, raw.trigger.rest);
  return instruction;
}

function variableUses(raw: RawInstruction, lines: LineIndex, escape: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const text = raw.original;
  const from = raw.original.text.length - raw.original.text.trimStart().length + raw.keyword.value.length;
  for (const ref of findVariableReferences(text.text.slice(from), escape)) {
    const [nameStart, nameEnd] = text.sourceSpan(from + ref.nameStart, from + ref.nameEnd);
    const [start, end] = text.sourceSpan(from + ref.start, from + ref.end);
    uses.push(new SourceVariableUse(ref.name, ref.modifier, false, nameStart, nameEnd, start, end, lines));
  }
  for (const doc of raw.heredocs) {
    if (!doc.expand) continue;
    for (const ref of findVariableReferences(lines.text.slice(doc.bodyStart, doc.bodyEnd), '\\')) {
      const base = doc.bodyStart;
      uses.push(new SourceVariableUse(ref.name, ref.modifier, true, base + ref.nameStart, base + ref.nameEnd, base + ref.start, base + ref.end, lines));
    }
  }
  return uses;
}

function toFlag(raw: RawWord, lines: LineIndex): Flag {
  const body = raw.value.startsWith('--') ? raw.value.slice(2) : raw.value;
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  // Flags are usually written without quotes or escapes, so value offsets follow the text; when
  // they do not, the value range falls back to the end of the word.
  const nameStart = Math.min(raw.start + 2, raw.end);
  const nameEnd = Math.min(nameStart + name.length, raw.end);
  const valueStart = eq < 0 ? undefined : Math.min(nameEnd + 1, raw.end);
  const word = new SourceWord(raw.value, raw.start, raw.end, lines);
  return new SourceFlag(name, eq < 0 ? undefined : body.slice(eq + 1), word, nameStart, nameEnd, valueStart, lines);
}

function toHeredoc(h: RawHeredoc, lines: LineIndex, toWord: (w: RawWord) => Word): Heredoc {
  return {
    name: h.name,
    fileDescriptor: h.fileDescriptor,
    expand: h.expand,
    chomp: h.chomp,
    content: h.content,
    operator: toWord(h.operator),
    bodyRange: lines.rangeOf(h.bodyStart, h.bodyEnd),
    terminatorRange: h.terminator ? lines.rangeOf(h.terminator.start, h.terminator.end) : undefined,
  };
}

/** The instruction whose range holds `position` (heredoc bodies included), if any. */
export function instructionAt(model: DockerfileModel, position: Position): Instruction | undefined {
  const list = model.instructions;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const ins = list[mid];
    if (position.line < ins.startLine) high = mid - 1;
    else if (position.line > ins.endLine) low = mid + 1;
    else return ins;
  }
  return undefined;
}

/** The stage that holds `position`: the last FROM at or above it. */
export function stageAt(model: DockerfileModel, position: Position): Stage | undefined {
  let found: Stage | undefined;
  for (const stage of model.stages) {
    if (stage.from.startLine <= position.line) found = stage;
    else break;
  }
  return found;
}
