/**
 * The semantic tokens of one instruction (semanticTokens.ts cuts them into lines). Variables are
 * painted first and leave holes the other tokens go around, so `"$HOME/bin"` is a string with a
 * variable in it. Modifiers say where a variable's value comes from: ARGs are readonly, what the
 * builder or the base image sets is defaultLibrary.
 */
import { DockerfileModel, Instruction, restText } from '../../engine/src/dockerfile/model';
import { argDeclarations } from '../../engine/src/dockerfile/scope';
import { keyValuePairs } from '../../engine/src/dockerfile/keyValues';
import { occurrenceAtOffset, symbolIndex, VariableOrigin } from './symbolReferences';
import { builderVariableRefusal } from './variableBindings';
import type { TokenModifier, TokenSink } from './semanticTokens';

type Holes = readonly (readonly [number, number])[];

const ORIGIN_MODIFIERS: Record<VariableOrigin, readonly TokenModifier[]> = {
  arg: ['readonly'],
  env: [],
  builder: ['readonly', 'defaultLibrary'],
  image: ['defaultLibrary'],
  undeclared: [],
  onbuild: [],
};

export function instructionTokens(model: DockerfileModel, instruction: Instruction, sink: TokenSink): void {
  const lines = model.lines;
  const holes: [number, number][] = [];
  for (const use of instruction.variables) {
    const start = lines.offsetAt(use.range.start);
    const end = lines.offsetAt(use.range.end);
    const nameEnd = lines.offsetAt(use.nameRange.end);
    const origin = occurrenceAtOffset(model, lines.offsetAt(use.nameRange.start))?.symbol.origin ?? 'undeclared';
    const modifiers = variableModifiers(origin, use.name);
    sink.add(start, nameEnd, 'variable', modifiers);
    if (use.modifier) sink.add(nameEnd, nameEnd + use.modifier.length, 'operator');
    if (model.text[start + 1] === '{' && model.text[end - 1] === '}') sink.add(end - 1, end, 'variable', modifiers);
    const last = holes[holes.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else holes.push([start, end]);
  }
  for (const doc of instruction.heredocs) {
    const op = doc.operator;
    const prefix = /^\d*<<-?/.exec(op.value)?.[0] ?? '';
    sink.add(op.start, op.start + prefix.length, 'operator');
    const at = op.value.indexOf(doc.name, prefix.length);
    if (at >= 0 && doc.name) sink.add(op.start + at, op.start + at + doc.name.length, 'label');
    if (doc.terminatorRange) {
      const end = lines.offsetAt(doc.terminatorRange.end);
      sink.add(end - doc.name.length, end, 'label');
    }
    insertHole(holes, op.start, op.end);
  }
  paint(model, instruction, sink, holes);
  continuationEscapes(model, instruction, sink);
}

export function variableModifiers(origin: VariableOrigin, name: string): readonly TokenModifier[] {
  if (origin === 'arg' && builderVariableRefusal(name)) return ORIGIN_MODIFIERS.builder;
  return ORIGIN_MODIFIERS[origin];
}

function insertHole(holes: [number, number][], start: number, end: number): void {
  holes.push([start, end]);
  holes.sort((a, b) => a[0] - b[0]);
}

/** Keyword, flags and arguments of an instruction (and of an ONBUILD trigger). */
function paint(model: DockerfileModel, instruction: Instruction, sink: TokenSink, holes: Holes): void {
  const text = model.text;
  sink.add(instruction.keyword.start, instruction.keyword.end, 'keyword', instruction.name === 'MAINTAINER' ? ['deprecated'] : []);
  for (const flag of instruction.flags) {
    const word = flag.word;
    if (text.slice(word.start, word.start + 2) !== '--') continue;
    const nameEnd = word.start + 2 + flag.name.length;
    sink.add(word.start, nameEnd, 'parameter');
    if (flag.value === undefined || text[nameEnd] !== '=') continue;
    sink.add(nameEnd, nameEnd + 1, 'operator');
    if (flag.name === 'mount' && !/["'\n]/.test(text.slice(nameEnd, word.end))) mountOptions(model, nameEnd + 1, word.end, sink, holes);
    else sink.addAround(nameEnd + 1, word.end, flag.name === 'from' ? referenceType(model, nameEnd + 1) : 'string', holes);
  }
  if (instruction.trigger) {
    paint(model, instruction.trigger, sink, holes);
    return;
  }
  switch (instruction.name) {
    case 'FROM':
      return fromTokens(model, instruction, sink, holes);
    case 'ARG':
      for (const decl of argDeclarations(instruction)) {
        const builder = builderVariableRefusal(decl.name) !== undefined;
        sink.add(decl.nameWord.start, decl.nameWord.end, 'variable', builder ? ['declaration', 'readonly', 'defaultLibrary'] : ['declaration', 'readonly']);
        if (decl.defaultWord) {
          sink.add(decl.nameWord.end, decl.nameWord.end + 1, 'operator');
          sink.addAround(decl.defaultWord.start, decl.defaultWord.end, 'string', holes);
        }
      }
      return;
    case 'ENV':
    case 'LABEL':
      for (const pair of keyValuePairs(instruction)) {
        sink.add(pair.key.start, pair.key.end, instruction.name === 'ENV' ? 'variable' : 'property', ['declaration']);
        if (!pair.legacy && text[pair.key.end] === '=') sink.add(pair.key.end, pair.key.end + 1, 'operator');
        sink.addAround(pair.value.start, pair.value.end, 'string', holes);
      }
      return;
    case 'EXPOSE':
      for (const arg of instruction.args) {
        const m = /^(\d+)(?:(-)(\d+))?(?:(\/)([A-Za-z]+))?$/.exec(text.slice(arg.start, arg.end));
        if (!m) continue;
        let at = arg.start;
        const part = (value: string | undefined, type: 'number' | 'operator' | 'enumMember') => {
          if (value === undefined) return;
          sink.add(at, at + value.length, type);
          at += value.length;
        };
        part(m[1], 'number');
        part(m[2], 'operator');
        part(m[3], 'number');
        part(m[4], 'operator');
        part(m[5], 'enumMember');
      }
      return;
    case 'HEALTHCHECK': {
      const type = instruction.args[0];
      if (!type) return;
      sink.add(type.start, type.end, 'keyword');
      return commandTokens(instruction, sink, holes, type.end);
    }
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return commandTokens(instruction, sink, holes, instruction.rest.start);
    case 'COPY':
    case 'ADD':
    case 'VOLUME':
      if (instruction.json) for (const item of instruction.args) sink.addAround(item.start, item.end, 'string', holes);
      return;
  }
}

function isStageReference(model: DockerfileModel, offset: number): boolean {
  const hit = occurrenceAtOffset(model, offset);
  return hit !== undefined && hit.symbol.kind === 'stage' && hit.start === offset;
}

/** A `--from` value: a stage of this file, an image, or (by index, through a variable) plain text. */
function referenceType(model: DockerfileModel, offset: number): 'namespace' | 'class' | 'string' {
  const hit = occurrenceAtOffset(model, offset);
  if (!hit || hit.start !== offset) return 'string';
  return hit.symbol.kind === 'stage' ? 'namespace' : hit.symbol.kind === 'image' ? 'class' : 'string';
}

function fromTokens(model: DockerfileModel, instruction: Instruction, sink: TokenSink, holes: Holes): void {
  const [base, as, name] = instruction.args;
  if (base) {
    const resolved = symbolIndex(model).scopes.stages[instruction.stageIndex]?.base;
    if (isStageReference(model, base.start)) sink.add(base.start, base.end, 'namespace');
    else if (resolved?.kind === 'scratch' && !holes.length) sink.add(base.start, base.end, 'class', ['defaultLibrary']);
    else imageTokens(model, base.start, base.end, sink, holes);
  }
  if (as && name && as.value.toLowerCase() === 'as') {
    sink.add(as.start, as.end, 'keyword');
    sink.add(name.start, name.end, 'namespace', ['declaration']);
  }
}

/** `registry/name:tag@digest`: the name is a class, the tag and digest properties. */
function imageTokens(model: DockerfileModel, start: number, end: number, sink: TokenSink, holes: Holes): void {
  const value = model.text.slice(start, end);
  const at = value.indexOf('@');
  const name = at < 0 ? value : value.slice(0, at);
  const colon = name.lastIndexOf(':');
  const nameEnd = colon > name.lastIndexOf('/') ? colon : name.length;
  sink.addAround(start, start + nameEnd, 'class', holes);
  if (nameEnd < name.length) {
    sink.addAround(start + nameEnd, start + nameEnd + 1, 'operator', holes);
    sink.addAround(start + nameEnd + 1, start + name.length, 'property', holes);
  }
  if (at >= 0) {
    sink.addAround(start + at, start + at + 1, 'operator', holes);
    sink.addAround(start + at + 1, end, 'property', holes);
  }
}

/** `--mount=type=cache,target=/root/.cache,from=build`: option names, values, separators. */
function mountOptions(model: DockerfileModel, start: number, end: number, sink: TokenSink, holes: Holes): void {
  let at = start;
  for (const field of model.text.slice(start, end).split(',')) {
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    sink.addAround(at, at + key.length, 'property', holes);
    if (eq >= 0) {
      sink.add(at + eq, at + eq + 1, 'operator');
      const valueStart = at + eq + 1;
      sink.addAround(valueStart, at + field.length, key.trim().toLowerCase() === 'from' ? referenceType(model, valueStart) : 'string', holes);
    }
    at += field.length;
    if (at < end) sink.add(at, at + 1, 'operator');
    at++;
  }
}

/** Exec form: each JSON string. Shell form: the quoted parts of the command. */
function commandTokens(instruction: Instruction, sink: TokenSink, holes: Holes, from: number): void {
  if (instruction.json) {
    for (const item of instruction.args) if (item.start >= from) sink.addAround(item.start, item.end, 'string', holes);
    return;
  }
  const mapped = restText(instruction);
  const text = mapped.text;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch !== '"' && ch !== "'") continue;
    let close = i + 1;
    while (close < text.length && text[close] !== ch) close += ch === '"' && text[close] === '\\' ? 2 : 1;
    const [start, end] = mapped.sourceSpan(i, Math.min(close + 1, text.length));
    if (start >= from) sink.addAround(start, end, 'string', holes);
    i = close;
  }
}

/** The escape token that continues a line, outside heredoc bodies and comment lines. */
function continuationEscapes(model: DockerfileModel, instruction: Instruction, sink: TokenSink): void {
  const lines = model.lines;
  const last = instruction.heredocs.length ? lines.positionAt(lines.offsetAt(instruction.heredocs[0].bodyRange.start) - 1).line : instruction.endLine;
  for (let line = instruction.startLine; line < last; line++) {
    const text = lines.lineText(line);
    const end = text.trimEnd().length;
    if (end > 0 && text[end - 1] === model.escapeToken && text[end - 2] !== model.escapeToken && !text.trimStart().startsWith('#')) {
      const at = lines.lineStart(line) + end - 1;
      sink.add(at, at + 1, 'operator');
    }
  }
}
