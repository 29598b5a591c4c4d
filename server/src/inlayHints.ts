/**
 * Inlay hints at the end of an instruction: its layer size and cache status from the last build
 * of this file, and, for COPY and ADD from the build context, how many bytes the sources hold
 * now, so a large copy is visible before the build.
 */
import type { InlayHint, MarkupContent } from 'vscode-languageserver';
import { DockerfileModel, Instruction } from '../../engine/src/dockerfile/model';
import { Range } from '../../engine/src/dockerfile/text';
import { BuildHistory, ContextSizes, describeStep, formatBytes, stepsByInstruction } from './buildHistory';
import { symbolIndex } from './symbolReferences';

export interface HintSources {
  readonly history?: BuildHistory;
  readonly sizes?: ContextSizes;
}

export function computeInlayHints(model: DockerfileModel, range: Range, uri: string, sources: HintSources): InlayHint[] {
  const build = sources.history?.lastBuild(uri);
  const steps = build ? stepsByInstruction(model, build.steps) : new Map();
  if (!steps.size && !sources.sizes) return [];
  const hints: InlayHint[] = [];
  for (const instruction of model.instructions) {
    if (instruction.endLine < range.start.line || instruction.startLine > range.end.line) continue;
    const labels: string[] = [];
    const tooltip: string[] = [];
    const step = steps.get(instruction);
    const described = step && describeStep(step);
    if (described) {
      labels.push(described);
      tooltip.push(`Last build: ${described}`);
    }
    const predicted = sources.sizes && contextSize(model, instruction, sources.sizes);
    if (predicted) {
      labels.push(`${predicted.complete ? '≈' : '≥'} ${formatBytes(predicted.bytes)} from context`);
      tooltip.push('Build context now:', ...predicted.lines);
    }
    if (!labels.length) continue;
    const line = headerEndLine(model, instruction);
    const value: MarkupContent = { kind: 'markdown', value: tooltip.join('\n\n') };
    hints.push({ position: { line, character: model.lines.lineText(line).length }, label: labels.join(' · '), paddingLeft: true, tooltip: value });
  }
  return hints;
}

/** The last line of the instruction itself (before any heredoc body). */
function headerEndLine(model: DockerfileModel, instruction: Instruction): number {
  if (!instruction.heredocs.length) return instruction.endLine;
  const bodyStart = model.lines.offsetAt(instruction.heredocs[0].bodyRange.start);
  return Math.max(instruction.startLine, model.lines.positionAt(bodyStart - 1).line);
}

/**
 * The context paths a COPY or ADD reads, expanded with the variables in effect there, as
 * context-relative paths; none for `--from` copies, URLs, git sources and heredocs.
 */
export function contextSources(model: DockerfileModel, instruction: Instruction): string[] {
  if ((instruction.name !== 'COPY' && instruction.name !== 'ADD') || instruction.flags.some((f) => f.name === 'from')) return [];
  const heredocOperators = new Set(instruction.heredocs.map((h) => h.operator.start));
  const words = instruction.args.slice(0, -1).filter((w) => !heredocOperators.has(w.start) && !w.value.startsWith('<<'));
  const { scopes } = symbolIndex(model);
  const vars = scopes.before(instruction);
  const out: string[] = [];
  for (const word of words) {
    const value = word.value.includes('$') ? scopes.expand(word.value, vars).value : word.value;
    if (!value || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@')) continue;
    out.push(contextPath(value));
  }
  return out;
}

function contextPath(source: string): string {
  const parts = source.split('/').filter((p) => p && p !== '.');
  return parts.length ? parts.join('/') : '.';
}

function contextSize(model: DockerfileModel, instruction: Instruction, sizes: ContextSizes): { bytes: number; complete: boolean; lines: string[] } | undefined {
  const paths = contextSources(model, instruction);
  if (!paths.length) return undefined;
  let bytes = 0;
  let known = 0;
  const lines: string[] = [];
  for (const path of paths) {
    const size = sizes.sizeOf(path);
    if (size !== undefined) {
      bytes += size;
      known++;
    }
    lines.push(`- \`${path}\`: ${size === undefined ? 'unknown' : formatBytes(size)}`);
  }
  return known ? { bytes, complete: known === paths.length, lines } : undefined;
}
