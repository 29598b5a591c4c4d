/**
 * What one RUN executes, for every rule that asks: the commands, pipelines and assignments of
 * all its scripts (the shell-form command and heredoc bodies), or the single command of the exec
 * form. Each script is parsed once per lint run and the result shared by all rules.
 */
import { DockerfileModel, Instruction } from '../model';
import { LintContext } from '../lint/rule';
import { ScriptAnalysis, analyzeScript } from './scriptAnalysis';
import { ShellAssignment, ShellCommand, ShellPipeline, ShellWord } from './shellCommand';

export interface RunShell {
  /** The instruction as written: the RUN, or the ONBUILD that holds it. */
  readonly instruction: Instruction;
  /** The RUN itself (ONBUILD's trigger for `ONBUILD RUN`). */
  readonly run: Instruction;
  readonly scripts: readonly ScriptAnalysis[];
  readonly commands: readonly ShellCommand[];
  readonly pipelines: readonly ShellPipeline[];
  readonly assignments: readonly ShellAssignment[];
}

/** One map per model (a Map lookup is cheaper than a WeakMap one, and rules ask for every RUN). */
const cache = new WeakMap<DockerfileModel, Map<Instruction, RunShell>>();

/** The RUN inside an instruction: itself, ONBUILD's RUN trigger, or undefined. */
export function runOf(instruction: Instruction): Instruction | undefined {
  const target = instruction.name === 'ONBUILD' ? instruction.trigger : instruction;
  return target && target.name === 'RUN' ? target : undefined;
}

const runLists = new WeakMap<DockerfileModel, { plain: Instruction[]; withOnbuild: Instruction[] }>();

/** RUN instructions in file order; `ONBUILD RUN` too when `onbuild` is set (hadolint's `onbuild` wrapper). */
export function runInstructions(model: DockerfileModel, onbuild: boolean): readonly Instruction[] {
  let lists = runLists.get(model);
  if (!lists) {
    const withOnbuild = model.instructions.filter((i) => runOf(i) !== undefined);
    lists = { plain: withOnbuild.filter((i) => i.name === 'RUN'), withOnbuild };
    runLists.set(model, lists);
  }
  return onbuild ? lists.withOnbuild : lists.plain;
}

/** Quotes, backslashes and escaped line breaks: the shell removes them before it sees a word. */
const QUOTING = /\\\r?\n|['"\\]/g;

/**
 * False only when no command a RUN executes can have `text` in its name, its arguments or its
 * operators: a cheap test a rule makes before asking for the RUN's shell analysis. It reads the
 * scripts with every quote, backslash and escaped line break removed, which leaves a superset of
 * the words the shell sees; ANSI-C quoting (`$'\x70ip'`), which can spell anything, always passes.
 */
export function mayMention(context: LintContext, instruction: Instruction, text: string): boolean {
  const run = runOf(instruction);
  if (!run) return false;
  if (run.json) return run.args.some((a) => a.value.includes(text));
  return context.shellScripts(instruction).some((s) => s.text.includes("$'") || s.text.replace(QUOTING, '').includes(text));
}

export function runShell(context: LintContext, instruction: Instruction): RunShell {
  let shells = cache.get(context.model);
  if (!shells) cache.set(context.model, (shells = new Map()));
  let shell = shells.get(instruction);
  if (shell) return shell;
  const run = runOf(instruction);
  if (!run) throw new Error(`runShell: ${instruction.name} on line ${instruction.startLine + 1} is not a RUN (internal error)`);
  if (run.json) {
    shell = execFormShell(context, instruction, run);
  } else {
    const scripts = context.shellScripts(instruction).map((s) => analyzeScript(s, context.model.lines));
    // Almost every RUN has one script: share its lists instead of copying them.
    const single = scripts.length === 1 ? scripts[0] : undefined;
    shell = {
      instruction,
      run,
      scripts,
      commands: single ? single.commands : scripts.flatMap((s) => s.commands),
      pipelines: single ? single.pipelines : scripts.flatMap((s) => s.pipelines),
      assignments: single ? single.assignments : scripts.flatMap((s) => s.assignments),
    };
  }
  shells.set(instruction, shell);
  return shell;
}

/** `RUN ["prog", "arg"]` runs prog directly: one command, no shell. */
function execFormShell(context: LintContext, instruction: Instruction, run: Instruction): RunShell {
  const lines = context.model.lines;
  const words: ShellWord[] = run.args.map((a) => ({ text: lines.text.slice(a.start, a.end), value: a.value, dynamic: false, start: a.start, end: a.end, range: a.range }));
  const commands: ShellCommand[] = [];
  if (words.length) {
    commands.push({
      name: words[0].value,
      nameWord: words[0],
      args: words.slice(1),
      assignments: [],
      start: run.rest.start,
      end: run.rest.end,
      range: run.rest.range,
      joinedBy: undefined,
      pipeline: undefined,
      nested: false,
      exact: true,
      execForm: true,
      instruction,
      script: undefined,
    });
  }
  return { instruction, run, scripts: [], commands, pipelines: [], assignments: [] };
}
