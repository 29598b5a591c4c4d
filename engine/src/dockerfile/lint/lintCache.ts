/**
 * What an editor keeps between lints of one document so that an edit costs what it changed.
 * Rules that declare `locality: 'instruction'` report about an instruction from its own text alone
 * (with the comments above it, the file's directives and its stage); their findings are kept per
 * instruction and reused while the instruction's lines are untouched: above an edit as they were,
 * below it moved by the lines the edit added or removed. Rules that declare `locality: 'stage'`
 * report from the instruction's stage, what the stages it is built from hand down, the text before
 * the first FROM and the FROM lines; their findings are reused for every stage the edit left alone
 * and did not change the inheritance of, unless it changed the text before the first FROM or a FROM
 * line, when they all run again.
 *
 * What is not reused is linted on a view of the document that leaves every reused instruction
 * out of its lists (same text, same positions, same stages; every FROM stays). For stage rules the
 * view also holds the whole of each changed stage, of the stages built from it, and of the stages
 * they are built from (their ENVs are inherited). An edit to the header above the first
 * instruction starts over: every finding's "ignore in this file" fix is placed by it. Everything
 * else (file-wide counts, stage references, majorities) runs on the whole document.
 */
import { DockerfileModel, Instruction } from '../model';
import { Range, commonPrefixLength, commonSuffixLength } from '../text';
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
  /** Instruction rules' cached diagnostics, already moved to the regions' current lines, by region index. */
  readonly reused: ReadonlyMap<number, readonly RankedDiagnostic[]>;
  /** The document reduced to the stale instructions (the document itself when all are stale). */
  readonly view: DockerfileModel;
  /** Stage rules' cached diagnostics by region index, for the regions of the stages an edit left alone. */
  readonly stageReused: ReadonlyMap<number, readonly RankedDiagnostic[]>;
  /** The document reduced to what stage rules must lint again (undefined when every stage is reused). */
  readonly stageView: DockerfileModel | undefined;
  /** What every stage finding depends on besides its stages (undefined without stage rules). */
  readonly stageOutline: string | undefined;
  /** What each stage hands down to the stages built from it (handDownOf). */
  readonly handDown: readonly string[];
}

/** A rule's diagnostics on one document version, by the region they belong to. */
export type RegionDiagnostics = ReadonlyMap<number, readonly RankedDiagnostic[]>;

interface LintedRegion {
  readonly firstLine: number;
  readonly lastLine: number;
  /** The stage its instruction was in (-1 before the first FROM, where some rules say other things). */
  readonly stageIndex: number;
  readonly diagnostics: readonly RankedDiagnostic[];
  readonly stageDiagnostics: readonly RankedDiagnostic[];
}

interface LintedVersion {
  readonly text: string;
  readonly lineCount: number;
  readonly setting: string;
  /** The text before the first FROM, every FROM and the stage rules' file-wide facts: when it changes, no stage finding is reused. */
  readonly stageOutline: string | undefined;
  readonly handDown: readonly string[];
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
  plan(model: DockerfileModel, setting: string, stageKey: string | undefined): LocalPlan {
    const regions = regionsOf(model);
    const reused = new Map<number, readonly RankedDiagnostic[]>();
    const stageReused = new Map<number, readonly RankedDiagnostic[]>();
    const candidate = this.last?.setting === setting ? this.last : undefined;
    const diff = candidate && unchangedLines(candidate, model);
    // Every finding's "ignore in this file" fix is placed by the header above the first
    // instruction: when that changed, nothing is reused.
    const unchanged = diff && diff.head > regions[0].lastLine ? diff : undefined;
    const last = unchanged && candidate;
    const previous = regions.map((region) => (last && unchanged ? previousRegion(last, unchanged, region) : undefined));
    const stale = new Set<number>();
    previous.forEach((before, index) => {
      if (before && unchanged && !alwaysLinted(regions[index])) reused.set(index, moved(before.diagnostics, unchanged));
      else stale.add(index);
    });
    // Stage findings: all run again when the outline changed, else only for the stages an edit touched.
    const outline = stageKey === undefined ? undefined : stageOutline(model, stageKey);
    const handDown = outline === undefined ? [] : handDownOf(model);
    const kept = outline !== undefined && last?.stageOutline === outline ? stageRegionsToLint(model, regions, previous, handDown, last.handDown) : undefined;
    if (kept && unchanged) {
      regions.forEach((region, index) => {
        const before = previous[index];
        if (before && !kept.linted.has(region.instruction.stageIndex)) stageReused.set(index, moved(before.stageDiagnostics, unchanged));
      });
    }
    return {
      regions,
      reused,
      view: stale.size === regions.length ? model : modelView(model, stale),
      stageReused,
      stageView: outline === undefined ? undefined : !kept ? model : kept.regions.size ? modelView(model, kept.regions) : undefined,
      stageOutline: outline,
      handDown,
    };
  }

  /**
   * Keeps this version's diagnostics (reused and fresh) for the next, and returns them all in
   * region order.
   */
  update(model: DockerfileModel, setting: string, plan: LocalPlan, found: RegionDiagnostics, stageFound: RegionDiagnostics): RankedDiagnostic[] {
    const regions = new Map<number, LintedRegion>();
    const all: RankedDiagnostic[] = [];
    plan.regions.forEach((region, index) => {
      const diagnostics = plan.reused.get(index) ?? found.get(index) ?? [];
      const stageDiagnostics = plan.stageReused.get(index) ?? stageFound.get(index) ?? [];
      regions.set(region.firstLine, {
        firstLine: region.firstLine,
        lastLine: region.lastLine,
        stageIndex: region.instruction.stageIndex,
        diagnostics,
        stageDiagnostics,
      });
      all.push(...diagnostics, ...stageDiagnostics);
    });
    this.last = { text: model.text, lineCount: model.lines.lineCount, setting, stageOutline: plan.stageOutline, handDown: plan.handDown, regions };
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
 * The text before the first FROM, every FROM, and the stage rules' file-wide facts: what all
 * stage findings depend on besides their stages.
 */
function stageOutline(model: DockerfileModel, stageKey: string): string {
  const first = model.stages[0]?.from;
  const head = model.text.slice(0, first ? first.start : model.text.length);
  return [stageKey, head, ...model.stages.map((stage) => stage.from.original)].join('\0');
}

/**
 * What a stage hands down to the stages built from it, for each stage: the text of its
 * instructions but RUN, COPY and ADD. A stage starts from its base's ENV, ARGs, SHELL and WORKDIR
 * (stageAncestry.ts), and JSONArgsRecommended reads its ENTRYPOINT; no rule reads a base stage's
 * RUN, COPY or ADD, the instructions most edits are in. Editing one then re-lints its own stage only.
 */
function handDownOf(model: DockerfileModel): string[] {
  return model.stages.map((stage) =>
    stage.instructions
      .filter((instruction) => !NOT_HANDED_DOWN.has(instruction.name))
      // the source text, heredoc bodies included (an ONBUILD RUN's body is handed down with it)
      .map((instruction) => model.text.slice(instruction.start, instruction.end))
      .join('\0'),
  );
}

const NOT_HANDED_DOWN: ReadonlySet<string> = new Set(['RUN', 'COPY', 'ADD']);

/**
 * The stages stage rules must lint again (`linted`: those holding a changed region and those
 * built from one whose hand-down changed, directly or through the stages between) and the
 * regions their view keeps (those stages, the stages they are built from, and everything before
 * the first FROM).
 */
function stageRegionsToLint(
  model: DockerfileModel,
  regions: readonly InstructionRegion[],
  previous: readonly (LintedRegion | undefined)[],
  handDown: readonly string[],
  lastHandDown: readonly string[],
): { linted: Set<number>; regions: Set<number> } {
  const bases = stageBases(model);
  const linted = new Set<number>();
  regions.forEach((region, index) => {
    if (previous[index]) return;
    const stage = region.instruction.stageIndex;
    linted.add(stage);
    // A FROM's region starts after the previous stage's last instruction: an edit there may have
    // removed instructions from the end of that stage.
    if (region.instruction.name === 'FROM' && stage > 0) linted.add(stage - 1);
  });
  // The outline (every FROM) is unchanged, so stage indices are the same in both versions. A
  // stage passes a change on when what it hands down changed, or what it inherits did.
  const passesOnChange = new Set<number>();
  for (let stage = 0; stage < bases.length; stage++) {
    const inheritsChange = bases[stage].some((base) => passesOnChange.has(base));
    if (inheritsChange) linted.add(stage);
    if (inheritsChange || handDown[stage] !== lastHandDown[stage]) passesOnChange.add(stage);
  }
  const needed = new Set(linted);
  for (let stage = bases.length - 1; stage >= 0; stage--) if (needed.has(stage)) for (const base of bases[stage]) needed.add(base);
  const kept = new Set<number>();
  if (linted.size) {
    regions.forEach((region, index) => {
      const stage = region.instruction.stageIndex;
      if (stage < 0 || needed.has(stage)) kept.add(index);
    });
  }
  return { linted, regions: kept };
}

/**
 * For each stage, the earlier stages its FROM may name (whose ENVs it inherits). A base that
 * needs expanding (variables, and quotes or escapes, which expansion removes: `FROM "one"` is
 * stage one) could name any of them.
 */
function stageBases(model: DockerfileModel): number[][] {
  const byName = new Map<string, number[]>();
  const expands = (base: string) => /[$"'\\]/.test(base) || base.includes(model.escapeToken);
  return model.stages.map((stage) => {
    const base = stage.base?.value ?? '';
    const found = expands(base) ? model.stages.slice(0, stage.index).map((s) => s.index) : (byName.get(base.toLowerCase()) ?? []);
    const name = stage.name?.value.toLowerCase();
    if (name) byName.set(name, [...(byName.get(name) ?? []), stage.index]);
    return found;
  });
}

/** FROM instructions are in every view (they make the stages), so their findings are always fresh. */
function alwaysLinted(region: InstructionRegion): boolean {
  return region.instruction.name === 'FROM';
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
  const prefix = commonPrefixLength(before, after);
  const suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix);
  const lines = model.lines;
  if (prefix === after.length && prefix === before.length) return { head: lines.lineCount, tailStart: lines.lineCount, delta: 0 };
  // The head: every line before the one holding the first difference (its line break included).
  const head = lines.positionAt(prefix).line;
  // The tail: lines wholly in the unchanged end that start a line in both versions (the line
  // break before them may be in the unchanged start, as when whole lines were inserted).
  const tailAfter = after.length - suffix;
  const tailBefore = before.length - suffix;
  let tailStart: number;
  if (tailAfter >= after.length) tailStart = lines.lineCount;
  else if ((tailAfter === 0 || after.charCodeAt(tailAfter - 1) === NEWLINE) && (tailBefore === 0 || before.charCodeAt(tailBefore - 1) === NEWLINE)) {
    tailStart = Math.max(head + 1, lines.positionAt(tailAfter).line);
  } else {
    const first = lines.positionAt(tailAfter + 1);
    tailStart = Math.max(head + 1, first.character === 0 ? first.line : first.line + 1);
  }
  return { head, tailStart, delta: lines.lineCount - last.lineCount };
}

const NEWLINE = 10;

/** The same region in the last version, when all its lines are unchanged and it was an instruction of its own there too, in the same stage. */
function previousRegion(last: LintedVersion, unchanged: UnchangedLines, region: InstructionRegion): LintedRegion | undefined {
  let firstLine: number;
  if (region.lastLine < unchanged.head) firstLine = region.firstLine;
  else if (region.firstLine >= unchanged.tailStart) firstLine = region.firstLine - unchanged.delta;
  else return undefined;
  const before = last.regions.get(firstLine);
  const same = before && before.lastLine - before.firstLine === region.lastLine - region.firstLine && before.stageIndex === region.instruction.stageIndex;
  return same ? before : undefined;
}

/**
 * The document as rules see it when they are to lint only the instructions `kept` (by index) and
 * every FROM: the same text, positions and stages, with the other instructions left out of every
 * list. A rule's findings on what was left out would be dropped anyway.
 */
function modelView(model: DockerfileModel, kept: ReadonlySet<number>): DockerfileModel {
  const keep = (instruction: Instruction) => instruction.name === 'FROM' || kept.has(instruction.index);
  return {
    ...model,
    instructions: model.instructions.filter(keep),
    stages: model.stages.map((stage) => ({ ...stage, instructions: stage.instructions.filter(keep) })),
    globalArgs: model.globalArgs.filter(keep),
  };
}

/**
 * Cached diagnostics moved to the current version's lines: a line above the edit stays, one below
 * it moves by the lines the edit added or removed (ranges may reach past their region: a fix that
 * edits the instruction above, a file-wide ignore in the header). A range inside the edited lines
 * cannot be mapped; it stays as it was.
 */
function moved(diagnostics: readonly RankedDiagnostic[], unchanged: UnchangedLines): readonly RankedDiagnostic[] {
  const { head, delta } = unchanged;
  if (delta === 0) return diagnostics;
  const tailBefore = unchanged.tailStart - delta;
  const line = (at: number) => (at < head ? at : at >= tailBefore ? at + delta : undefined);
  const shift = (r: Range): Range => {
    const start = line(r.start.line);
    const end = line(r.end.line);
    if (start === undefined || end === undefined || (start === r.start.line && end === r.end.line)) return r;
    return { start: { line: start, character: r.start.character }, end: { line: end, character: r.end.character } };
  };
  return diagnostics.map(({ rank, diagnostic }) => ({
    rank,
    diagnostic: {
      ...diagnostic,
      range: shift(diagnostic.range),
      fixes: diagnostic.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: shift(edit.range) })) })),
    },
  }));
}
