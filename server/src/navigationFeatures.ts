/**
 * Wires the navigation and structure features into the connection: definition, references,
 * highlights, rename, symbols, folding, formatting, semantic tokens, links, and the engine-fed
 * code lenses and inlay hints. Each handler looks up the document's model and calls one pure
 * feature function; nothing here waits on the engine.
 */
import {
  ClientCapabilities,
  CodeLensRefreshRequest,
  Connection,
  LSPErrorCodes,
  ResponseError,
  SemanticTokens,
  ServerCapabilities,
} from 'vscode-languageserver';
import { DocumentStore } from './documentStore';
import { computeDefinition } from './definition';
import { computeReferences } from './references';
import { computeHighlights } from './highlight';
import { computeRename, isRefusal, prepareRename } from './rename';
import { computeDocumentSymbols, computeSymbolInformation } from './symbols';
import { computeFoldingRanges } from './folding';
import { computeFormatting, computeOnTypeFormatting, computeRangeFormatting } from './formatting';
import { computeSemanticTokens, computeSemanticTokensDelta, computeSemanticTokensRange, semanticTokensLegend } from './semanticTokens';
import { computeDocumentLinks } from './documentLinks';
import { computeCodeLenses } from './codeLens';
import { computeInlayHints } from './inlayHints';
import { BuildHistory, ContextSizes } from './buildHistory';

export interface NavigationServices {
  /** The engine's last build per Dockerfile (layer sizes, cache hits); hints are empty without it. */
  readonly buildHistory?: BuildHistory;
  /** Sizes in the build context of the Dockerfile at `uri`, for COPY predictions. */
  readonly contextSizes?: (uri: string) => ContextSizes | undefined;
  /** What the client announced in `initialize`; without it the server assumes VS Code's support. */
  readonly clientCapabilities?: () => ClientCapabilities | undefined;
}

export interface NavigationFeatures {
  /** Asks the client to fetch code lenses and inlay hints again (after a build finished). */
  refreshBuildHints(): void;
}

export const navigationCapabilities: Partial<ServerCapabilities> = {
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: { label: 'Dockerfile' },
  foldingRangeProvider: true,
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  documentOnTypeFormattingProvider: { firstTriggerCharacter: '\n', moreTriggerCharacter: ['\\', '`'] },
  semanticTokensProvider: { legend: semanticTokensLegend, full: { delta: true }, range: true },
  documentLinkProvider: { resolveProvider: false },
  codeLensProvider: { resolveProvider: false },
  inlayHintProvider: { resolveProvider: false },
};

export function registerNavigationFeatures(connection: Connection, store: DocumentStore, services: NavigationServices = {}): NavigationFeatures {
  const capabilities = () => services.clientCapabilities?.()?.textDocument;

  connection.onDefinition((p) => withModel(store, p.textDocument.uri, (m) => computeDefinition(m, p.position, p.textDocument.uri)));
  connection.onReferences((p) => withModel(store, p.textDocument.uri, (m) => computeReferences(m, p.position, p.textDocument.uri, p.context.includeDeclaration)));
  connection.onDocumentHighlight((p) => withModel(store, p.textDocument.uri, (m) => computeHighlights(m, p.position)));

  connection.onPrepareRename((p) => {
    const model = store.model(p.textDocument.uri);
    if (!model) return null;
    const result = prepareRename(model, p.position);
    if (isRefusal(result)) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
    return result;
  });
  connection.onRenameRequest((p) => {
    const model = store.model(p.textDocument.uri);
    if (!model) return null;
    const result = computeRename(model, p.position, p.newName, p.textDocument.uri);
    if (isRefusal(result)) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
    return result;
  });

  connection.onDocumentSymbol((p) =>
    withModel(store, p.textDocument.uri, (m) =>
      capabilities()?.documentSymbol?.hierarchicalDocumentSymbolSupport === false ? computeSymbolInformation(m, p.textDocument.uri) : computeDocumentSymbols(m),
    ),
  );
  connection.onFoldingRanges((p) =>
    withModel(store, p.textDocument.uri, (m) => {
      const folding = capabilities()?.foldingRange;
      return computeFoldingRanges(m, { rangeLimit: folding?.rangeLimit, collapsedText: folding?.foldingRange?.collapsedText !== false });
    }),
  );

  connection.onDocumentFormatting((p) => withModel(store, p.textDocument.uri, (m) => computeFormatting(m, p.options)));
  connection.onDocumentRangeFormatting((p) => withModel(store, p.textDocument.uri, (m) => computeRangeFormatting(m, p.range, p.options)));
  connection.onDocumentOnTypeFormatting((p) => withModel(store, p.textDocument.uri, (m) => computeOnTypeFormatting(m, p.position, p.ch, p.options)));

  // The last full result per document, so a delta request can send only what changed.
  const lastTokens = new Map<string, { resultId: string; data: number[] }>();
  let nextResultId = 1;
  store.documents.onDidClose((e) => lastTokens.delete(e.document.uri));
  const fullTokens = (uri: string): SemanticTokens | null => {
    const model = store.model(uri);
    if (!model) return null;
    const tokens = computeSemanticTokens(model, String(nextResultId++));
    lastTokens.set(uri, { resultId: tokens.resultId!, data: tokens.data });
    return tokens;
  };
  connection.languages.semanticTokens.on((p) => fullTokens(p.textDocument.uri) ?? { data: [] });
  connection.languages.semanticTokens.onDelta((p) => {
    const previous = lastTokens.get(p.textDocument.uri);
    const next = fullTokens(p.textDocument.uri);
    if (!next) return { data: [] };
    return previous && previous.resultId === p.previousResultId ? computeSemanticTokensDelta(previous.data, next.data, next.resultId!) : next;
  });
  connection.languages.semanticTokens.onRange((p) => withModel(store, p.textDocument.uri, (m) => computeSemanticTokensRange(m, p.range)) ?? { data: [] });

  connection.onDocumentLinks((p) => withModel(store, p.textDocument.uri, computeDocumentLinks));
  connection.onCodeLens((p) => withModel(store, p.textDocument.uri, (m) => computeCodeLenses(m, p.textDocument.uri, services.buildHistory)));
  connection.languages.inlayHint.on((p) =>
    withModel(store, p.textDocument.uri, (m) =>
      computeInlayHints(m, p.range, p.textDocument.uri, { history: services.buildHistory, sizes: services.contextSizes?.(p.textDocument.uri) }),
    ),
  );

  return {
    refreshBuildHints() {
      const workspace = services.clientCapabilities?.()?.workspace;
      if (workspace?.inlayHint?.refreshSupport !== false) void connection.languages.inlayHint.refresh().catch(() => undefined);
      if (workspace?.codeLens?.refreshSupport !== false) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
  };
}

function withModel<T>(store: DocumentStore, uri: string, compute: (model: NonNullable<ReturnType<DocumentStore['model']>>) => T): T | null {
  const model = store.model(uri);
  return model ? compute(model) : null;
}
