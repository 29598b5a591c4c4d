/**
 * The dependencies between stages, as BuildKit builds them: a stage depends on the stage it is
 * built FROM, on stages it copies from (`COPY --from=name|index`) and on stages it mounts
 * (`RUN --mount=from=name`). References are resolved exactly as BuildKit does
 * (stageReferences.ts); the builder builds only the target's dependencies, independent stages in
 * parallel, and the editor uses the same graph for stage references.
 */
import { DockerfileModel, Flag, Instruction } from './model';
import { Scopes } from './scope';
import { csvFields } from './csvFields';
import { stageReferences } from './stageReferences';

export interface StageReference {
  readonly instruction: Instruction;
  /** The flag holding the reference (`--from`, or `--mount`), absent for FROM. */
  readonly flag?: Flag;
  /** The referenced name: the FROM base after expanding global ARGs, else as written. */
  readonly value: string;
  /** The referenced stage, when the name or index names one. */
  readonly stage: number | undefined;
}

export interface StageGraph {
  /** References to other stages (or images) per stage, in instruction order. */
  readonly references: readonly (readonly StageReference[])[];
  /** Stage indexes each stage depends on, deduplicated. */
  readonly dependencies: readonly (readonly number[])[];
}

const graphs = new WeakMap<Scopes, StageGraph>();

/** The stage graph for these scopes, computed once. */
export function stageGraphOf(model: DockerfileModel, scopes: Scopes): StageGraph {
  let graph = graphs.get(scopes);
  if (!graph) graphs.set(scopes, (graph = computeStageGraph(model, scopes)));
  return graph;
}

export function computeStageGraph(model: DockerfileModel, scopes: Scopes): StageGraph {
  const references: StageReference[][] = model.stages.map((stage) => {
    const base = scopes.stages[stage.index]?.base;
    return base && base.kind === 'stage' ? [{ instruction: stage.from, value: base.value, stage: base.stage }] : [];
  });
  for (const ref of stageReferences(model).references) {
    const stage = ref.target.kind === 'stage' ? ref.target.index : undefined;
    references[ref.stage].push({ instruction: ref.instruction, flag: ref.flag, value: ref.name, stage });
  }
  for (const list of references) list.sort((a, b) => a.instruction.index - b.instruction.index);
  const dependencies = references.map((refs, i) => {
    const set = new Set<number>();
    for (const r of refs) if (r.stage !== undefined && r.stage !== i) set.add(r.stage);
    return [...set];
  });
  return { references, dependencies };
}

/**
 * One option of a `--mount=type=...,from=...` value, read as BuildKit does: CSV fields, keys
 * case-insensitive, the last occurrence winning. undefined when absent or the CSV is malformed.
 */
export function mountOption(value: string, key: string): string | undefined {
  const parsed = csvFields(value);
  if (!('fields' in parsed)) return undefined;
  let found: string | undefined;
  for (const field of parsed.fields) {
    const eq = field.text.indexOf('=');
    if ((eq < 0 ? field.text : field.text.slice(0, eq)).toLowerCase() === key) found = eq < 0 ? '' : field.text.slice(eq + 1);
  }
  return found;
}

/** Stages needed to build `target` (itself included), dependencies first. */
export function stagesNeeded(graph: StageGraph, target: number): number[] {
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number) => {
    if (state.has(i)) return;
    state.set(i, 'visiting');
    for (const d of graph.dependencies[i] ?? []) visit(d);
    state.set(i, 'done');
    order.push(i);
  };
  visit(target);
  return order;
}
