/**
 * The Berth Dockerfile language server: the only module that talks LSP. It keeps the document
 * store and settings, and routes requests to the feature modules, which are pure functions over
 * the shared Dockerfile model. Runs over stdio (`--stdio`) or IPC (when started by the extension).
 */
import {
  CodeActionKind,
  Connection,
  createConnection,
  DidChangeConfigurationNotification,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeCodeActions } from './codeActions';
import { assistCapabilities, registerAssistFeatures } from './assistFeatures';
import { navigationCapabilities, registerNavigationFeatures } from './navigationFeatures';
import { DocumentStore } from './documentStore';
import { ValidationScheduler } from './validation';
import { SettingsCache } from './settingsCache';
import { BuildContexts } from './buildContext';
import { EngineImageCatalog } from './imageCatalog';
import { EngineBuildHistory } from './engineBuildHistory';

export function startServer(connection: Connection, start: ServerStart = {}): void {
  const documents = new TextDocuments(TextDocument);
  const store = new DocumentStore(documents);
  const settings = new SettingsCache(connection);
  let client: InitializeParams | undefined;
  // Build-context settings are per document; the last ones read are used for the context folder.
  const contextSetting = new Map<string, string | undefined>();
  let navigation: ReturnType<typeof registerNavigationFeatures> | undefined;
  const contexts = new BuildContexts(
    (uri) => contextSetting.get(uri),
    () => navigation?.refreshBuildHints(),
  );
  const validation = new ValidationScheduler(connection, store, settings, contexts, () => {
    // After the first lint the parser and the rules are compiled: what the next start needs.
    const failed = start.saveCodeCache?.();
    if (failed) connection.console.log(`berth: ${failed} (the next start compiles from source)`);
  });
  const images = new EngineImageCatalog();
  // a new build of an open Dockerfile: its lenses and hints show the new layer sizes at once
  const buildHistory = new EngineBuildHistory({ onChange: (uri) => documents.get(uri) && navigation?.refreshBuildHints() });

  connection.onInitialize((params): InitializeResult => {
    client = params;
    settings.setClientSupport(params.capabilities.workspace?.configuration === true);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...assistCapabilities,
        ...navigationCapabilities,
      },
      serverInfo: { name: 'berth-dockerfile', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (settings.clientSupportsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'berth' }).catch(() => undefined);
    }
  });

  /**
   * Reads a document's settings and its build context's ignore file, then lints it again when
   * either can change the diagnostics of the quick first lint (which ran with what was known).
   */
  const prepareDocument = (uri: string, relintAlways: boolean) =>
    settings
      .forDocument(uri)
      .then(async (s) => {
        const contextChanged = contextSetting.get(uri) !== s.buildContext;
        contextSetting.set(uri, s.buildContext);
        const hasPatterns = await contexts.prepare(uri);
        if (relintAlways || contextChanged || hasPatterns) validation.schedule(uri);
        // the engine's image list only feeds completion: not before the document's diagnostics
        // (including a lint just scheduled for what the context's ignore file says)
        if (s.engineEnabled) void validation.whenIdle().then(() => images.refresh());
      })
      .catch((err: unknown) => connection.console.error(`berth: reading settings for ${uri} failed: ${(err as Error).message}`));

  connection.onDidChangeConfiguration((change) => {
    settings.reset(change.settings);
    for (const document of documents.all()) void prepareDocument(document.uri, true);
  });

  documents.onDidOpen((e) => void prepareDocument(e.document.uri, false));
  documents.onDidChangeContent((e) => validation.schedule(e.document.uri));
  documents.onDidClose((e) => validation.clear(e.document.uri));

  connection.onCodeAction((params) => computeCodeActions(params.textDocument.uri, params.context.diagnostics, validation.result(params.textDocument.uri)));

  registerAssistFeatures(connection, store, {
    client: () => client,
    images,
    contextFiles: (uri) => contexts.files(uri),
  });
  navigation = registerNavigationFeatures(connection, store, {
    clientCapabilities: () => client?.capabilities,
    contextSizes: (uri) => contexts.sizes(uri),
    buildHistory,
  });

  connection.onShutdown(() => validation.shutdown());
  documents.listen(connection);
  connection.listen();
}

export interface ServerStart {
  /** Writes the code cache the server was loaded with (main.ts); returns why that failed, if it did. */
  readonly saveCodeCache?: () => string | undefined;
}

/** Called by main.ts (dist/server.js). */
export function main(start: ServerStart = {}): void {
  startServer(createConnection(ProposedFeatures.all), start);
}
