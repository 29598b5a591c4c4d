/**
 * Completion inside `RUN --mount=`: the value is comma-separated `key=value` fields, and which
 * keys are valid depends on the `type` field (bind unless given). At a new field: `type=` first
 * when no type is given yet, then the keys of that type not used yet; after `key=`: that key's
 * values (mount types, sharing modes, booleans, cache directories, earlier stages for `from`).
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { MountKeySpec, RUN_MOUNT_SPEC, mountKeySpec, mountTypeSpec } from '../../../engine/src/dockerfile/runMountSpecs';
import { FlagValue } from './flagItems';
import { makeItem, Request, wordEnd } from './items';
import { imageItems, stageItems } from './stageItems';

export function mountItems(req: Request, value: FlagValue): CompletionItem[] {
  const fieldStart = value.typed.lastIndexOf(',') + 1;
  const previous = value.typed.slice(0, Math.max(0, fieldStart - 1)).split(',').filter(Boolean);
  const field = value.typed.slice(fieldStart);
  let type: string | undefined;
  const used = new Set<string>();
  for (const f of previous) {
    const eq = f.indexOf('=');
    const key = (eq < 0 ? f : f.slice(0, eq)).trim().toLowerCase();
    if (key === 'type' && eq >= 0) type = f.slice(eq + 1).trim().toLowerCase();
    else used.add(key);
  }
  const effectiveType = type ?? 'bind';
  const eq = field.indexOf('=');
  if (eq >= 0) {
    const key = field.slice(0, eq).trim();
    const spec = mountKeySpec(effectiveType, key);
    return spec ? valueItems(req, value, spec, effectiveType, value.offsetOf(fieldStart + eq + 1)) : [];
  }
  const start = value.offsetOf(fieldStart);
  const replaceEnd = wordEnd(req, /[\s,=]/);
  const items: CompletionItem[] = [];
  if (type === undefined) {
    items.push(
      makeItem(req, {
        label: 'type',
        kind: CompletionItemKind.Property,
        start,
        replaceEnd,
        text: 'type=',
        labelDetail: '=<bind|cache|tmpfs|secret|ssh>',
        sortText: '0',
        preselect: true,
        retrigger: true,
        data: { doc: 'mountKey', type: effectiveType, key: 'type' },
      }),
    );
  }
  const keys = mountTypeSpec(effectiveType)?.keys ?? [];
  keys.forEach((key, i) => {
    if (used.has(key.name) || key.aliases.some((a) => used.has(a))) return;
    const hasValues = key.values !== undefined || key.examples !== undefined || key.name === 'from';
    items.push(
      makeItem(req, {
        label: key.name,
        kind: CompletionItemKind.Property,
        start,
        replaceEnd,
        text: key.bare ? key.name : key.valueHint && !hasValues ? `${key.name}=\${1:${key.valueHint.replace(/[<>]/g, '')}}` : `${key.name}=`,
        snippet: !key.bare && !hasValues && key.valueHint !== undefined,
        labelDetail: key.bare ? undefined : `=${key.valueHint ?? (key.values ? `<${key.values.map((v) => v.value).join('|')}>` : '<value>')}`,
        sortText: `1${String(i).padStart(2, '0')}`,
        retrigger: !key.bare && hasValues,
        data: { doc: 'mountKey', type: effectiveType, key: key.name },
      }),
    );
  });
  return items;
}

function valueItems(req: Request, value: FlagValue, key: MountKeySpec, type: string, start: number): CompletionItem[] {
  const replaceEnd = wordEnd(req, /[\s,]/);
  if (key.name === 'from') {
    const choice = { current: value.stage, indexes: true, start, replaceEnd };
    return [...stageItems(req, choice), ...imageItems(req, start, replaceEnd)];
  }
  const choices = [...(key.values ?? []), ...(key.examples ?? [])];
  return choices.map((choice, i) =>
    makeItem(req, {
      label: choice.value,
      kind: key.values ? CompletionItemKind.EnumMember : CompletionItemKind.Value,
      start,
      replaceEnd,
      text: choice.value,
      detail: choice.doc,
      sortText: String(i).padStart(2, '0'),
      data: key === RUN_MOUNT_SPEC.typeKey ? { doc: 'mountType', type: choice.value } : { doc: 'mountKey', type, key: key.name },
    }),
  );
}
