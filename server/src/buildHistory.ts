/**
 * What the engine knows about the last build of a Dockerfile, as the editor's hints read it.
 * The language server never waits on the engine: implementations answer from what they already
 * have (a cache refreshed elsewhere), and `undefined` when they know nothing.
 */
import { DockerfileModel, Instruction } from '../../engine/src/dockerfile/model';

/** One executed instruction of the last build. */
export interface BuildStep {
  /** The instruction's first and last lines when it was built, 0-based, heredoc bodies included (Instruction.startLine/endLine). */
  readonly startLine: number;
  readonly endLine: number;
  /** Size of the layer the step produced, in bytes (0 or absent for steps that only change the config). */
  readonly layerSize?: number;
  /** True when the step was taken from the build cache. */
  readonly cached?: boolean;
  readonly durationMs?: number;
}

export interface BuildHistory {
  /** The last build of the Dockerfile at `uri`, if the engine has one. */
  lastBuild(uri: string): { readonly steps: readonly BuildStep[] } | undefined;
}

/** Sizes of paths in the build context of one Dockerfile. */
export interface ContextSizes {
  /**
   * Bytes under a context-relative path (forward slashes, no leading `./` or `/`; `.` is the
   * whole context; may hold `*`, `?` and `[...]` as COPY sources do), after .dockerignore;
   * undefined when unknown or absent.
   */
  sizeOf(path: string): number | undefined;
}

/**
 * The steps of the last build matched to the instructions they ran. A step matches the
 * instruction on exactly its lines; after an edit that moves or resizes an instruction its data
 * is left out until the next build, rather than shown against the wrong line.
 */
export function stepsByInstruction(model: DockerfileModel, steps: readonly BuildStep[]): Map<Instruction, BuildStep> {
  const byLine = new Map<number, Instruction>();
  for (const instruction of model.instructions) byLine.set(instruction.startLine, instruction);
  const out = new Map<Instruction, BuildStep>();
  for (const step of steps) {
    const instruction = byLine.get(step.startLine);
    if (instruction && instruction.endLine === step.endLine) out.set(instruction, step);
  }
  return out;
}

/** Bytes in decimal units, as `docker images` shows them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** "12.3 MB · cached", "4.1 kB · 2.3 s", "cached": one step in a few words. */
export function describeStep(step: BuildStep): string {
  const parts: string[] = [];
  if (step.layerSize !== undefined) parts.push(step.layerSize > 0 ? formatBytes(step.layerSize) : 'no layer');
  if (step.cached) parts.push('cached');
  else if (step.durationMs !== undefined) parts.push(formatDuration(step.durationMs));
  return parts.join(' · ');
}
