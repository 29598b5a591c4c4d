/**
 * Flags after `-`/`--` in an instruction's flag position, and their values after `=`: the
 * allowed values of enumerations (`--network`, `--security`, booleans), typical values
 * (durations, modes, platforms with `$BUILDPLATFORM`), earlier stages and local images for
 * `COPY --from`, and the options of `RUN --mount`. Flags already given are not offered again
 * unless they repeat (`--mount`, `--exclude`, `--device`).
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { FlagSpec, InstructionSpec } from '../../../engine/src/dockerfile/instructionSpecs';
import { makeItem, Request, snippetText } from './items';
import { mountItems } from './mountItems';
import { sourceItems } from './sourcePaths';
import { imageItems, stageItems } from './stageItems';

export function flagNameItems(req: Request, spec: InstructionSpec, start: number, replaceEnd: number, used: ReadonlySet<string>, rank = '0'): CompletionItem[] {
  const items: CompletionItem[] = [];
  spec.flags.forEach((flag, i) => {
    if (used.has(flag.name) && flag.type !== 'strings') return;
    const withValues = hasValueCompletion(spec, flag);
    const placeholder = (flag.valueHint ?? 'value').replace(/[<>[\]]/g, '');
    const text = flag.type === 'bool' ? `--${flag.name}` : withValues ? `--${flag.name}=` : `--${flag.name}=\${1:${snippetText(placeholder)}}`;
    items.push(
      makeItem(req, {
        label: `--${flag.name}`,
        kind: CompletionItemKind.Property,
        start,
        replaceEnd,
        text,
        snippet: flag.type !== 'bool' && !withValues,
        labelDetail: flag.type === 'bool' ? undefined : `=${flag.valueHint ?? '<value>'}`,
        detail: flag.labs ? 'labs: needs # syntax=docker/dockerfile:1-labs' : undefined,
        sortText: `${rank}${flag.labs ? '9' : '0'}${String(i).padStart(2, '0')}`,
        data: { doc: 'flag', instruction: spec.name, flag: flag.name },
        retrigger: withValues,
      }),
    );
  });
  return items;
}

function hasValueCompletion(spec: InstructionSpec, flag: FlagSpec): boolean {
  return flag.values !== undefined || flag.examples !== undefined || (spec.name === 'COPY' && flag.name === 'from') || flag.name === 'exclude';
}

export interface FlagValue {
  readonly spec: InstructionSpec;
  readonly flag: FlagSpec;
  /** The value typed so far (after `=`, up to the cursor). */
  readonly typed: string;
  /** Source offset of the value's i-th character (i = typed.length is the cursor). */
  offsetOf(index: number): number;
  /** The stage the instruction is in. */
  readonly stage: number;
  readonly replaceEnd: number;
}

export function flagValueItems(req: Request, value: FlagValue): CompletionItem[] {
  const { spec, flag } = value;
  const start = value.offsetOf(0);
  if (spec.name === 'RUN' && flag.name === 'mount') return mountItems(req, value);
  if (flag.name === 'exclude') {
    const files = req.context.contextFiles;
    return files ? sourceItems(req, files, value.typed, value.offsetOf) : [];
  }
  if (spec.name === 'COPY' && flag.name === 'from') {
    const choice = { current: value.stage, indexes: true, start, replaceEnd: value.replaceEnd };
    return [...stageItems(req, choice), ...imageItems(req, start, value.replaceEnd)];
  }
  const items: CompletionItem[] = [];
  const choices = [...(flag.values ?? []), ...(flag.examples ?? [])];
  choices.forEach((choice, i) =>
    items.push(
      makeItem(req, {
        label: choice.value,
        kind: flag.values ? CompletionItemKind.EnumMember : CompletionItemKind.Value,
        start,
        replaceEnd: value.replaceEnd,
        text: choice.value,
        detail: choice.doc,
        sortText: String(i).padStart(2, '0'),
        data: { doc: 'flagValue', instruction: spec.name, flag: flag.name, value: choice.value },
      }),
    ),
  );
  return items;
}
