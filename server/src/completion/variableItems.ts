/**
 * Variables after `$` and `${`: exactly those that get substituted at that place (see
 * assist/variablesAt.ts), each with where it comes from and its value at that line in the detail.
 * `${` completes the closing brace unless one already follows the cursor.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { describeOrigin, VisibleVariable } from '../assist/variablesAt';
import { makeItem, Request, wordEnd } from './items';

/** A `$NAME` or `${NAME` being typed at the end of `text`, unless escaped or in single quotes. */
export interface VariablePrefix {
  /** Index in `text` where the name starts (after `$` or `${`). */
  readonly nameStart: number;
  readonly brace: boolean;
}

export function variablePrefix(text: string, escape: string, from = 0): VariablePrefix | undefined {
  const m = /\$(\{?)([A-Za-z_][A-Za-z0-9_]*)?$/.exec(text);
  if (!m || m.index < from) return undefined;
  // Walk the text to know whether the `$` is escaped or inside single quotes.
  let single = false;
  let double = false;
  for (let i = from; i < m.index; i++) {
    const ch = text[i];
    if (ch === escape && !single) {
      if (i + 1 === m.index) return undefined;
      i++;
    } else if (ch === "'" && !double) single = !single;
    else if (ch === '"' && !single) double = !double;
  }
  if (single) return undefined;
  return { nameStart: m.index + 1 + m[1].length, brace: m[1] === '{' };
}

const RANK: Record<VisibleVariable['kind'], string> = { arg: '0', env: '0', 'global-arg': '0', image: '1', automatic: '2' };

export function variableItems(req: Request, variables: ReadonlyMap<string, VisibleVariable>, start: number, brace: boolean): CompletionItem[] {
  const close = brace && !req.after.startsWith('}') ? '}' : '';
  const replaceEnd = wordEnd(req, /[^A-Za-z0-9_]/);
  const items: CompletionItem[] = [];
  for (const def of variables.values()) {
    const origin = describeOrigin(def);
    // Platform ARGs take the platform of each build; the computed one is only an example.
    const value =
      def.kind === 'automatic' ? (def.value ? `, e.g. ${def.value}` : '') : def.value === undefined ? (def.predefined ? '' : ' (no value)') : ` = ${def.value}`;
    items.push(
      makeItem(req, {
        label: def.name,
        kind: CompletionItemKind.Variable,
        start,
        replaceEnd,
        text: def.name + close,
        filterText: def.name,
        detail: `${origin}${value}`,
        sortText: `${def.predefined ? '3' : RANK[def.kind]}${def.name}`,
      }),
    );
  }
  return items;
}
