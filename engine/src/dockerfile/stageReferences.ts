/**
 * How BuildKit resolves `COPY --from` and `RUN --mount=from=` (dockerfile2llb toCommand and
 * detectRunMount): a name is looked up among all stages, case-insensitively, the last stage of
 * that name winning; a `COPY --from` number is an index into BuildKit's list of states, which
 * grows by one image state for every reference that names no stage (a mount without `from` counts
 * as one for "scratch"); anything else is an image. Stage-to-stage references form the dependency
 * graph BuildKit checks for cycles (and that stageGraph.ts turns into build order). Computed once
 * per model.
 */
import { DockerfileModel, Flag, Instruction } from './model';
import { ExpansionError, emptyEnvironment, processWord } from './shellLexer';
import { csvFields } from './csvFields';
import { goAtoi } from './goValues';

export type ReferenceTarget =
  | { readonly kind: 'stage'; readonly index: number }
  /** An image to pull: its name is validated as an image reference. */
  | { readonly kind: 'image'; readonly name: string }
  /** A COPY --from index that lands on one of BuildKit's image states (accepted, oddly). */
  | { readonly kind: 'state' }
  | { readonly kind: 'invalid'; readonly message: string };

export interface StageReference {
  /** The stage that holds the reference. */
  readonly stage: number;
  readonly instruction: Instruction;
  readonly flag: Flag;
  readonly kind: 'copy' | 'mount';
  /** The name as written (the --from value, or the mount's from option). */
  readonly name: string;
  /** Offsets of the name within flag.value (for mounts, the from option's value). */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** The mount's target option as written, for BuildKit's message. */
  readonly mountTarget: string;
  readonly target: ReferenceTarget;
}

export interface StageReferences {
  readonly references: readonly StageReference[];
  /** References that lie on a dependency cycle, with the stages of that cycle in order. */
  readonly cycles: ReadonlyMap<StageReference, readonly number[]>;
}

const cache = new WeakMap<DockerfileModel, StageReferences>();

export function stageReferences(model: DockerfileModel): StageReferences {
  let result = cache.get(model);
  if (!result) cache.set(model, (result = compute(model)));
  return result;
}

/** BuildKit's name for a stage in messages: its name, or stage-N. */
export function stageDisplayName(model: DockerfileModel, index: number): string {
  const name = model.stages[index]?.name;
  return name ? name.value.toLowerCase() : `stage-${index}`;
}

const VARIABLE_FROM = 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround';

function compute(model: DockerfileModel): StageReferences {
  const byName = new Map<string, number>();
  for (const stage of model.stages) if (stage.name) byName.set(stage.name.value.toLowerCase(), stage.index);
  let states = model.stages.length;
  const lookup = (name: string): ReferenceTarget => {
    const index = byName.get(name.toLowerCase());
    if (index !== undefined) return { kind: 'stage', index };
    states++;
    return { kind: 'image', name };
  };
  const references: StageReference[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      if (instruction.name === 'COPY') {
        const flag = instruction.flags.find((f) => f.name === 'from');
        if (!flag || !flag.value) continue;
        const base = { stage: stage.index, instruction, flag, kind: 'copy' as const, name: flag.value, nameStart: 0, nameEnd: flag.value.length, mountTarget: '' };
        references.push({ ...base, target: copyTarget(flag.value, model, states, lookup) });
      } else if (instruction.name === 'RUN') {
        for (const flag of instruction.flags) {
          if (flag.name !== 'mount' || flag.value === undefined) continue;
          const mount = mountFrom(flag.value);
          if (!mount) continue;
          const name = mount.from ?? 'scratch';
          const target = lookup(name);
          if (mount.from === undefined) continue;
          references.push({ stage: stage.index, instruction, flag, kind: 'mount', name, nameStart: mount.start, nameEnd: mount.end, mountTarget: mount.target, target });
        }
      }
    }
  }
  return { references, cycles: findCycles(model.stages.length, references) };
}

function copyTarget(value: string, model: DockerfileModel, states: number, lookup: (name: string) => ReferenceTarget): ReferenceTarget {
  let expanded = value;
  try {
    expanded = processWord(value, emptyEnvironment, model.escapeToken).result;
  } catch (err) {
    if (err instanceof ExpansionError) return { kind: 'invalid', message: err.message };
    throw err;
  }
  if (expanded !== value) return { kind: 'invalid', message: VARIABLE_FROM };
  const index = goAtoi(value);
  if (index === undefined) return lookup(value);
  if (index < 0n || index >= BigInt(states)) return { kind: 'invalid', message: `invalid stage index ${index}` };
  return index < BigInt(model.stages.length) ? { kind: 'stage', index: Number(index) } : { kind: 'state' };
}

/** The mount's from option (last one wins) with its offsets, and its target; undefined if the value does not parse. */
function mountFrom(value: string): { from: string | undefined; start: number; end: number; target: string } | undefined {
  const csv = csvFields(value);
  if ('error' in csv) return undefined;
  let found: { from: string | undefined; start: number; end: number; target: string } = { from: undefined, start: 0, end: value.length, target: '' };
  for (const f of csv.fields) {
    const eq = f.text.indexOf('=');
    if (eq < 0) continue;
    const key = f.text.slice(0, eq).toLowerCase();
    const v = f.text.slice(eq + 1);
    if (key === 'from') {
      const dollar = v.indexOf('$');
      if (dollar >= 0 && dollar !== v.length - 1) return undefined;
      const plain = value.slice(f.start, f.end) === f.text;
      found = { ...found, from: v || undefined, start: plain ? f.start + eq + 1 : f.start, end: f.end };
    } else if (key === 'target' || key === 'dst' || key === 'destination') found = { ...found, target: v };
  }
  return found;
}

/** The references that lie on a cycle of stage dependencies, each with the cycle's stages. */
function findCycles(stageCount: number, references: readonly StageReference[]): Map<StageReference, number[]> {
  const edges: number[][] = Array.from({ length: stageCount }, () => []);
  for (const r of references) if (r.target.kind === 'stage') edges[r.stage].push(r.target.index);
  const cycles = new Map<StageReference, number[]>();
  for (const r of references) {
    if (r.target.kind !== 'stage') continue;
    const path = pathBetween(edges, r.target.index, r.stage);
    if (path) cycles.set(r, [r.stage, ...path]);
  }
  return cycles;
}

/** A shortest path of stages from `from` to `to` (both included), if there is one. */
function pathBetween(edges: readonly number[][], from: number, to: number): number[] | undefined {
  const previous = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (node === to) {
      const path: number[] = [];
      for (let n = node; n !== -1; n = previous.get(n)!) path.unshift(n);
      return path;
    }
    for (const next of edges[node]) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return undefined;
}
