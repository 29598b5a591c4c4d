/**
 * Completion of an instruction's positional arguments: FROM's base (earlier stages, `scratch`,
 * local images) and `AS`; COPY/ADD sources from the context and destinations from the WORKDIR
 * chain; WORKDIR itself; HEALTHCHECK's CMD/NONE; SHELL's common shells; STOPSIGNAL's signals;
 * EXPOSE's `/tcp` and `/udp`; LABEL's OCI annotation keys; and, in a stage, the ARGs worth
 * declaring there (global ARGs and the automatic platform ARGs, which a stage only sees once it
 * declares them).
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { InstructionSpec } from '../../../engine/src/dockerfile/instructionSpecs';
import { argDeclarations } from '../../../engine/src/dockerfile/scope';
import { LogicalLine } from '../assist/cursor';
import { scopesOf } from '../assist/variablesAt';
import { workdirsAt } from '../assist/workdirs';
import { makeItem, Request, wordEnd } from './items';
import { cased } from './keywordItems';
import { destinationItems, sourceItems } from './sourcePaths';
import { imageItems, stageItems } from './stageItems';

export interface Positional {
  readonly spec: InstructionSpec;
  readonly line: LogicalLine;
  /** Index of the argument being typed among the positional ones (flags not counted). */
  readonly index: number;
  /** The positional arguments before it. */
  readonly previous: readonly string[];
  /** The stage the instruction is in (for FROM: the stage it starts). */
  readonly stage: number;
  /** The index of the instruction in its stage (instructions before it count for WORKDIR). */
  readonly stageOffset: number | undefined;
  /** Whether a `--from` flag points the sources elsewhere than the build context. */
  readonly fromOther: boolean;
}

export function argumentItems(req: Request, p: Positional): CompletionItem[] {
  const typing = p.line.typing;
  const start = p.line.offsets[typing.start];
  const offsetOf = (i: number) => p.line.offsets[typing.start + i];
  const replaceEnd = wordEnd(req, /\s/);
  switch (p.spec.name) {
    case 'FROM':
      if (p.index === 0) {
        const scratch = makeItem(req, { label: 'scratch', kind: CompletionItemKind.Keyword, start, replaceEnd, text: 'scratch', detail: 'empty base image', sortText: '1scratch' });
        return [...stageItems(req, { current: p.stage, indexes: false, start, replaceEnd }), scratch, ...imageItems(req, start, replaceEnd)];
      }
      if (p.index === 1) {
        const as = cased(req.model, 'AS');
        return [makeItem(req, { label: as, kind: CompletionItemKind.Keyword, start, replaceEnd, text: `${as} \${1:name}`, snippet: true, detail: 'name this stage' })];
      }
      return [];
    case 'COPY': case 'ADD': {
      const items: CompletionItem[] = [];
      // In the JSON form the path starts after `["` or `"`: the quotes stay.
      const pathStart = offsetOf(/^\[?\s*"?/.exec(typing.text)?.[0].length ?? 0);
      if (p.index >= 1 && p.stage >= 0) items.push(...destinationItems(req, workdirsAt(req.model, p.stage, p.stageOffset), pathStart));
      if (!p.fromOther && req.context.contextFiles) items.push(...sourceItems(req, req.context.contextFiles, typing.text, offsetOf));
      return items;
    }
    case 'WORKDIR':
      return p.index === 0 && p.stage >= 0 ? destinationItems(req, workdirsAt(req.model, p.stage, p.stageOffset), offsetOf(typing.text.startsWith('"') ? 1 : 0)) : [];
    case 'HEALTHCHECK':
      if (p.index !== 0) return [];
      return p.spec.forms.map((form, i) => {
        const sub = cased(req.model, form.label.split(' ')[0]);
        return makeItem(req, {
          label: sub,
          kind: CompletionItemKind.Keyword,
          start,
          replaceEnd,
          text: form.snippet.replace(/^(CMD|NONE)/, sub),
          snippet: true,
          detail: typeof form.parts[0] === 'string' ? undefined : form.parts[0].doc,
          sortText: String(i),
        });
      });
    case 'SHELL': case 'STOPSIGNAL':
      // A shell is a whole JSON array: it replaces the rest of the line.
      return p.index === 0 ? exampleItems(req, p.spec, start, p.spec.name === 'SHELL' ? req.offset + req.after.trimEnd().length : replaceEnd) : [];
    case 'EXPOSE':
      return protocolItems(req, typing.text, start, replaceEnd);
    case 'LABEL':
      return typing.text.includes('=') || !p.previous.every((w) => w.includes('=')) ? [] : labelKeyItems(req, p.spec, start);
    case 'ARG':
      return typing.text.includes('=') ? [] : argNameItems(req, p, start, replaceEnd);
    default:
      return [];
  }
}

function exampleItems(req: Request, spec: InstructionSpec, start: number, replaceEnd: number): CompletionItem[] {
  return (spec.argumentExamples ?? []).map((example, i) =>
    makeItem(req, { label: example.value, kind: CompletionItemKind.Value, start, replaceEnd, text: example.value, detail: example.doc, sortText: String(i).padStart(2, '0') }),
  );
}

function protocolItems(req: Request, typed: string, start: number, replaceEnd: number): CompletionItem[] {
  const m = /^(\d+(?:-\d+)?)(\/[a-zA-Z]*)?$/.exec(typed);
  if (!m) return [];
  return ['tcp', 'udp'].map((protocol) =>
    makeItem(req, {
      label: `${m[1]}/${protocol}`,
      kind: CompletionItemKind.Value,
      start,
      replaceEnd,
      text: `${m[1]}/${protocol}`,
      detail: protocol === 'tcp' ? 'TCP (the default when no protocol is given)' : 'UDP',
    }),
  );
}

function labelKeyItems(req: Request, spec: InstructionSpec, start: number): CompletionItem[] {
  const replaceEnd = wordEnd(req, /[\s=]/);
  return (spec.argumentExamples ?? []).map((example, i) =>
    makeItem(req, {
      label: example.value,
      kind: CompletionItemKind.Property,
      start,
      replaceEnd,
      text: `${example.value}="\${1}"`,
      snippet: true,
      detail: example.doc,
      sortText: String(i).padStart(2, '0'),
    }),
  );
}

/** In a stage: global ARGs and automatic platform ARGs not yet declared there. */
function argNameItems(req: Request, p: Positional, start: number, replaceEnd: number): CompletionItem[] {
  if (p.stage < 0 || p.line.instruction?.stageIndex === -1) return [];
  const scopes = scopesOf(req.model);
  const stage = req.model.stages[p.stage];
  const declared = new Set<string>();
  for (const instruction of stage.instructions) {
    if (instruction.name === 'ARG' && instruction !== p.line.instruction) for (const d of argDeclarations(instruction)) declared.add(d.name);
  }
  for (const word of p.previous) declared.add(word.split('=')[0]);
  const items: CompletionItem[] = [];
  for (const def of scopes.global.values()) {
    if (declared.has(def.name)) continue;
    const automatic = def.kind === 'automatic';
    items.push(
      makeItem(req, {
        label: def.name,
        kind: CompletionItemKind.Variable,
        start,
        replaceEnd,
        text: def.name,
        detail: automatic
          ? 'automatic platform ARG: declare it to use it in this stage'
          : `global ARG (line ${(def.instruction?.startLine ?? 0) + 1})${def.value === undefined ? '' : ` = ${def.value}`}: declare it to use it in this stage`,
        sortText: `${automatic ? '1' : '0'}${def.name}`,
      }),
    );
  }
  return items;
}
