/**
 * Folding ranges: each stage (FROM to its last instruction), each instruction written on several
 * lines, each heredoc body (its terminator stays visible), and each run of two or more
 * comment lines (parser directives stay visible). Ranges are whole lines; two ranges never start
 * on the same line (editors keep only one of them), the outer one wins.
 */
import type { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';

export interface FoldingOptions {
  /** The most ranges the client wants (it drops the rest anyway). */
  readonly rangeLimit?: number;
  /** The client shows `collapsedText` in place of a folded range. */
  readonly collapsedText?: boolean;
}

const COMMENT: FoldingRangeKind = 'comment';

export function computeFoldingRanges(model: DockerfileModel, options: FoldingOptions = {}): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, collapsedText?: string, kind?: FoldingRangeKind) => {
    if (endLine <= startLine) return;
    const range: FoldingRange = { startLine, endLine };
    if (kind) range.kind = kind;
    if (collapsedText !== undefined && options.collapsedText) range.collapsedText = collapsedText;
    ranges.push(range);
  };

  for (const stage of model.stages) {
    const count = stage.instructions.length;
    add(stage.from.startLine, stage.range.end.line, `… ${count} instruction${count === 1 ? '' : 's'}`);
  }
  for (const instruction of model.instructions) {
    add(instruction.startLine, instruction.endLine, hidden(instruction.startLine, instruction.endLine));
    for (const doc of instruction.heredocs) {
      // Up to the line before the terminator, so a following heredoc's fold starts after this one ends.
      const end = doc.terminatorRange ? doc.terminatorRange.start.line - 1 : instruction.endLine;
      add(doc.bodyRange.start.line - 1, end, hidden(doc.bodyRange.start.line - 1, end));
    }
  }
  commentBlocks(model, add);

  ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const out: FoldingRange[] = [];
  for (const range of ranges) {
    if (out.length && out[out.length - 1].startLine === range.startLine) continue;
    out.push(range);
  }
  const limit = options.rangeLimit;
  return limit !== undefined && limit >= 0 && out.length > limit ? out.slice(0, limit) : out;
}

function hidden(startLine: number, endLine: number): string {
  const lines = endLine - startLine;
  return `… ${lines} more line${lines === 1 ? '' : 's'}`;
}

function commentBlocks(model: DockerfileModel, add: (start: number, end: number, text?: string, kind?: FoldingRangeKind) => void): void {
  const directiveLines = new Set(model.directives.map((d) => d.line));
  let start = -1;
  let previous = -2;
  for (const comment of model.comments) {
    if (directiveLines.has(comment.line)) continue;
    if (comment.line !== previous + 1) {
      if (start >= 0) add(start, previous, undefined, COMMENT);
      start = comment.line;
    }
    previous = comment.line;
  }
  if (start >= 0) add(start, previous, undefined, COMMENT);
}
