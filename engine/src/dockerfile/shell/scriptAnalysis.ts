/**
 * Parses one RUN script with unbash (a bash parser with source positions and error recovery) and
 * lists what it executes: every simple command with a name the shell knows before running it
 * (commands inside `$(...)`, subshells, functions and control flow included, in source order),
 * every pipeline, and every variable assignment. Positions in the script text are mapped back to
 * the Dockerfile through the script's `sourceOffset`, because the text joins continuation lines.
 * Malformed shell never throws: unbash recovers and the analysis simply holds fewer commands.
 */
import { forEachChild, parse } from 'unbash';
import type {
  AndOr,
  Assignment,
  Command as UCommand,
  Pipeline,
  Script,
  Statement,
  SyntaxNode,
  Word as UWord,
} from 'unbash';
import { LineIndex, Range } from '../text';
import { Instruction } from '../model';
import { ShellScriptSource } from '../lint/rule';
import { ShellAssignment, ShellCommand, ShellConnector, ShellPipeline, ShellWord } from './shellCommand';
import { effectiveCommand } from './commandWrappers';
import { expandsWord } from './wordExpansion';

export interface ScriptAnalysis {
  readonly source: ShellScriptSource;
  readonly commands: readonly ShellCommand[];
  readonly pipelines: readonly ShellPipeline[];
  readonly assignments: readonly ShellAssignment[];
  /** Number of syntax errors unbash recovered from. */
  readonly errorCount: number;
  /** Dockerfile offset just after the last top-level statement (before a trailing `;` or comment). */
  readonly lastStatementEnd: number | undefined;
  /** True when nothing but blanks follows the last statement and the script parsed cleanly. */
  readonly endsCleanly: boolean;
}

/** Shebangs of scripts that are shell; a heredoc with another interpreter is not analyzed. */
const SHELL_SHEBANG = /^#!\s*(?:\/usr)?\/bin\/(?:env\s+)?(?:ba|da|k|a)?sh\b/;
const DECLARATION_BUILTINS = new Set(['export', 'declare', 'typeset', 'local', 'readonly', 'env']);
const ASSIGNMENT_WORD = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** A word without these characters is its own value and expands to nothing else. */
const SPECIAL_CHARACTERS = /[$`'"\\*?[{}~()<>]/;
/** Only words with these can hold a command or process substitution. */
const SUBSTITUTION = /[$`]|[<>]\(/;

/** A word with its range computed on demand: most words are never reported. */
class MappedWord implements ShellWord {
  constructor(
    readonly text: string,
    readonly value: string,
    readonly dynamic: boolean,
    readonly start: number,
    readonly end: number,
    private readonly lines: LineIndex,
  ) {}

  get range(): Range {
    return this.lines.rangeOf(this.start, this.end);
  }
}

class ParsedCommand implements ShellCommand {
  readonly name: string;
  readonly nested: boolean;
  readonly exact: boolean;
  readonly execForm = false;
  readonly instruction: Instruction;

  constructor(
    readonly nameWord: ShellWord,
    readonly args: readonly ShellWord[],
    readonly assignments: readonly ShellAssignment[],
    readonly start: number,
    readonly end: number,
    private readonly lines: LineIndex,
    readonly joinedBy: ShellConnector | undefined,
    readonly pipeline: ShellPipeline | undefined,
    frame: Frame,
    readonly script: ShellScriptSource,
  ) {
    this.name = nameWord.value;
    this.nested = frame.nested;
    this.exact = frame.fixed === undefined;
    this.instruction = script.instruction;
  }

  get range(): Range {
    return this.lines.rangeOf(this.start, this.end);
  }
}

/** Where positions of the current (sub)script point: the script text, or one fixed span. */
interface Frame {
  /** Set for scripts unbash re-decoded (backquotes): their positions do not index our text. */
  readonly fixed: readonly [number, number] | undefined;
  readonly nested: boolean;
  /** Shared by the statements of one shell process; a subshell gets a copy. */
  readonly state: { pipefail: boolean };
}

/**
 * unbash trees by script text. An edit changes one RUN at a time, so the next document version
 * finds the other scripts here and only re-maps their positions. The trees are never mutated.
 */
const parsedScripts = new Map<string, ReturnType<typeof parse>>();
const PARSED_SCRIPTS_LIMIT = 4096;

function parseCached(text: string): ReturnType<typeof parse> {
  let ast = parsedScripts.get(text);
  if (!ast) {
    ast = parse(text);
    if (parsedScripts.size >= PARSED_SCRIPTS_LIMIT) parsedScripts.delete(parsedScripts.keys().next().value!);
    parsedScripts.set(text, ast);
  }
  return ast;
}

/** Parses and analyzes one script (`runShell` caches the result per RUN, so each is parsed once). */
export function analyzeScript(source: ShellScriptSource, lines: LineIndex): ScriptAnalysis {
  const text = source.text;
  const commands: ShellCommand[] = [];
  const pipelines: ShellPipeline[] = [];
  const assignments: ShellAssignment[] = [];
  if (text.startsWith('#!') && !SHELL_SHEBANG.test(text)) {
    return { source, commands, pipelines, assignments, errorCount: 0, lastStatementEnd: undefined, endsCleanly: false };
  }
  const ast = parseCached(text);

  const span = (frame: Frame, pos: number, end: number): [number, number] => {
    if (frame.fixed) return [frame.fixed[0], frame.fixed[1]];
    const start = source.sourceOffset(pos);
    return [start, end > pos ? source.sourceOffset(end - 1) + 1 : start];
  };
  const word = (frame: Frame, w: { pos: number; end: number; text: string }, value: string, dynamic: boolean): ShellWord => {
    const [start, end] = span(frame, w.pos, w.end);
    return new MappedWord(w.text, value, dynamic, start, end, lines);
  };
  // Plain words skip unbash's lazily decoded value and parts.
  const toWord = (frame: Frame, w: UWord): ShellWord =>
    SPECIAL_CHARACTERS.test(w.text) ? word(frame, w, w.value, expandsWord(w.text, w.parts)) : word(frame, w, w.text, false);
  const toAssignment = (frame: Frame, a: Assignment): ShellAssignment => {
    const value = a.value.type === 'Word' ? a.value.value : a.value.elements.map((e) => e.value).join(' ');
    const dynamic = a.value.type === 'Word' ? expandsWord(a.value.text, a.value.parts) : true;
    return { name: a.name, value, word: word(frame, a, `${a.name}${a.append ? '+=' : '='}${value}`, dynamic) };
  };

  const visitCommand = (node: UCommand, frame: Frame, joinedBy: ShellConnector | undefined, pipeline: ShellPipeline | undefined) => {
    const prefix: ShellAssignment[] = [];
    for (const p of node.prefix) if (p.type === 'Assignment') prefix.push(toAssignment(frame, p));
    assignments.push(...prefix);
    const words: ShellWord[] = [];
    if (node.name) words.push(toWord(frame, node.name));
    for (const s of node.suffix) {
      if (s.type === 'Word') words.push(toWord(frame, s));
      else if (s.type === 'Assignment') words.push(toAssignment(frame, s).word);
    }
    const effective = words.length ? effectiveCommand(words) : undefined;
    if (effective) {
      const [start, end] = span(frame, node.pos, node.end);
      const command = new ParsedCommand(effective.name, effective.args, prefix, start, end, lines, joinedBy, pipeline, frame, source);
      commands.push(command);
      if (DECLARATION_BUILTINS.has(command.name)) {
        for (const s of node.suffix) if (s.type === 'Assignment') assignments.push(toAssignment(frame, s));
        if (command.name === 'env') for (const a of command.args) if (ASSIGNMENT_WORD.test(a.value)) assignments.push(envAssignment(a));
      }
      if (command.name === 'set') updatePipefail(command, frame.state);
    }
    forEachChild(node, (child) => visit(child, frame));
  };

  const visitPipeline = (node: Pipeline, frame: Frame, joinedBy: ShellConnector | undefined) => {
    const first = node.commands[0];
    const bar = first ? text.indexOf('|', first.end) : -1;
    const operatorAt = bar >= 0 && bar < node.end ? bar : node.pos;
    const op = node.operators[0] ?? '|';
    const pipeline: ShellPipeline = {
      operator: word(frame, { pos: operatorAt, end: operatorAt + op.length, text: op }, op, false),
      commandCount: node.commands.length,
      pipefail: frame.state.pipefail,
    };
    pipelines.push(pipeline);
    node.commands.forEach((c, i) => visitNode(c, frame, i === 0 ? joinedBy : '|', pipeline));
  };

  const visitAndOr = (node: AndOr, frame: Frame, joinedBy: ShellConnector | undefined) => {
    node.commands.forEach((c, i) => visitNode(c, frame, i === 0 ? joinedBy : node.operators[i - 1], undefined));
  };

  const visitStatements = (statements: readonly Statement[], frame: Frame) => {
    let joinedBy: ShellConnector | undefined;
    for (const s of statements) {
      visitNode(s.command, frame, joinedBy, undefined);
      joinedBy = s.background ? '&' : ';';
    }
  };

  const visitNode = (node: SyntaxNode, frame: Frame, joinedBy: ShellConnector | undefined, pipeline: ShellPipeline | undefined) => {
    switch (node.type) {
      case 'Command':
        return visitCommand(node, frame, joinedBy, pipeline);
      case 'Pipeline':
        return visitPipeline(node, frame, joinedBy);
      case 'AndOr':
        return visitAndOr(node, frame, joinedBy);
      default:
        return visit(node, frame);
    }
  };

  const visit = (node: SyntaxNode, frame: Frame): void => {
    switch (node.type) {
      case 'Script':
      case 'CompoundList':
        return visitStatements(node.commands, frame);
      case 'Command':
      case 'Pipeline':
      case 'AndOr':
        return visitNode(node, frame, undefined, undefined);
      case 'Subshell':
        return visit(node.body, { ...frame, state: { ...frame.state } });
      case 'Word':
        if (SUBSTITUTION.test(node.text)) forEachChild(node, (child) => visit(child, frame));
        return;
      case 'CommandExpansion':
      case 'ProcessSubstitution':
      case 'ArithmeticCommandExpansion': {
        if (!node.script) return;
        const fixed = frame.fixed ?? (node.script.source !== undefined ? span(frame, node.pos, node.end) : undefined);
        return visitScript(node.script, { fixed, nested: true, state: { ...frame.state } });
      }
      default:
        forEachChild(node, (child) => visit(child, frame));
    }
  };

  const visitScript = (script: Script, frame: Frame) => visitStatements(script.commands, frame);

  visitScript(ast, { fixed: undefined, nested: false, state: { pipefail: false } });

  const last = ast.commands[ast.commands.length - 1];
  const lastStatementEnd = last && last.end > last.pos ? source.sourceOffset(last.end - 1) + 1 : undefined;
  const errorCount = ast.errors?.length ?? 0;
  const endsCleanly = errorCount === 0 && last !== undefined && text.slice(last.end).trim() === '';
  return { source, commands, pipelines, assignments, errorCount, lastStatementEnd, endsCleanly };
}

function envAssignment(word: ShellWord): ShellAssignment {
  const eq = word.value.indexOf('=');
  return { name: word.value.slice(0, eq), value: word.value.slice(eq + 1), word };
}

/** `set -o pipefail` (also `-eo pipefail`, `-euxo pipefail`) turns it on; `set +o pipefail` off. */
function updatePipefail(command: ShellCommand, state: { pipefail: boolean }): void {
  const args = command.args;
  for (let i = 0; i + 1 < args.length; i++) {
    const v = args[i].value;
    if (args[i + 1].value !== 'pipefail' || v.length < 2 || v.startsWith('--') || !v.endsWith('o')) continue;
    if (v[0] === '-') state.pipefail = true;
    else if (v[0] === '+') state.pipefail = false;
  }
}
