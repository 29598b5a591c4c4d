/**
 * What an editor keeps between lints of one document so that an edit costs what it changed.
 * Rules that declare `locality: 'instruction'` report about an instruction from its own text alone
 * (with the comments above it, the file's directives and its stage); their findings are kept per
 * instruction and reused while the instruction's lines are untouched: above an edit as they were,
 * below it moved by the lines the edit added or removed. The changed instructions are linted on
 * a masked copy of the document, where every reused instruction is blank lines, so each changed
 * one sits on the lines and columns it has in the real document, while the first instruction (with
 * the header above it) and every FROM stay (the stages, and each instruction's stage, are the
 * same). Everything else (scopes, stage references, majorities) runs on the whole document.
 */
import { DockerfileModel, Instruction, parseDockerfile } from '../model';
import { Position, Range } from '../text';
import type { LintDiagnostic } from './lint';

/** A local rule's diagnostic, with the rule's place in the run (the order diagnostics are merged in). */
export interface RankedDiagnostic {
  readonly rank: number;
  readonly diagnostic: LintDiagnostic;
}

/**
 * An instruction and the lines its local findings depend on: from just after the previous
 * instruction (comments above it included) to its own end, or to the document's end for the last.
 */
export interface InstructionRegion {
  readonly instruction: Instruction;
  readonly firstLine: number;
  readonly lastLine: number;
}

/** What the cache answers for one document version. */
export interface LocalPlan {
  readonly regions: readonly InstructionRegion[];
  /** Cached diagnostics, already moved to the regions' current lines, by region index. */
  readonly reused: ReadonlyMap<number, readonly RankedDiagnostic[]>;
  /** The copy holding the stale instructions where the document has them (the document itself when all are stale). */
  readonly masked: DockerfileModel | undefined;
}

interface LintedRegion {
  readonly firstLine: number;
  readonly lastLine: number;
  /** Before the first FROM: some rules say other things there, and nothing else outside the text matters. */
  readonly global: boolean;
  readonly diagnostics: readonly RankedDiagnostic[];
}

interface LintedVersion {
  readonly text: string;
  readonly lineCount: number;
  readonly setting: string;
  /** By first line. */
  readonly regions: ReadonlyMap<number, LintedRegion>;
}

export class LintCache {
  private last: LintedVersion | undefined;

  /**
   * Splits a document version into reused and stale instructions. `setting` names everything
   * else local findings depend on (directives, file-wide ignores, severities): when it changes,
   * nothing is reused.
   */
  plan(model: DockerfileModel, setting: string): LocalPlan {
    const regions = regionsOf(model);
    const reused = new Map<number, readonly RankedDiagnostic[]>();
    const stale: number[] = [];
    const last = this.last?.setting === setting ? this.last : undefined;
    const unchanged = last && unchangedLines(last, model);
    regions.forEach((region, index) => {
      const before = unchanged && !alwaysLinted(region, index) ? previousRegion(last, unchanged, region) : undefined;
      if (before) reused.set(index, moved(before, region.firstLine - before.firstLine));
      else stale.push(index);
    });
    if (!stale.length) return { regions, reused, masked: undefined };
    if (stale.length === regions.length) return { regions, reused, masked: model };
    const masked = parseDockerfile(maskedText(model, regions, new Set(stale)));
    // The copy must hold exactly the stale instructions where the document has them; should a
    // parse ever join lines differently, every instruction is linted on the document instead.
    if (!matches(masked, regions, stale)) return { regions, reused: new Map(), masked: model };
    return { regions, reused, masked };
  }

  /**
   * Keeps this version's local diagnostics (reused and fresh) for the next, and returns them all
   * in region order.
   */
  update(model: DockerfileModel, setting: string, plan: LocalPlan, found: ReadonlyMap<number, readonly RankedDiagnostic[]>): RankedDiagnostic[] {
    const regions = new Map<number, LintedRegion>();
    const all: RankedDiagnostic[] = [];
    plan.regions.forEach((region, index) => {
      const diagnostics = plan.reused.get(index) ?? found.get(index) ?? [];
      regions.set(region.firstLine, { firstLine: region.firstLine, lastLine: region.lastLine, global: region.instruction.stageIndex < 0, diagnostics });
      all.push(...diagnostics);
    });
    this.last = { text: model.text, lineCount: model.lines.lineCount, setting, regions };
    return all;
  }

  /** The region a line belongs to (regions cover every line; a line outside the document goes to the nearest). */
  static regionAt(regions: readonly InstructionRegion[], line: number): number {
    let low = 0;
    let high = regions.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (regions[mid].firstLine <= line) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/**
 * FROM instructions stay in every masked copy (they make the stages), and the first instruction
 * is linted with the header above it: comments there that are not directives would otherwise
 * attach to the next instruction the copy keeps (blank lines do not end a comment block).
 */
function alwaysLinted(region: InstructionRegion, index: number): boolean {
  return index === 0 || region.instruction.name === 'FROM';
}

function regionsOf(model: DockerfileModel): InstructionRegion[] {
  const last = model.instructions.length - 1;
  let firstLine = 0;
  return model.instructions.map((instruction, index) => {
    const region = { instruction, firstLine, lastLine: index === last ? model.lines.lineCount - 1 : instruction.endLine };
    firstLine = instruction.endLine + 1;
    return region;
  });
}

/** The lines an edit left alone: the first `head` lines, and from `tailStart` on (moved by `delta`). */
interface UnchangedLines {
  readonly head: number;
  readonly tailStart: number;
  readonly delta: number;
}

function unchangedLines(last: LintedVersion, model: DockerfileModel): UnchangedLines {
  const before = last.text;
  const after = model.text;
  const prefix = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, Math.min(before.length, after.length) - prefix);
  const lines = model.lines;
  if (prefix === after.length && prefix === before.length) return { head: lines.lineCount, tailStart: lines.lineCount, delta: 0 };
  // The head: every line before the one holding the first difference (its line break included).
  const head = lines.positionAt(prefix).line;
  // The tail: lines whose start and the line break before it are in the unchanged end.
  const tailFrom = after.length - suffix + 1;
  const first = tailFrom > after.length ? undefined : lines.positionAt(tailFrom);
  const tailStart = first === undefined ? lines.lineCount : Math.max(head + 1, first.character === 0 ? first.line : first.line + 1);
  return { head, tailStart, delta: lines.lineCount - last.lineCount };
}

/** Compared a block at a time (native string comparison), then character by character in the block that differs. */
const BLOCK = 512;

function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  while (at + BLOCK <= limit && a.substring(at, at + BLOCK) === b.substring(at, at + BLOCK)) at += BLOCK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let length = 0;
  while (length + BLOCK <= limit && a.substring(a.length - length - BLOCK, a.length - length) === b.substring(b.length - length - BLOCK, b.length - length)) length += BLOCK;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

/** The same region in the last version, when all its lines are unchanged and it was an instruction of its own there too. */
function previousRegion(last: LintedVersion, unchanged: UnchangedLines, region: InstructionRegion): LintedRegion | undefined {
  let firstLine: number;
  if (region.lastLine < unchanged.head) firstLine = region.firstLine;
  else if (region.firstLine >= unchanged.tailStart) firstLine = region.firstLine - unchanged.delta;
  else return undefined;
  const before = last.regions.get(firstLine);
  const same = before && before.lastLine - before.firstLine === region.lastLine - region.firstLine && before.global === region.instruction.stageIndex < 0;
  return same ? before : undefined;
}

/** The document with every reused instruction (and the lines above it) left as empty lines. */
function maskedText(model: DockerfileModel, regions: readonly InstructionRegion[], stale: ReadonlySet<number>): string {
  const lines = model.lines;
  const pieces: string[] = [];
  let kept = 0; // offset up to which the text is copied or blanked
  regions.forEach((region, index) => {
    if (stale.has(index)) return;
    const start = lines.lineStart(region.firstLine);
    pieces.push(model.text.slice(kept, start), '\n'.repeat(region.lastLine - region.firstLine));
    kept = lines.lineEnd(region.lastLine);
  });
  pieces.push(model.text.slice(kept));
  return pieces.join('');
}

function matches(masked: DockerfileModel, regions: readonly InstructionRegion[], stale: readonly number[]): boolean {
  if (masked.instructions.length !== stale.length) return false;
  return stale.every((index, i) => {
    const real = regions[index].instruction;
    const copy = masked.instructions[i];
    return (
      copy.name === real.name &&
      copy.startLine === real.startLine &&
      copy.endLine === real.endLine &&
      copy.range.end.character === real.range.end.character &&
      copy.stageIndex === real.stageIndex
    );
  });
}

/** The cached diagnostics of a region that moved by `delta` lines; edits outside it (the file header) stay. */
function moved(cached: LintedRegion, delta: number): readonly RankedDiagnostic[] {
  if (delta === 0) return cached.diagnostics;
  const inside = (p: Position) => p.line >= cached.firstLine && p.line <= cached.lastLine;
  const shift = (r: Range): Range =>
    inside(r.start) ? { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } } : r;
  return cached.diagnostics.map(({ rank, diagnostic }) => ({
    rank,
    diagnostic: {
      ...diagnostic,
      range: shift(diagnostic.range),
      fixes: diagnostic.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: shift(edit.range) })) })),
    },
  }));
}
