/**
 * The symbols of a Dockerfile that the editor can navigate and rename: variables (ARG and ENV
 * names and their `$uses`), stages (`AS name` and every `FROM`, `--from=` and `--mount=from=`
 * that names it) and heredoc delimiters (`<<EOF` and its terminator line). One index per model,
 * built once and shared by definition, references, highlight and rename, so a cursor move costs a
 * binary search.
 *
 * Variables are bound with the builder's scoping (computeScopes): a use reads the declaration in
 * effect at its instruction in its stage; FROM lines read the global ARGs; an ARG redeclared in a
 * stage without a default takes the global value, so the two form one symbol; ENV inherited from
 * a parent stage (`FROM parent`) binds to the parent's declaration; CMD, ENTRYPOINT and
 * HEALTHCHECK run in the container, where ARGs no longer exist, so they bind to ENV only.
 */
import { DockerfileModel, Instruction } from '../../engine/src/dockerfile/model';
import { Position, Range } from '../../engine/src/dockerfile/text';
import { computeScopes, Scopes } from '../../engine/src/dockerfile/scope';
import { stageGraphOf, StageGraph } from '../../engine/src/dockerfile/stageGraph';
import { bindVariables } from './variableBindings';

/** `image`: a `--from` that names no stage of this file (an image, or a misspelt stage). */
export type SymbolKind = 'variable' | 'stage' | 'heredoc' | 'image';

/**
 * How a rename treats an occurrence: `edit` rewrites it; `keep` leaves it and it stays correct
 * (a stage referenced by index); `block` makes the rename impossible (the name is split by a line
 * continuation, so no single edit can rewrite it).
 */
export type RenameMode = 'edit' | 'keep' | 'block';

export interface Occurrence {
  /** Source offsets of the name [start, end). */
  readonly start: number;
  readonly end: number;
  readonly range: Range;
  readonly declaration: boolean;
  readonly rename: RenameMode;
  readonly symbol: DockerSymbol;
  /** Where "go to definition" leads from here (empty when the name is declared nowhere in the file). */
  readonly definitions: readonly Occurrence[];
}

/** Where a variable's value comes from: what semantic tokens show about it. */
export type VariableOrigin = 'arg' | 'env' | 'builder' | 'image' | 'undeclared' | 'onbuild';

export interface DockerSymbol {
  readonly kind: SymbolKind;
  readonly name: string;
  /** Variables only. */
  origin?: VariableOrigin;
  /** Declarations and uses, in text order once the index is built. */
  readonly occurrences: Occurrence[];
  /** Why the symbol cannot be renamed, when it cannot. */
  refusal?: string;
}

export interface SymbolIndex {
  readonly model: DockerfileModel;
  readonly scopes: Scopes;
  readonly graph: StageGraph;
  /** Every occurrence, sorted by start offset; occurrences never overlap. */
  readonly occurrences: readonly Occurrence[];
  readonly symbols: readonly DockerSymbol[];
}

/** Collects occurrences while the index is built; the binders add to it. */
export class SymbolCollector {
  readonly occurrences: Occurrence[] = [];
  readonly symbols: DockerSymbol[] = [];

  constructor(readonly model: DockerfileModel) {}

  symbol(kind: SymbolKind, name: string, refusal?: string): DockerSymbol {
    const symbol: DockerSymbol = { kind, name, occurrences: [], refusal };
    this.symbols.push(symbol);
    return symbol;
  }

  /** Adds an occurrence at source offsets [start, end); the mode drops to `block` when the text there is not the name. */
  add(symbol: DockerSymbol, start: number, end: number, declaration: boolean, rename: RenameMode, definitions: Occurrence[] = []): Occurrence {
    const written = this.model.text.slice(start, end);
    const mode: RenameMode = rename === 'edit' && written.toLowerCase() !== symbol.name.toLowerCase() ? 'block' : rename;
    const occurrence: Occurrence = { start, end, range: this.model.lines.rangeOf(start, end), declaration, rename: mode, symbol, definitions };
    if (declaration && !definitions.length) definitions.push(occurrence);
    symbol.occurrences.push(occurrence);
    this.occurrences.push(occurrence);
    return occurrence;
  }
}

const indexes = new WeakMap<DockerfileModel, SymbolIndex>();

export function symbolIndex(model: DockerfileModel): SymbolIndex {
  let index = indexes.get(model);
  if (!index) {
    index = buildIndex(model);
    indexes.set(model, index);
  }
  return index;
}

function buildIndex(model: DockerfileModel): SymbolIndex {
  const scopes = computeScopes(model);
  const graph = stageGraphOf(model, scopes);
  const collector = new SymbolCollector(model);
  bindVariables(model, scopes, collector);
  bindStages(model, graph, collector);
  bindHeredocs(model, collector);
  const occurrences = collector.occurrences.sort((a, b) => a.start - b.start);
  for (const symbol of collector.symbols) symbol.occurrences.sort((a, b) => a.start - b.start);
  return { model, scopes, graph, occurrences, symbols: collector.symbols };
}

/** The occurrence under the cursor (a cursor just after a name still counts). */
export function occurrenceAt(model: DockerfileModel, position: Position): Occurrence | undefined {
  return occurrenceAtOffset(model, model.lines.offsetAt(position));
}

export function occurrenceAtOffset(model: DockerfileModel, offset: number): Occurrence | undefined {
  const { occurrences } = symbolIndex(model);
  let low = 0;
  let high = occurrences.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (occurrences[mid].start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0) return undefined;
  const hit = occurrences[found];
  return offset <= hit.end ? hit : undefined;
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

function bindStages(model: DockerfileModel, graph: StageGraph, collector: SymbolCollector): void {
  const symbols = model.stages.map((stage) => (stage.name ? collector.symbol('stage', stage.name.value) : undefined));
  const declarations = model.stages.map((stage, i) => {
    const symbol = symbols[i];
    return symbol && stage.name ? collector.add(symbol, stage.name.start, stage.name.end, true, STAGE_NAME.test(stage.name.value.toLowerCase()) ? 'edit' : 'block') : undefined;
  });
  const images = new Map<string, DockerSymbol>();
  const reference = (stageIndex: number | undefined, start: number, end: number, literal: string) => {
    if (stageIndex === undefined) {
      if (/^[0-9]+$/.test(literal) || !literal) return;
      const key = literal.toLowerCase();
      let image = images.get(key);
      if (!image) {
        image = collector.symbol('image', literal, `${literal} is an image, not a stage of this Dockerfile. Only variables, stage names and heredoc delimiters can be renamed.`);
        images.set(key, image);
      }
      collector.add(image, start, end, false, 'keep');
      return;
    }
    const symbol = symbols[stageIndex];
    const declaration = declarations[stageIndex];
    if (!symbol || !declaration) return;
    const byIndex = /^[0-9]+$/.test(literal);
    collector.add(symbol, start, end, false, byIndex ? 'keep' : 'edit', [declaration]);
  };
  const hasVariable = (instruction: Instruction, start: number, end: number) =>
    instruction.variables.some((v) => {
      const at = model.lines.offsetAt(v.range.start);
      return at >= start && at < end;
    });

  for (const refs of graph.references) {
    for (const ref of refs) {
      if (!ref.flag) {
        const base = model.stages[ref.instruction.stageIndex]?.base;
        if (base && !hasVariable(ref.instruction, base.start, base.end)) reference(ref.stage, base.start, base.end, base.value);
        continue;
      }
      const span = referenceSpan(model, ref.flag.word.start, ref.flag.word.end, ref.flag.name);
      if (span && !hasVariable(ref.instruction, span[0], span[1])) reference(ref.stage, span[0], span[1], model.text.slice(span[0], span[1]));
    }
  }
}

/**
 * Where the stage name sits in `--from=NAME` or `--mount=...,from=NAME,...`, as source offsets;
 * undefined when the flag is written with quotes or escapes (its text then is not the name).
 */
function referenceSpan(model: DockerfileModel, start: number, end: number, flag: string): [number, number] | undefined {
  const text = model.text.slice(start, end);
  if (/["'\\`\n]/.test(text)) return undefined;
  const eq = text.indexOf('=');
  if (eq < 0) return undefined;
  if (flag === 'from') return [start + eq + 1, end];
  let at = eq + 1;
  for (const field of text.slice(eq + 1).split(',')) {
    const fieldEq = field.indexOf('=');
    if (fieldEq > 0 && field.slice(0, fieldEq).trim().toLowerCase() === 'from') {
      const valueStart = start + at + fieldEq + 1;
      return [valueStart, valueStart + field.length - fieldEq - 1];
    }
    at += field.length + 1;
  }
  return undefined;
}

function bindHeredocs(model: DockerfileModel, collector: SymbolCollector): void {
  for (const instruction of model.instructions) {
    for (const doc of instruction.heredocs) {
      const op = doc.operator;
      const prefix = /^\d*<<-?[ \t]*["']?/.exec(op.value)?.[0] ?? '';
      const at = op.value.indexOf(doc.name, prefix.length);
      if (at < 0 || !doc.name) continue;
      const symbol = collector.symbol('heredoc', doc.name);
      const opener = collector.add(symbol, op.start + at, op.start + at + doc.name.length, true, 'edit');
      if (doc.terminatorRange) {
        const end = model.lines.offsetAt(doc.terminatorRange.end);
        collector.add(symbol, end - doc.name.length, end, false, 'edit', [opener]);
      }
    }
  }
}
