/**
 * Document symbols: the outline of a Dockerfile. Parser directives and global ARGs at the top,
 * then one symbol per stage holding its instructions; ARG, ENV and LABEL hold the names they
 * declare, ONBUILD holds its trigger. Names carry a short summary of the arguments so the outline
 * can be searched by what an instruction does, not just by its keyword. Clients without
 * hierarchical symbols get the same tree flattened, each entry naming its container.
 */
import type { DocumentSymbol, SymbolInformation, SymbolKind, SymbolTag } from 'vscode-languageserver';
import { DockerfileModel, Instruction, Stage } from '../../engine/src/dockerfile/model';
import { Range } from '../../engine/src/dockerfile/text';
import { argDeclarations } from '../../engine/src/dockerfile/scope';
import { keyValuePairs } from '../../engine/src/dockerfile/keyValues';

// SymbolKind values (LSP numbers), named for what they stand for here.
const FILE: SymbolKind = 1;
const MODULE: SymbolKind = 2;
const PACKAGE: SymbolKind = 4;
const METHOD: SymbolKind = 6;
const PROPERTY: SymbolKind = 7;
const INTERFACE: SymbolKind = 11;
const FUNCTION: SymbolKind = 12;
const VARIABLE: SymbolKind = 13;
const STRING: SymbolKind = 15;
const KEY: SymbolKind = 20;
const EVENT: SymbolKind = 24;
const DEPRECATED: SymbolTag = 1;

const KINDS: Record<string, SymbolKind> = {
  ADD: FILE,
  ARG: VARIABLE,
  CMD: METHOD,
  COPY: FILE,
  ENTRYPOINT: METHOD,
  ENV: VARIABLE,
  EXPOSE: INTERFACE,
  HEALTHCHECK: METHOD,
  LABEL: PROPERTY,
  MAINTAINER: STRING,
  ONBUILD: EVENT,
  RUN: FUNCTION,
  SHELL: METHOD,
  STOPSIGNAL: EVENT,
  USER: KEY,
  VOLUME: PACKAGE,
  WORKDIR: PACKAGE,
};

const SUMMARY_LENGTH = 60;

/** The argument text on one line, shortened for an outline. */
function summary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SUMMARY_LENGTH ? flat.slice(0, SUMMARY_LENGTH - 1) + '…' : flat;
}

export function computeDocumentSymbols(model: DockerfileModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = model.directives.map((d) => ({
    name: d.name,
    detail: d.value,
    kind: PROPERTY,
    range: d.range,
    selectionRange: d.nameRange,
  }));
  for (const arg of model.globalArgs) symbols.push(instructionSymbol(arg));
  for (const stage of model.stages) symbols.push(stageSymbol(stage));
  // Instructions before the first FROM other than ARG are errors, but still belong in the outline.
  for (const instruction of model.instructions) if (instruction.stageIndex < 0 && instruction.name !== 'ARG') symbols.push(instructionSymbol(instruction));
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function stageSymbol(stage: Stage): DocumentSymbol {
  const from = `FROM ${summary(stage.from.rest.value)}`;
  return {
    name: stage.name ? stage.name.value : from,
    detail: stage.name ? from : `stage ${stage.index}`,
    kind: MODULE,
    range: stage.range,
    selectionRange: stage.name ? stage.name.range : stage.from.keyword.range,
    children: stage.instructions.map(instructionSymbol),
  };
}

/** The instruction after its keyword: flags and arguments, continuation lines joined. */
function argumentsText(instruction: Instruction): string {
  return [...instruction.flags.map((f) => f.word.value), instruction.rest.value].join(' ');
}

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  const symbol: DocumentSymbol = {
    // An instruction can be empty (a lone escape line); editors reject symbols without a name.
    name: `${instruction.name} ${summary(argumentsText(instruction))}`.trim() || '(empty)',
    kind: KINDS[instruction.name] ?? FUNCTION,
    range: instruction.range,
    selectionRange: instruction.keyword.range,
  };
  if (instruction.name === 'MAINTAINER') {
    symbol.tags = [DEPRECATED];
    symbol.deprecated = true;
  }
  const children = childSymbols(instruction);
  if (children.length) symbol.children = children;
  return symbol;
}

function childSymbols(instruction: Instruction): DocumentSymbol[] {
  const span = (start: Range, end: Range): Range => ({ start: start.start, end: end.end });
  switch (instruction.name) {
    case 'ARG':
      return argDeclarations(instruction).map((d) => ({
        name: d.name || '(no name)',
        detail: d.defaultValue === undefined ? 'ARG' : `ARG = ${summary(d.defaultValue)}`,
        kind: VARIABLE,
        range: span(d.nameWord.range, (d.defaultWord ?? d.nameWord).range),
        selectionRange: d.nameWord.range,
      }));
    case 'ENV':
    case 'LABEL':
      return keyValuePairs(instruction).map((p) => ({
        name: p.key.value || '(no name)',
        detail: `${instruction.name} = ${summary(p.value.value)}`,
        kind: instruction.name === 'ENV' ? VARIABLE : PROPERTY,
        range: span(p.key.range, p.value.range),
        selectionRange: p.key.range,
      }));
    case 'ONBUILD':
      return instruction.trigger ? [instructionSymbol(instruction.trigger)] : [];
    default:
      return [];
  }
}

/** The same outline as flat SymbolInformation, for clients without hierarchical symbols. */
export function computeSymbolInformation(model: DockerfileModel, uri: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const walk = (symbols: readonly DocumentSymbol[], container: string | undefined) => {
    for (const s of symbols) {
      const info: SymbolInformation = { name: s.name, kind: s.kind, location: { uri, range: s.range } };
      if (container !== undefined) info.containerName = container;
      if (s.tags) info.tags = s.tags;
      if (s.deprecated) info.deprecated = true;
      out.push(info);
      if (s.children) walk(s.children, s.name);
    }
  };
  walk(computeDocumentSymbols(model), undefined);
  return out;
}
