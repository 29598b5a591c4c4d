/**
 * The dependencies between stages: a stage depends on the stage it is built FROM, on stages it
 * copies from (`COPY --from=name|index`) and on stages it mounts (`RUN --mount=from=...`). The
 * builder builds only the target's dependencies, independent stages in parallel; the editor uses
 * the same graph for stage references.
 */
import { DockerfileModel, Flag, Instruction, Stage } from './model';
import { Scopes } from './scope';
import { csvFields } from './csvFields';

export interface StageReference {
  readonly instruction: Instruction;
  /** The flag holding the reference (`--from`, or `--mount`), absent for FROM. */
  readonly flag?: Flag;
  /** The referenced name after expansion, as written otherwise. */
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
  const byName = new Map<string, number>();
  // The last stage of a name wins, as in BuildKit's statesByName map.
  for (const stage of model.stages) if (stage.name) byName.set(stage.name.value.toLowerCase(), stage.index);
  // COPY --from accepts a stage index; a mount's from= names a stage only (BuildKit detectRunMount).
  const lookup = (value: string, allowIndex: boolean): number | undefined => {
    if (allowIndex && /^[0-9]+$/.test(value)) {
      const n = Number(value);
      return n < model.stages.length ? n : undefined;
    }
    return byName.get(value.toLowerCase());
  };

  const references = model.stages.map((stage) => stageReferences(stage, scopes, lookup));
  const dependencies = references.map((refs, i) => {
    const set = new Set<number>();
    for (const r of refs) if (r.stage !== undefined && r.stage !== i) set.add(r.stage);
    return [...set];
  });
  return { references, dependencies };
}

function stageReferences(stage: Stage, scopes: Scopes, lookup: (value: string, allowIndex: boolean) => number | undefined): StageReference[] {
  const refs: StageReference[] = [];
  const base = scopes.stages[stage.index]?.base;
  if (base && base.kind === 'stage') refs.push({ instruction: stage.from, value: base.value, stage: base.stage });
  for (const instruction of stage.instructions) {
    const target = instruction.name === 'ONBUILD' ? undefined : instruction;
    if (!target) continue;
    const vars = scopes.before(instruction);
    if (target.name === 'COPY' || target.name === 'ADD') {
      for (const flag of target.flags) {
        if (flag.name !== 'from' || flag.value === undefined) continue;
        const value = scopes.expand(flag.value, vars).value || flag.value;
        refs.push({ instruction, flag, value, stage: lookup(value, true) });
      }
    } else if (target.name === 'RUN') {
      for (const flag of target.flags) {
        if (flag.name !== 'mount' || flag.value === undefined) continue;
        const from = mountOption(flag.value, 'from');
        if (from === undefined) continue;
        // BuildKit does not expand variables in a mount's from=.
        refs.push({ instruction, flag, value: from, stage: lookup(from, false) });
      }
    }
  }
  return refs;
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
    if (state.get(i) === 'done' || state.get(i) === 'visiting') return;
    state.set(i, 'visiting');
    for (const d of graph.dependencies[i] ?? []) visit(d);
    state.set(i, 'done');
    order.push(i);
  };
  visit(target);
  return order;
}
