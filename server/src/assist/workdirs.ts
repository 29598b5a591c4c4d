/**
 * The working directories of a stage up to an instruction: the WORKDIRs above it, resolved the
 * way the builder resolves them (variables expanded with what that line sees, relative paths
 * joined to the previous WORKDIR), following the stage's base when it is another stage of the
 * file. An image base's own WORKDIR is not known here, so the chain starts at `/`.
 */
import { posix } from 'node:path';
import { DockerfileModel, Instruction } from '../../../engine/src/dockerfile/model';
import { Scopes } from '../../../engine/src/dockerfile/scope';
import { stageAncestry } from '../../../engine/src/dockerfile/stageAncestry';
import { scopesOf } from './variablesAt';

export interface WorkdirEntry {
  readonly path: string;
  /** The WORKDIR instruction that set it. */
  readonly instruction: Instruction;
}

export interface Workdirs {
  /** The directory in effect: where relative COPY/ADD destinations land. */
  readonly current: string;
  /** Every WORKDIR in effect on the way, oldest first (base stages included). */
  readonly entries: readonly WorkdirEntry[];
}

/** WORKDIRs before instruction number `before` of stage `stageIndex` (all of them if omitted). */
export function workdirsAt(model: DockerfileModel, stageIndex: number, before?: number): Workdirs {
  const stage = model.stages[stageIndex];
  if (!stage) return { current: '/', entries: [] };
  const scopes = scopesOf(model);
  const walk = { current: '/', entries: [] as WorkdirEntry[] };
  for (const ancestor of [...stageAncestry(scopes, stageIndex).ancestors].reverse()) followWorkdirs(scopes, model.stages[ancestor].instructions, walk);
  followWorkdirs(scopes, stage.instructions.slice(0, before ?? stage.instructions.length), walk);
  return walk;
}

function followWorkdirs(scopes: Scopes, instructions: readonly Instruction[], walk: { current: string; entries: WorkdirEntry[] }): void {
  for (const instruction of instructions) {
    if (instruction.name !== 'WORKDIR' || !instruction.args[0]) continue;
    const expanded = scopes.expand(instruction.args[0].value, scopes.before(instruction));
    if (expanded.error || !expanded.value) continue;
    walk.current = posix.resolve(walk.current, expanded.value);
    walk.entries.push({ path: walk.current, instruction });
  }
}
