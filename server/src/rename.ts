/**
 * Rename for variables, stages and heredoc delimiters. A rename rewrites the declaration and
 * exactly the uses that bind to it; a same-named variable of another stage is left alone. Where a
 * rename would change what the Dockerfile means (a new name that another declaration already
 * owns, a stage name the builder rejects, a delimiter that appears inside its own body), it is
 * refused with the reason, and so is renaming what the file does not declare.
 */
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { DockerfileModel, parseDockerfile } from '../../engine/src/dockerfile/model';
import { Position, Range } from '../../engine/src/dockerfile/text';
import { DockerSymbol, Occurrence, occurrenceAt, symbolIndex } from './symbolReferences';

export interface RenameRefusal {
  readonly error: string;
}

export function isRefusal(value: object): value is RenameRefusal {
  return 'error' in value;
}

const NOTHING = 'Only variables, stage names and heredoc delimiters can be renamed.';

export function prepareRename(model: DockerfileModel, position: Position): { range: Range; placeholder: string } | RenameRefusal {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return { error: notASymbol(model, position) };
  const refusal = symbolRefusal(occurrence);
  if (refusal) return { error: refusal };
  return { range: occurrence.range, placeholder: model.text.slice(occurrence.start, occurrence.end) };
}

export function computeRename(model: DockerfileModel, position: Position, newName: string, uri: string): WorkspaceEdit | RenameRefusal {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return { error: notASymbol(model, position) };
  const refusal = symbolRefusal(occurrence) ?? nameRefusal(model, occurrence.symbol, newName);
  if (refusal) return { error: refusal };
  const edits: TextEdit[] = occurrence.symbol.occurrences.filter((o) => o.rename === 'edit').map((o) => ({ range: o.range, newText: newName }));
  if (occurrence.symbol.kind === 'variable') {
    const changed = changedBinding(model, occurrence.symbol, newName);
    if (changed) return { error: changed };
  }
  return { changes: { [uri]: edits } };
}

function symbolRefusal(occurrence: Occurrence): string | undefined {
  const symbol = occurrence.symbol;
  if (symbol.refusal) return symbol.refusal;
  if (occurrence.rename === 'keep') return `This refers to stage ${symbol.name} by its index; rename the stage at its AS ${symbol.name}.`;
  const split = symbol.occurrences.find((o) => o.rename === 'block');
  if (split) {
    const what = symbol.kind === 'stage' && split.declaration ? `${symbol.name} is not a valid stage name` : `${symbol.name} on line ${split.range.start.line + 1} is not written as one plain word (a line continuation, quotes or an escape)`;
    return `Cannot rename ${symbol.name}: ${what}.`;
  }
  return undefined;
}

function notASymbol(model: DockerfileModel, position: Position): string {
  const offset = model.lines.offsetAt(position);
  const { scopes } = symbolIndex(model);
  for (const stage of model.stages) {
    const base = stage.base;
    if (!base || offset < base.start || offset > base.end || base.value.includes('$')) continue;
    const kind = scopes.stages[stage.index]?.base.kind;
    if (kind === 'scratch') return `scratch is the empty image, not a stage. ${NOTHING}`;
    if (kind === 'image') return `${base.value} is an image, not a stage of this Dockerfile. ${NOTHING}`;
  }
  return NOTHING;
}

const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
const HEREDOC_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Why `newName` cannot replace the symbol's name, if it cannot. */
function nameRefusal(model: DockerfileModel, symbol: DockerSymbol, newName: string): string | undefined {
  if (newName === symbol.name) return undefined;
  switch (symbol.kind) {
    case 'variable':
      if (!VARIABLE_NAME.test(newName)) return `${JSON.stringify(newName)} is not a variable name: use letters, digits and _, not starting with a digit.`;
      return undefined;
    case 'stage': {
      const lower = newName.toLowerCase();
      if (!STAGE_NAME.test(lower)) return `${JSON.stringify(newName)} is not a valid stage name: it must start with a letter and contain only letters, digits, -, _ and .`;
      if (lower === 'scratch' || lower === 'context') return `${newName} is reserved and cannot name a stage.`;
      const taken = model.stages.find((s) => s.name && s.name.value.toLowerCase() === lower && s.name.value.toLowerCase() !== symbol.name.toLowerCase());
      if (taken) return `Stage ${taken.name!.value} on line ${taken.from.startLine + 1} already has this name (stage names are compared without case).`;
      return undefined;
    }
    case 'image':
      return undefined;
    case 'heredoc': {
      if (!HEREDOC_NAME.test(newName)) return `${JSON.stringify(newName)} is not a plain heredoc delimiter: use letters, digits, _, . and -.`;
      const opener = symbol.occurrences.find((o) => o.declaration)!;
      const instruction = model.instructions.find((i) => i.start <= opener.start && opener.start < i.end);
      const doc = instruction?.heredocs.find((h) => h.name === symbol.name && model.lines.offsetAt(h.operator.range.start) <= opener.start && opener.start <= model.lines.offsetAt(h.operator.range.end));
      if (!instruction || !doc) return undefined;
      if (instruction.heredocs.some((h) => h !== doc && h.name === newName)) return `Another heredoc of this instruction is already named ${newName}.`;
      const lines = doc.content.split('\n').map((l) => (doc.chomp ? l.replace(/^\t+/, '') : l).replace(/\r$/, ''));
      if (lines.includes(newName)) return `The body of this heredoc has a line ${newName}, which would end it early.`;
      return undefined;
    }
  }
}

/**
 * Renames in a copy of the text and binds it again: every variable must still read the same
 * declaration, or the rename would change the build. Returns the first change, described.
 */
function changedBinding(model: DockerfileModel, symbol: DockerSymbol, newName: string): string | undefined {
  const edits = symbol.occurrences.filter((o) => o.rename === 'edit');
  let text = '';
  let last = 0;
  for (const o of edits) {
    text += model.text.slice(last, o.start) + newName;
    last = o.end;
  }
  text += model.text.slice(last);
  const shift = (offset: number): number => {
    let delta = 0;
    for (const o of edits) if (o.end <= offset) delta += newName.length - (o.end - o.start);
    return offset + delta;
  };

  const before = symbolIndex(model).occurrences.filter((o) => o.symbol.kind === 'variable');
  const after = new Map(symbolIndex(parseDockerfile(text)).occurrences.filter((o) => o.symbol.kind === 'variable').map((o) => [o.start, o]));
  const forward = new Map<DockerSymbol, DockerSymbol>();
  const backward = new Map<DockerSymbol, DockerSymbol>();
  for (const o of before) {
    const moved = after.get(shift(o.start));
    const describe = () => `Renaming ${symbol.name} to ${newName} would change what ${o.symbol === symbol ? symbol.name : o.symbol.name} on line ${o.range.start.line + 1} refers to.`;
    if (!moved) return describe();
    const definition = o.definitions[0];
    const movedDefinition = moved.definitions[0];
    if ((definition === undefined) !== (movedDefinition === undefined)) return describe();
    if (definition && movedDefinition && shift(definition.start) !== movedDefinition.start) return describe();
    if ((forward.get(o.symbol) ?? moved.symbol) !== moved.symbol || (backward.get(moved.symbol) ?? o.symbol) !== o.symbol) return describe();
    forward.set(o.symbol, moved.symbol);
    backward.set(moved.symbol, o.symbol);
  }
  if (after.size !== before.length) return `Renaming ${symbol.name} to ${newName} would change how the Dockerfile's variables are read.`;
  return undefined;
}
