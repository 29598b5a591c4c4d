/**
 * How completion items are built: every item carries an explicit edit from where the word being
 * completed starts (in the source, so continuation lines and escapes are right) to the cursor,
 * or, for clients that support it, an insert/replace pair that can also overwrite the rest of the
 * word after the cursor. Documentation is attached lazily through `data` (a DocKey).
 */
import {
  Command,
  CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  InsertReplaceEdit,
  InsertTextFormat,
  MarkupKind,
  TextEdit,
} from 'vscode-languageserver';
import { DockerfileModel } from '../../../engine/src/dockerfile/model';
import { RuleWithOptions } from '../../../engine/src/dockerfile/lint/lint';
import { DocKey } from '../assist/docs';
import type { ImageCatalog } from '../imageCatalog';
import type { ContextFiles } from './sourcePaths';

/** What the client can do with completion items (VS Code can do all of it). */
export interface CompletionClient {
  readonly snippets: boolean;
  readonly markdown: boolean;
  readonly labelDetails: boolean;
  readonly insertReplace: boolean;
  readonly deprecatedTag: boolean;
  /** Whether items may carry VS Code's `editor.action.triggerSuggest` command. */
  readonly retrigger: boolean;
}

export const FULL_CLIENT: CompletionClient = {
  snippets: true,
  markdown: true,
  labelDetails: true,
  insertReplace: true,
  deprecatedTag: true,
  retrigger: true,
};

/** Data from outside the Dockerfile, all optional and all synchronous. */
export interface CompletionContext {
  /** The build context's files, for COPY/ADD sources (absent: no source paths). */
  readonly contextFiles?: ContextFiles;
  /** Local image tags, for FROM and COPY --from. */
  readonly images?: ImageCatalog;
  /** Lint rules whose ids comments can name (default: every rule Berth has). */
  readonly rules?: readonly RuleWithOptions[];
  readonly client?: CompletionClient;
  /** The character that triggered the request, if one did. */
  readonly triggerCharacter?: string;
}

/** One completion request: the model, the cursor, and what to complete with. */
export interface Request {
  readonly model: DockerfileModel;
  readonly offset: number;
  /** The source text after the cursor on its line. */
  readonly after: string;
  readonly client: CompletionClient;
  readonly context: CompletionContext;
  readonly rules: readonly RuleWithOptions[];
}

export interface ItemSpec {
  readonly label: string;
  readonly kind: CompletionItemKind;
  /** Source offset where the replaced text starts (clamped to the cursor's line). */
  readonly start: number;
  readonly text: string;
  readonly snippet?: boolean;
  /** Source offset where the word after the cursor ends, for insert/replace edits. */
  readonly replaceEnd?: number;
  readonly detail?: string;
  /** Short text shown right after the label (`LABEL key="value"` forms). */
  readonly labelDetail?: string;
  readonly sortText?: string;
  readonly filterText?: string;
  readonly data?: DocKey;
  readonly documentation?: string;
  /** Open the suggestions again after inserting (after `--from=`, a directory, `type=`). */
  readonly retrigger?: boolean;
  readonly preselect?: boolean;
  readonly deprecated?: boolean;
}

const TRIGGER_SUGGEST: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function makeItem(req: Request, spec: ItemSpec): CompletionItem {
  const lines = req.model.lines;
  const cursor = req.offset;
  const lineStart = lines.lineStart(lines.positionAt(cursor).line);
  const start = Math.min(cursor, Math.max(spec.start, lineStart));
  const insert = { start: lines.positionAt(start), end: lines.positionAt(cursor) };
  const replaceEnd = spec.replaceEnd ?? cursor;
  const textEdit: TextEdit | InsertReplaceEdit =
    req.client.insertReplace && replaceEnd > cursor
      ? InsertReplaceEdit.create(spec.text, insert, { start: insert.start, end: lines.positionAt(replaceEnd) })
      : TextEdit.replace(insert, spec.text);
  const snippet = spec.snippet === true && req.client.snippets;
  const item: CompletionItem = {
    label: spec.label,
    kind: spec.kind,
    textEdit: snippet || spec.snippet !== true ? textEdit : { ...textEdit, newText: plainOf(spec.text) },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (spec.labelDetail !== undefined) {
    if (req.client.labelDetails) item.labelDetails = { detail: spec.labelDetail };
    else if (spec.detail === undefined) item.detail = spec.label + spec.labelDetail;
  }
  if (spec.detail !== undefined) item.detail = spec.detail;
  if (spec.sortText !== undefined) item.sortText = spec.sortText;
  if (spec.filterText !== undefined) item.filterText = spec.filterText;
  if (spec.data !== undefined) item.data = spec.data;
  if (spec.documentation !== undefined) {
    item.documentation = req.client.markdown ? { kind: MarkupKind.Markdown, value: spec.documentation } : spec.documentation;
  }
  if (spec.retrigger && req.client.retrigger) item.command = TRIGGER_SUGGEST;
  if (spec.preselect) item.preselect = true;
  if (spec.deprecated && req.client.deprecatedTag) item.tags = [CompletionItemTag.Deprecated];
  return item;
}

/** A snippet's text without tab stops, for clients without snippets: `${1:name}` → `name`. */
export function plainOf(snippet: string): string {
  let text = snippet;
  // Placeholders nest (`${2:, "${3:param}"}`): strip the innermost until none is left.
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  }
  return text.replace(/\$\{\d+\}|\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}

/** Source offset where the word after the cursor ends: the first character matching `stop`. */
export function wordEnd(req: Request, stop: RegExp): number {
  let i = 0;
  while (i < req.after.length && !stop.test(req.after[i])) i++;
  return req.offset + i;
}

/** Escapes text for use inside a snippet. */
export function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
