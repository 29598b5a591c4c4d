/**
 * Build stages and local images as completions, wherever a stage or an image can be named:
 * the base of FROM, `COPY --from=` and `RUN --mount=from=`. Only stages defined above the current
 * one are offered, because BuildKit refuses the others ("it needs to be defined before current
 * stage"); FROM cannot name a stage by index, COPY --from and mounts can.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { makeItem, Request } from './items';

export interface StageChoice {
  /** Index of the stage the cursor is in (or that the FROM being written starts). */
  readonly current: number;
  /** Offer unnamed stages by their index. */
  readonly indexes: boolean;
  readonly start: number;
  readonly replaceEnd: number;
}

export function stageItems(req: Request, choice: StageChoice): CompletionItem[] {
  const items: CompletionItem[] = [];
  const names = new Set<string>();
  for (const stage of req.model.stages) {
    if (stage.index >= choice.current) break;
    const base = stage.base?.value ?? '';
    const name = stage.name?.value;
    if (name !== undefined) {
      if (names.has(name.toLowerCase())) continue;
      names.add(name.toLowerCase());
    } else if (!choice.indexes) continue;
    const label = name ?? String(stage.index);
    items.push(
      makeItem(req, {
        label,
        kind: CompletionItemKind.Reference,
        start: choice.start,
        replaceEnd: choice.replaceEnd,
        text: label,
        detail: `stage ${stage.index} (line ${stage.from.startLine + 1}): FROM ${base}`,
        sortText: `0${String(stage.index).padStart(4, '0')}`,
      }),
    );
  }
  return items;
}

export function imageItems(req: Request, start: number, replaceEnd: number): CompletionItem[] {
  const tags = req.context.images?.imageTags() ?? [];
  return tags.map((tag) =>
    makeItem(req, {
      label: tag,
      kind: CompletionItemKind.Module,
      start,
      replaceEnd,
      text: tag,
      detail: 'local image',
      sortText: `2${tag}`,
    }),
  );
}
