/**
 * Code lenses from the last build of this Dockerfile: above each stage, what the stage cost
 * (steps, cache hits, layer bytes, time); above each instruction that ran, its layer size and
 * whether it came from the cache. Lenses are labels (no command): the data is the point.
 */
import type { CodeLens } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { BuildHistory, describeStep, formatBytes, formatDuration, stepsByInstruction } from './buildHistory';

export function computeCodeLenses(model: DockerfileModel, uri: string, history: BuildHistory | undefined): CodeLens[] {
  const build = history?.lastBuild(uri);
  if (!build || !build.steps.length) return [];
  const steps = stepsByInstruction(model, build.steps);
  const lenses: CodeLens[] = [];
  const lens = (line: number, title: string) => lenses.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title, command: '' } });
  for (const stage of model.stages) {
    const ran = [stage.from, ...stage.instructions].map((i) => steps.get(i)).filter((s) => s !== undefined);
    if (!ran.length) continue;
    const cached = ran.filter((s) => s.cached).length;
    const bytes = ran.reduce((sum, s) => sum + (s.layerSize ?? 0), 0);
    const ms = ran.reduce((sum, s) => sum + (s.cached ? 0 : (s.durationMs ?? 0)), 0);
    const parts = [`Last build: ${ran.length} step${ran.length === 1 ? '' : 's'}`, `${cached} cached`, `${formatBytes(bytes)} in layers`];
    if (ms > 0) parts.push(formatDuration(ms));
    lens(stage.from.startLine, parts.join(' · '));
  }
  for (const instruction of model.instructions) {
    if (instruction.name === 'FROM') continue;
    const step = steps.get(instruction);
    const text = step && describeStep(step);
    if (text) lens(instruction.startLine, text);
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line);
}
