/**
 * Wires completion, hover and signature help into the connection. The features are pure
 * functions over the document's cached model; what they need from outside (the build context's
 * files, local image tags, what the client can render) comes through `AssistServices`, whose
 * members answer synchronously from caches kept elsewhere, so no request waits on the disk or
 * an engine.
 */
import { ClientCapabilities, CompletionItemTag, Connection, MarkupKind, ServerCapabilities } from 'vscode-languageserver';
import { computeCompletion, CompletionClient, ContextFiles, resolveCompletion } from './completion';
import { computeHover } from './hover';
import { computeSignatureHelp } from './signatureHelp';
import { DocumentStore } from './documentStore';
import type { ImageCatalog } from './imageCatalog';

export interface AssistServices {
  /** The build context of a Dockerfile (by document URI); undefined when not known. */
  contextFiles?(uri: string): ContextFiles | undefined;
  readonly images?: ImageCatalog;
  /** What the client sent in `initialize`; undefined means "assume VS Code". */
  client?(): { readonly capabilities: ClientCapabilities; readonly clientInfo?: { readonly name: string } } | undefined;
}

export const assistCapabilities: Partial<ServerCapabilities> = {
  completionProvider: {
    // `-` flags, `=` values, `$`/`{` variables, `/` paths and protocols, `,` mount options and
    // rule lists, `;` check options, space for the next argument.
    triggerCharacters: ['-', '=', '$', '{', '/', ',', ';', ' '],
    resolveProvider: true,
    completionItem: { labelDetailsSupport: true },
  },
  hoverProvider: true,
  signatureHelpProvider: { triggerCharacters: [' ', '"', ',', '=', '['], retriggerCharacters: [':', '/', ';'] },
};

function completionClient(services: AssistServices): CompletionClient {
  const client = services.client?.();
  if (!client) return { snippets: true, markdown: true, labelDetails: true, insertReplace: true, deprecatedTag: true, retrigger: true };
  const item = client.capabilities.textDocument?.completion?.completionItem;
  const name = client.clientInfo?.name ?? '';
  return {
    snippets: item?.snippetSupport === true,
    markdown: item?.documentationFormat?.includes(MarkupKind.Markdown) ?? false,
    labelDetails: item?.labelDetailsSupport === true,
    insertReplace: item?.insertReplaceSupport === true,
    deprecatedTag: item?.tagSupport?.valueSet.includes(CompletionItemTag.Deprecated) ?? false,
    // `editor.action.triggerSuggest` is a VS Code command; other clients would ask the server to run it.
    retrigger: /code|codium|cursor/i.test(name),
  };
}

function hoverMarkdown(services: AssistServices): boolean {
  const formats = services.client?.()?.capabilities.textDocument?.hover?.contentFormat;
  return formats === undefined || formats.includes(MarkupKind.Markdown);
}

export function registerAssistFeatures(connection: Connection, store: DocumentStore, services: AssistServices): void {
  connection.onCompletion((params) => {
    const model = store.model(params.textDocument.uri);
    if (!model) return null;
    return computeCompletion(model, params.position, {
      contextFiles: services.contextFiles?.(params.textDocument.uri),
      images: services.images,
      client: completionClient(services),
      triggerCharacter: params.context?.triggerCharacter,
    });
  });
  connection.onCompletionResolve((item) => resolveCompletion(item, completionClient(services).markdown));
  connection.onHover((params) => {
    const model = store.model(params.textDocument.uri);
    return model ? computeHover(model, params.position, { markdown: hoverMarkdown(services) }) : null;
  });
  connection.onSignatureHelp((params) => {
    const model = store.model(params.textDocument.uri);
    return model ? computeSignatureHelp(model, params.position) : null;
  });
}
