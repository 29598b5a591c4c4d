/**
 * Formatting that never changes what the builder reads. Every edit only touches whitespace the
 * builder ignores, or a keyword's case:
 * - keywords (and FROM's AS) in the file's majority case, upper case on a tie;
 * - one space between the keyword, each flag and the arguments, and between words the builder
 *   splits on whitespace (FROM, ARG, ENV/LABEL key=value pairs, EXPOSE, COPY/ADD/VOLUME);
 * - single-line JSON arrays written `["a", "b"]` (spacing only, never the strings);
 * - continuation lines indented by at least one unit, but only where the joined line already had
 *   whitespace at that point outside quotes, so the joined instruction splits the same way;
 * - no leading whitespace before an instruction, no trailing whitespace, at most one blank line in
 *   a row, one final newline.
 * Heredoc bodies and terminators are never touched; comment lines keep their indentation (an
 * indented `# hadolint ignore=` is not a pragma, so un-indenting it would change the lint result).
 * The option `ignoreMultilineInstructions: true` (the reference server's setting of that name)
 * leaves the indentation of continuation lines as written.
 */
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { DockerfileModel, Instruction, Word } from '../../engine/src/dockerfile/model';
import { Position, Range } from '../../engine/src/dockerfile/text';
import { keyValuePairs } from '../../engine/src/dockerfile/keyValues';

const INSTRUCTIONS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Instructions whose arguments the builder splits on whitespace, so only its presence matters. */
const WORD_SPLIT = new Set(['FROM', 'ARG', 'EXPOSE', 'COPY', 'ADD', 'VOLUME', 'ENV', 'LABEL']);

export function computeFormatting(model: DockerfileModel, options: FormattingOptions): TextEdit[] {
  const roles = analyseLines(model);
  const unit = indentUnit(options);
  const edits: TextEdit[] = [];
  const upper = keywordCase(model) === 'upper';
  for (const instruction of model.instructions) instructionEdits(model, instruction, upper, edits);
  const blank = blankLineEdits(model, roles, options);
  for (let line = 0; line < roles.length; line++) if (!blank.removed.has(line)) lineEdits(model, roles, line, unit, options, edits);
  edits.push(...blank.edits);
  return edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function computeRangeFormatting(model: DockerfileModel, range: Range, options: FormattingOptions): TextEdit[] {
  const last = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return computeFormatting(model, options).filter((e) => e.range.start.line >= range.start.line && e.range.start.line <= last);
}

/**
 * After Enter at the end of a line that continues (ends with the escape token), or after typing
 * the escape token at the end of a line, indent the continuation line.
 */
export function computeOnTypeFormatting(model: DockerfileModel, position: Position, ch: string, options: FormattingOptions): TextEdit[] {
  if (options.ignoreMultilineInstructions === true) return [];
  const roles = analyseLines(model);
  const line = ch === '\n' ? position.line : ch === model.escapeToken ? position.line + 1 : -1;
  const role = roles[line];
  if (!role || role.kind !== 'continuation' || role.comment || !role.instruction) return [];
  // The escape token only continues the line when it ends it.
  if (ch !== '\n' && model.lines.lineText(position.line).slice(position.character).trim() !== '') return [];
  const text = model.lines.lineText(line);
  const indent = text.length - text.trimStart().length;
  if (indent && ch !== '\n') return [];
  const empty = text.trim() === '';
  if (!empty && !role.neutral) return [];
  const unit = indentUnit(options);
  const previous = previousContentLine(model, roles, line);
  const previousIndent = previous > role.instruction.startLine ? model.lines.lineText(previous).match(/^[ \t]*/)![0] : '';
  const wanted = indentWidth(previousIndent, options.tabSize) >= indentWidth(unit, options.tabSize) ? previousIndent : unit;
  const current = text.slice(0, indent);
  if (current === wanted) return [];
  return [{ range: { start: { line, character: 0 }, end: { line, character: indent } }, newText: wanted }];
}

/** What a line is to the formatter. */
interface LineRole {
  readonly kind: 'first' | 'continuation' | 'heredoc' | 'comment' | 'blank';
  readonly instruction?: Instruction;
  /** A comment line inside a continued instruction (the builder drops it). */
  readonly comment: boolean;
  /** A continuation line whose indentation can change without changing how the joined line splits. */
  readonly neutral: boolean;
}

function indentUnit(options: FormattingOptions): string {
  return options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize)) : '\t';
}

function indentWidth(whitespace: string, tabSize: number): number {
  let width = 0;
  for (const ch of whitespace) width += ch === '\t' ? Math.max(1, tabSize) : 1;
  return width;
}

/** Instructions whose joined line is split on whitespace outside quotes (shell and JSON forms, word lists). */
const WHITESPACE_SPLIT = new Set([...WORD_SPLIT, 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK']);

function analyseLines(model: DockerfileModel): LineRole[] {
  const roles: LineRole[] = [];
  const comments = new Set(model.comments.map((c) => c.line));
  for (let line = 0; line < model.lines.lineCount; line++) {
    roles.push({ kind: comments.has(line) ? 'comment' : 'blank', comment: false, neutral: false });
  }
  for (const instruction of model.instructions) {
    const headerEnd = instruction.heredocs.length
      ? Math.max(instruction.startLine, model.lines.positionAt(model.lines.offsetAt(instruction.heredocs[0].bodyRange.start) - 1).line)
      : instruction.endLine;
    const neutral = neutralJunctions(model, instruction, headerEnd);
    roles[instruction.startLine] = { kind: 'first', instruction, comment: false, neutral: false };
    for (let line = instruction.startLine + 1; line <= instruction.endLine; line++) {
      if (line > headerEnd) roles[line] = { kind: 'heredoc', instruction, comment: false, neutral: false };
      else roles[line] = { kind: 'continuation', instruction, comment: comments.has(line), neutral: neutral.has(line) };
    }
  }
  return roles;
}

/**
 * The continuation lines of an instruction where the joined line has whitespace at the join
 * (before the escape token or at the start of the line) outside any quotes: there, more or less
 * indentation splits the instruction into the same words.
 */
function neutralJunctions(model: DockerfileModel, instruction: Instruction, headerEnd: number): Set<number> {
  const out = new Set<number>();
  const target = instruction.trigger ?? instruction;
  if (!WHITESPACE_SPLIT.has(target.name) || headerEnd === instruction.startLine) return out;
  if ((target.name === 'ENV' || target.name === 'LABEL') && keyValuePairs(target).some((p) => p.legacy)) return out;
  const escape = model.escapeToken;
  let quote = '';
  let blankBefore = false;
  for (let line = instruction.startLine; line <= headerEnd; line++) {
    let text = model.lines.lineText(line);
    const content = text.trimStart();
    let end = text.length;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    if (end > 0 && text[end - 1] === escape && text[end - 2] !== escape) end--;
    if (line > instruction.startLine) {
      if (content === '' || content.startsWith('#')) continue;
      // A line holding only the escape token adds just its indentation to the joined line.
      if (content.trimEnd() === escape) {
        if (end > 0) blankBefore = true;
        continue;
      }
      if (!quote && (blankBefore || content.length < text.length)) out.add(line);
    }
    text = text.slice(0, end);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quote === "'") {
        if (ch === "'") quote = '';
      } else if (ch === escape || ch === '\\') i++;
      else if (ch === '"') quote = quote ? '' : '"';
      else if (ch === "'" && !quote) quote = "'";
    }
    blankBefore = text.length === 0 || text[text.length - 1] === ' ' || text[text.length - 1] === '\t';
  }
  return out;
}

function previousContentLine(model: DockerfileModel, roles: readonly LineRole[], line: number): number {
  for (let l = line - 1; l >= 0; l--) {
    if (roles[l].kind === 'first') return l;
    if (!roles[l].comment && model.lines.lineText(l).trim() !== '') return l;
  }
  return 0;
}

/** The keyword case most instructions use; a tie or a file of mixed-case keywords gives upper case. */
function keywordCase(model: DockerfileModel): 'upper' | 'lower' {
  let upper = 0;
  let lower = 0;
  for (const instruction of model.instructions) {
    for (let i: Instruction | undefined = instruction; i; i = i.trigger) {
      if (i.keyword.value === i.keyword.value.toUpperCase()) upper++;
      else if (i.keyword.value === i.keyword.value.toLowerCase()) lower++;
    }
  }
  return lower > upper ? 'lower' : 'upper';
}

function replace(model: DockerfileModel, start: number, end: number, newText: string): TextEdit {
  return { range: model.lines.rangeOf(start, end), newText };
}

/** Keyword case and single spaces between the parts of one instruction (and of an ONBUILD trigger). */
function instructionEdits(model: DockerfileModel, instruction: Instruction, upper: boolean, edits: TextEdit[]): void {
  const text = model.text;
  const keyword = instruction.keyword;
  if (INSTRUCTIONS.has(instruction.name)) {
    const wanted = upper ? keyword.value.toUpperCase() : keyword.value.toLowerCase();
    if (wanted !== keyword.value && text.slice(keyword.start, keyword.end) === keyword.value) edits.push(replace(model, keyword.start, keyword.end, wanted));
  }
  const gap = (end: number, start: number) => {
    if (start <= end) return;
    const between = text.slice(end, start);
    if (between !== ' ' && /^[ \t]+$/.test(between)) edits.push(replace(model, end, start, ' '));
  };
  const parts: { start: number; end: number }[] = [keyword, ...instruction.flags.map((f) => f.word)];
  if (instruction.rest.value) parts.push(instruction.rest);
  for (let i = 1; i < parts.length; i++) gap(parts[i - 1].end, parts[i].start);

  if (instruction.trigger) {
    instructionEdits(model, instruction.trigger, upper, edits);
    return;
  }
  const words = splitWords(instruction);
  for (let i = 1; i < words.length; i++) gap(words[i - 1].end, words[i].start);
  if (instruction.name === 'FROM' && instruction.args.length >= 3 && instruction.args[1].value.toLowerCase() === 'as') {
    const as = instruction.args[1];
    const wanted = upper ? 'AS' : 'as';
    if (as.value !== wanted && text.slice(as.start, as.end) === as.value) edits.push(replace(model, as.start, as.end, wanted));
  }
  if (instruction.json) jsonEdits(model, instruction, edits);
}

/** The words between which only the presence of whitespace matters. */
function splitWords(instruction: Instruction): readonly Word[] {
  if (!WORD_SPLIT.has(instruction.name) || instruction.json) return [];
  if (instruction.name === 'ENV' || instruction.name === 'LABEL') {
    const pairs = keyValuePairs(instruction);
    if (pairs.some((p) => p.legacy)) return [];
    return pairs.map((p) => ({ value: p.key.value, start: p.key.start, end: p.value.end, range: { start: p.key.range.start, end: p.value.range.end } }));
  }
  return instruction.args;
}

/** `[ "a" ,"b" ]` → `["a", "b"]` when the array is on one line. */
function jsonEdits(model: DockerfileModel, instruction: Instruction, edits: TextEdit[]): void {
  const items = instruction.name === 'HEALTHCHECK' ? instruction.args.slice(1) : instruction.args;
  if (!items.length) return;
  const text = model.text;
  let open = items[0].start - 1;
  while (open >= 0 && (text[open] === ' ' || text[open] === '\t')) open--;
  let close = items[items.length - 1].end;
  while (close < text.length && (text[close] === ' ' || text[close] === '\t')) close++;
  if (text[open] !== '[' || text[close] !== ']') return;
  if (model.lines.positionAt(open).line !== model.lines.positionAt(close).line) return;
  const set = (start: number, end: number, wanted: string, pattern: RegExp) => {
    const current = text.slice(start, end);
    if (current !== wanted && pattern.test(current)) edits.push(replace(model, start, end, wanted));
  };
  set(open + 1, items[0].start, '', /^[ \t]*$/);
  for (let i = 1; i < items.length; i++) set(items[i - 1].end, items[i].start, ', ', /^[ \t]*,[ \t]*$/);
  set(items[items.length - 1].end, close, '', /^[ \t]*$/);
}

/** Leading whitespace (instruction lines, continuation indentation) and trailing whitespace of one line. */
function lineEdits(model: DockerfileModel, roles: readonly LineRole[], line: number, unit: string, options: FormattingOptions, edits: TextEdit[]): void {
  const role = roles[line];
  if (role.kind === 'heredoc') return;
  const text = model.lines.lineText(line);
  const content = text.trimStart();
  const indent = text.length - content.length;
  if (content && role.kind === 'first' && indent) {
    edits.push({ range: { start: { line, character: 0 }, end: { line, character: indent } }, newText: '' });
  } else if (content && role.kind === 'continuation' && (role.comment || role.neutral) && options.ignoreMultilineInstructions !== true) {
    if (indentWidth(text.slice(0, indent), options.tabSize) < indentWidth(unit, options.tabSize)) {
      edits.push({ range: { start: { line, character: 0 }, end: { line, character: indent } }, newText: unit });
    }
  }
  if (options.trimTrailingWhitespace === false) return;
  const trimmed = content ? text.trimEnd().length : 0;
  if (trimmed < text.length && /^[ \t]+$/.test(text.slice(trimmed))) {
    edits.push({ range: { start: { line, character: trimmed }, end: { line, character: text.length } }, newText: '' });
  }
}

/**
 * Runs of blank lines outside instructions become one; the file ends with exactly one newline.
 * Returns the lines the edits delete, which get no other edit.
 */
function blankLineEdits(model: DockerfileModel, roles: readonly LineRole[], options: FormattingOptions): { edits: TextEdit[]; removed: Set<number> } {
  const edits: TextEdit[] = [];
  const removed = new Set<number>();
  const lines = model.lines;
  const eol = model.text.includes('\r\n') ? '\r\n' : '\n';
  let lastContent = -1;
  for (let l = 0; l < roles.length; l++) if (roles[l].kind !== 'blank') lastContent = l;
  for (let l = 0; l < roles.length; l++) {
    if (roles[l].kind !== 'blank' || l > lastContent) continue;
    let end = l;
    while (end + 1 < roles.length && roles[end + 1].kind === 'blank') end++;
    if (end > l && end < lastContent) {
      edits.push({ range: { start: { line: l + 1, character: 0 }, end: { line: end + 1, character: 0 } }, newText: '' });
      for (let r = l + 1; r <= end; r++) removed.add(r);
    }
    l = end;
  }
  const result = { edits, removed };
  if (lastContent < 0) return result;
  const last = model.instructions[model.instructions.length - 1];
  if (last && last.heredocs.some((h) => !h.terminatorRange)) return result;
  const contentEnd = lines.lineEnd(lastContent);
  const tail = model.text.slice(contentEnd);
  if (options.trimFinalNewlines !== false) {
    const wanted = options.insertFinalNewline === false && !tail.includes('\n') ? '' : eol;
    if (tail !== wanted && /^\s*$/.test(tail)) {
      edits.push(replace(model, contentEnd, model.text.length, wanted));
      for (let r = lastContent + 1; r < roles.length; r++) removed.add(r);
    }
  } else if (options.insertFinalNewline !== false && !model.text.endsWith('\n')) {
    edits.push(replace(model, model.text.length, model.text.length, eol));
  }
  return result;
}

