/**
 * Instruction keywords, as snippets with placeholders for each argument form, at the start of an
 * instruction and after ONBUILD. Keywords follow the casing most of the file's instructions use.
 * Before the first FROM only FROM and ARG can stand, so only they are offered (FROM first); after
 * ONBUILD the instructions BuildKit refuses as triggers are left out. When the keyword being
 * edited already has arguments after it, only the keyword is replaced.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { DockerfileModel } from '../../../engine/src/dockerfile/model';
import { INSTRUCTION_SPECS } from '../../../engine/src/dockerfile/instructionSpecs';
import { LogicalLine } from '../assist/cursor';
import { makeItem, Request, wordEnd } from './items';

export type KeywordCase = 'upper' | 'lower';

const caseCache = new WeakMap<DockerfileModel, KeywordCase>();

/** The casing most instruction keywords in the file are written in (upper when tied). */
export function keywordCase(model: DockerfileModel): KeywordCase {
  let cached = caseCache.get(model);
  if (!cached) {
    let upper = 0;
    let lower = 0;
    for (const instruction of model.instructions) {
      const word = instruction.keyword.value;
      if (word === word.toUpperCase()) upper++;
      else if (word === word.toLowerCase()) lower++;
    }
    cached = lower > upper ? 'lower' : 'upper';
    caseCache.set(model, cached);
  }
  return cached;
}

export function cased(model: DockerfileModel, keyword: string): string {
  return keywordCase(model) === 'lower' ? keyword.toLowerCase() : keyword.toUpperCase();
}

export function keywordItems(req: Request, line: LogicalLine, onbuild: boolean): CompletionItem[] {
  const typing = line.typing;
  if (!/^[A-Za-z]*$/.test(typing.text)) return [];
  const model = req.model;
  const cursorLine = model.lines.positionAt(req.offset).line;
  const firstFrom = model.stages[0]?.from;
  const beforeFrom = !onbuild && (!firstFrom || cursorLine <= firstFrom.startLine);
  const instruction = line.instruction;
  const keywordOnly = line.after.trim() !== '' || (instruction !== undefined && instruction.endLine > cursorLine);
  const start = line.offsets[typing.start];
  const replaceEnd = wordEnd(req, /[^A-Za-z]/);
  const items: CompletionItem[] = [];
  for (const spec of INSTRUCTION_SPECS) {
    if (onbuild && !spec.triggerAllowed) continue;
    if (beforeFrom && spec.name !== 'FROM' && spec.name !== 'ARG') continue;
    const keyword = cased(model, spec.name);
    const rank = beforeFrom && spec.name === 'FROM' ? '0' : '1';
    const common = {
      label: keyword,
      kind: CompletionItemKind.Keyword,
      start,
      replaceEnd,
      filterText: keyword,
      data: { doc: 'instruction', name: spec.name } as const,
      deprecated: spec.deprecated !== undefined,
      preselect: rank === '0',
    };
    if (keywordOnly || !req.client.snippets) {
      items.push(makeItem(req, { ...common, text: keyword, sortText: `${rank}${spec.name}` }));
      continue;
    }
    spec.forms.forEach((form, i) => {
      items.push(
        makeItem(req, {
          ...common,
          text: `${keyword} ${casedSnippet(model, form.snippet)}`,
          snippet: true,
          labelDetail: ` ${form.label}`,
          sortText: `${rank}${spec.name}${i}`,
          preselect: rank === '0' && i === 0,
        }),
      );
    });
  }
  return items;
}

/** Keywords inside a snippet (HEALTHCHECK's CMD and NONE, FROM's AS) follow the file's casing too. */
function casedSnippet(model: DockerfileModel, snippet: string): string {
  return snippet.replace(/^(CMD|NONE)\b/, (m) => cased(model, m)).replace(/ AS /, (m) => cased(model, m));
}
