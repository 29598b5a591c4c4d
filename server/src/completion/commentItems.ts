/**
 * Completion in comments: parser directives in the comment lines at the top of the file
 * (`syntax=`, `escape=`, `check=` with its options and BuildKit's check names), and the
 * suppression comments above instructions (`# check=skip=`, `# hadolint ignore=`,
 * `# berth ignore=`) with the ids of the rules each dialect can name. Rule ids come from the lint
 * rule registry, so a new rule is offered as soon as it exists.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { DockerfileModel } from '../../../engine/src/dockerfile/model';
import { CHECK_OPTION_SPECS, DIRECTIVE_SPECS, directiveSpec } from '../../../engine/src/dockerfile/directiveSpecs';
import { RuleWithOptions } from '../../../engine/src/dockerfile/lint/lint';
import { makeItem, Request, wordEnd } from './items';

export interface CommentPlace {
  readonly line: number;
  /** Source offset of the `#`. */
  readonly hash: number;
  readonly inInstruction: boolean;
}

export function commentItems(req: Request, place: CommentPlace): CompletionItem[] {
  const model = req.model;
  const text = model.text.slice(place.hash + 1, req.offset);
  const at = (i: number) => place.hash + 1 + i;
  if (!place.inInstruction && inDirectiveRegion(model, place.line)) return directiveItems(req, text, at);
  if (place.inInstruction) return [];
  const check = /^\s*check\s*=\s*/i.exec(text);
  if (check) return checkItems(req, text.slice(check[0].length), at(check[0].length));
  const hadolint = /^\s*hadolint\s+(global\s+)?ignore\s*=\s*/.exec(text);
  if (hadolint) return ruleListItems(req, text.slice(hadolint[0].length), at(hadolint[0].length), (r) => r.category === 'hadolint');
  const berth = /^\s*berth\s+ignore\s*=\s*/.exec(text);
  if (berth) return ruleListItems(req, text.slice(berth[0].length), at(berth[0].length), () => true);
  const word = /^\s*([a-z]*)$/i.exec(text);
  // Typing a space in an ordinary comment should not pop up pragmas.
  if (!word || (word[1] === '' && req.context.triggerCharacter === ' ')) return [];
  const start = at(text.length - word[1].length);
  const replaceEnd = wordEnd(req, /[^A-Za-z]/);
  const pragmas: [string, string][] = [
    ['check=skip=', 'skip BuildKit checks for the next instruction'],
    ['hadolint ignore=', 'ignore hadolint rules for the next instruction'],
    ['berth ignore=', 'ignore any Berth rule for the next instruction'],
  ];
  return pragmas.map(([label, detail], i) =>
    makeItem(req, { label, kind: CompletionItemKind.Keyword, start, replaceEnd, text: label, detail, sortText: String(i), retrigger: true }),
  );
}

/** Directives are read only while every line above is a directive. */
function inDirectiveRegion(model: DockerfileModel, line: number): boolean {
  const lines = new Set(model.directives.map((d) => d.line));
  for (let l = 0; l < line; l++) if (!lines.has(l)) return false;
  return true;
}

function directiveItems(req: Request, text: string, at: (i: number) => number): CompletionItem[] {
  const named = /^\s*([A-Za-z]+)\s*=\s*/.exec(text);
  if (named) {
    const spec = directiveSpec(named[1]);
    const valueAt = named[0].length;
    if (!spec) return [];
    if (spec.name === 'check') return checkItems(req, text.slice(valueAt), at(valueAt));
    const replaceEnd = wordEnd(req, /\s/);
    return spec.values.map((v, i) =>
      makeItem(req, { label: v.value, kind: CompletionItemKind.Value, start: at(valueAt), replaceEnd, text: v.value, detail: v.doc, sortText: String(i), data: { doc: 'directive', name: spec.name } }),
    );
  }
  const word = /^\s*([A-Za-z]*)$/.exec(text);
  if (!word) return [];
  const cursorLine = req.model.lines.positionAt(req.offset).line;
  const used = new Set(req.model.directives.filter((d) => d.line !== cursorLine).map((d) => d.name));
  const start = at(text.length - word[1].length);
  const replaceEnd = wordEnd(req, /[^A-Za-z]/);
  return DIRECTIVE_SPECS.filter((d) => !used.has(d.name)).map((d, i) =>
    makeItem(req, {
      label: d.name,
      kind: CompletionItemKind.Keyword,
      start,
      replaceEnd,
      text: `${d.name}=`,
      labelDetail: `=${d.valueHint}`,
      detail: d.summary,
      sortText: String(i),
      retrigger: true,
      data: { doc: 'directive', name: d.name },
    }),
  );
}

/** `skip=A,B;error=true;experimental=C`, completed where the cursor is. */
function checkItems(req: Request, text: string, base: number): CompletionItem[] {
  const at = (i: number) => base + i;
  const partStart = text.lastIndexOf(';') + 1;
  const part = text.slice(partStart);
  const eq = part.indexOf('=');
  if (eq < 0) {
    const used = new Set(text.slice(0, partStart).split(';').map((p) => p.split('=')[0].trim().toLowerCase()));
    const replaceEnd = wordEnd(req, /[^A-Za-z]/);
    return CHECK_OPTION_SPECS.filter((o) => !used.has(o.name)).map((o, i) =>
      makeItem(req, {
        label: o.name,
        kind: CompletionItemKind.Property,
        start: at(partStart + (part.length - part.trimStart().length)),
        replaceEnd,
        text: `${o.name}=`,
        labelDetail: `=${o.valueHint}`,
        detail: o.doc,
        sortText: String(i),
        retrigger: true,
        data: { doc: 'checkOption', name: o.name },
      }),
    );
  }
  const key = part.slice(0, eq).trim().toLowerCase();
  const valueAt = partStart + eq + 1;
  if (key === 'error') {
    const replaceEnd = wordEnd(req, /[\s;]/);
    return ['true', 'false'].map((v) => makeItem(req, { label: v, kind: CompletionItemKind.Value, start: at(valueAt), replaceEnd, text: v, detail: v === 'true' ? 'check failures fail the build' : 'check failures are warnings' }));
  }
  if (key === 'skip') return ruleListItems(req, text.slice(valueAt), at(valueAt), (r) => r.category === 'buildkit', true);
  if (key === 'experimental') return ruleListItems(req, text.slice(valueAt), at(valueAt), (r) => r.category === 'buildkit' && r.experimental === true, true);
  return [];
}

/** A comma-separated list of rule ids; ids already listed are not offered again. */
function ruleListItems(req: Request, text: string, at: number, keep: (rule: RuleWithOptions) => boolean, all = false): CompletionItem[] {
  const idStart = text.lastIndexOf(',') + 1;
  const listed = new Set(text.slice(0, idStart).split(',').map((s) => s.trim()));
  const start = at + idStart + (text.slice(idStart).length - text.slice(idStart).trimStart().length);
  const replaceEnd = wordEnd(req, /[\s,;]/);
  const items: CompletionItem[] = [];
  if (all && !listed.has('all')) {
    items.push(makeItem(req, { label: 'all', kind: CompletionItemKind.Keyword, start, replaceEnd, text: 'all', detail: 'every check', sortText: '0' }));
  }
  for (const rule of req.rules) {
    if (!keep(rule) || listed.has(rule.id)) continue;
    items.push(
      makeItem(req, {
        label: rule.id,
        kind: CompletionItemKind.EnumMember,
        start,
        replaceEnd,
        text: rule.id,
        detail: rule.description,
        sortText: `1${rule.id}`,
        data: { doc: 'rule', id: rule.id },
      }),
    );
  }
  return items;
}
