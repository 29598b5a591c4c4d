/**
 * Completion for Dockerfiles: `computeCompletion(model, position, context)` works out what is
 * being typed at the cursor (assist/cursor.ts) and hands it to the module that knows that kind of
 * word: instruction keywords, flags and their values, variables, positional arguments, or
 * comments (directives and suppression pragmas). Everything reads the shared model (parsed once
 * per document version) and per-model caches; engine and file system data come in through the
 * synchronous `CompletionContext`. Documentation is filled in by `resolveCompletion`.
 */
import { CompletionItem, CompletionList, MarkupKind } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { Position } from '../../engine/src/dockerfile/text';
import { instructionSpec } from '../../engine/src/dockerfile/instructionSpecs';
import { allRules } from '../../engine/src/dockerfile/lint/rules';
import { RuleWithOptions } from '../../engine/src/dockerfile/lint/lint';
import { locateCursor, LogicalLine, Token } from './assist/cursor';
import { isDocKey, markdownFor } from './assist/docs';
import { variablesAt } from './assist/variablesAt';
import { argumentItems } from './completion/argumentItems';
import { commentItems } from './completion/commentItems';
import { flagNameItems, flagValueItems } from './completion/flagItems';
import { CompletionContext, FULL_CLIENT, Request, wordEnd } from './completion/items';
import { keywordItems } from './completion/keywordItems';
import { variableItems, variablePrefix } from './completion/variableItems';

export type { CompletionClient, CompletionContext } from './completion/items';
export type { ContextFiles } from './completion/sourcePaths';

export function computeCompletion(model: DockerfileModel, position: Position, context: CompletionContext = {}): CompletionList {
  const offset = model.lines.offsetAt(position);
  const line = model.lines.positionAt(offset).line;
  const req: Request = {
    model,
    offset,
    after: model.text.slice(offset, model.lines.lineEnd(line)),
    client: context.client ?? FULL_CLIENT,
    context,
    rules: context.rules ?? allRules,
  };
  return { isIncomplete: false, items: itemsAt(req, position) };
}

function itemsAt(req: Request, position: Position): CompletionItem[] {
  const place = locateCursor(req.model, position);
  switch (place.kind) {
    case 'comment':
      return commentItems(req, place);
    case 'heredoc': {
      if (!place.heredoc.expand) return [];
      const lineStart = req.model.lines.lineStart(position.line);
      const text = req.model.text.slice(lineStart, req.offset);
      const prefix = variablePrefix(text, '\\');
      if (!prefix) return [];
      const keyword = place.instruction.trigger?.name ?? place.instruction.name;
      const vars = variablesAt(req.model, place.instruction, keyword, position.line, req.offset, place.instruction.name === 'ONBUILD');
      return variableItems(req, vars, lineStart + prefix.nameStart, prefix.brace);
    }
    case 'instruction':
      return instructionItems(req, place.line);
    case 'none':
      return [];
  }
}

function instructionItems(req: Request, line: LogicalLine): CompletionItem[] {
  const words = line.before;
  if (words.length === 0) return keywordItems(req, line, false);
  const onbuild = words[0].text.toUpperCase() === 'ONBUILD';
  if (onbuild && words.length === 1) return keywordItems(req, line, true);
  const keywordIndex = onbuild ? 1 : 0;
  const spec = instructionSpec(words[keywordIndex].text);
  if (!spec) return [];
  const model = req.model;
  const position = model.lines.positionAt(req.offset);

  const argsFrom = words[keywordIndex].end;
  const prefix = variablePrefix(line.text, model.escapeToken, argsFrom);
  // BuildKit refuses variables in `--from` (of COPY and of mounts): offer none there.
  if (prefix && !/(^--|,)from=[^,]*$/.test(line.typing.text)) {
    const vars = variablesAt(model, line.instruction, spec.name, position.line, req.offset, onbuild);
    return variableItems(req, vars, line.offsets[prefix.nameStart], prefix.brace);
  }

  const args = words.slice(keywordIndex + 1);
  const flagCount = leadingFlags(args);
  const flagPhase = flagCount === args.length && !args.some((a) => a.text === '--');
  const typing = line.typing;
  const stage = stageOf(req, line, spec.name);
  if (flagPhase && typing.text.startsWith('-')) {
    const eq = typing.text.indexOf('=');
    if (eq < 0) return flagNameItems(req, spec, line.offsets[typing.start], wordEnd(req, /[\s=]/), usedFlags(args));
    const flag = spec.flags.find((f) => f.name === typing.text.slice(2, eq));
    if (!flag) return [];
    return flagValueItems(req, {
      spec,
      flag,
      typed: typing.text.slice(eq + 1),
      offsetOf: (i) => line.offsets[typing.start + eq + 1 + i],
      stage,
      replaceEnd: wordEnd(req, /\s/),
    });
  }

  // A word starting with `-` after the flags is no flag (BuildKit reads it as an argument) and no path either.
  if (typing.text.startsWith('-')) return [];
  const positional = args.slice(flagCount).filter((a) => a.text !== '--');
  const instruction = onbuild ? line.instruction?.trigger : line.instruction;
  const items = argumentItems(req, {
    spec,
    line,
    index: positional.length,
    previous: positional.map((t) => t.text),
    stage,
    stageOffset: stageOffsetOf(req, line),
    fromOther: args.slice(0, flagCount).some((f) => f.text.startsWith('--from=')) || (instruction?.flags.some((f) => f.name === 'from') ?? false),
  });
  if (flagPhase && typing.text === '' && spec.flags.length > 0) {
    items.push(...flagNameItems(req, spec, line.offsets[typing.start], req.offset, usedFlags(args), '5'));
  }
  return items;
}

function leadingFlags(args: readonly Token[]): number {
  let n = 0;
  while (n < args.length && args[n].text.startsWith('--') && args[n].text !== '--') n++;
  return n;
}

function usedFlags(args: readonly Token[]): Set<string> {
  return new Set(args.filter((a) => a.text.startsWith('--')).map((a) => a.text.slice(2).split('=')[0]));
}

/** The stage the cursor's instruction is in; for FROM, the stage it starts. */
function stageOf(req: Request, line: LogicalLine, keyword: string): number {
  const instruction = line.instruction;
  if (instruction && instruction.stageIndex >= 0) return instruction.stageIndex;
  const cursorLine = req.model.lines.positionAt(req.offset).line;
  let stage = -1;
  for (const s of req.model.stages) if (s.from.startLine < cursorLine || (s.from.startLine === cursorLine && keyword !== 'FROM')) stage = s.index;
  return keyword === 'FROM' ? stage + 1 : stage;
}

/** How many instructions of its stage come before the cursor's instruction. */
function stageOffsetOf(req: Request, line: LogicalLine): number | undefined {
  const instruction = line.instruction;
  if (!instruction || instruction.stageIndex < 0) return undefined;
  const stage = req.model.stages[instruction.stageIndex];
  const at = stage.instructions.indexOf(instruction);
  return at >= 0 ? at : undefined;
}

/** Fills in an item's documentation from its `data` (completionItem/resolve). */
export function resolveCompletion(item: CompletionItem, markdown = true, rules: readonly RuleWithOptions[] = allRules): CompletionItem {
  if (item.documentation !== undefined || !isDocKey(item.data)) return item;
  const value = markdownFor(item.data, rules);
  if (value === undefined) return item;
  return { ...item, documentation: markdown ? { kind: MarkupKind.Markdown, value } : value };
}
