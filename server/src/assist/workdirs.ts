/**
 * The working directories of a stage up to an instruction: the WORKDIRs above it, resolved the
 * way the builder resolves them (variables expanded with what that line sees, relative paths
 * joined to the previous WORKDIR), following the stage's base when it is another stage of the
 * file. An image base's own WORKDIR is not known here, so the chain starts at `/`.
 */
import { posix } from 'node:path';
import { DockerfileModel, Instruction } from '../../../engine/src/dockerfile/model';
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
export function workdirsAt(model: DockerfileModel, stageIndex: number, before?: number, depth = 0): Workdirs {
  const stage = model.stages[stageIndex];
  if (!stage) return { current: '/', entries: [] };
  const scopes = scopesOf(model);
  const base = scopes.stages[stageIndex]?.base;
  // A stage can only build on an earlier one, so following bases ends; depth guards anyway.
  const inherited = base?.kind === 'stage' && base.stage !== undefined && base.stage < stageIndex && depth < 64
    ? workdirsAt(model, base.stage, undefined, depth + 1)
    : { current: '/', entries: [] };
  let current = inherited.current;
  const entries = [...inherited.entries];
  const end = before ?? stage.instructions.length;
  for (let i = 0; i < end && i < stage.instructions.length; i++) {
    const instruction = stage.instructions[i];
    if (instruction.name !== 'WORKDIR' || !instruction.args[0]) continue;
    const expanded = scopes.expand(instruction.args[0].value, scopes.before(instruction));
    if (expanded.error || !expanded.value) continue;
    current = posix.resolve(current, expanded.value);
    entries.push({ path: current, instruction });
  }
  return { current, entries };
}
