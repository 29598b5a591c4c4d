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

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const store = new DocumentStore(documents);
  const settings = new SettingsCache(connection);
  const validation = new ValidationScheduler(connection, store, settings);
  let client: InitializeParams | undefined;

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

  connection.onDidChangeConfiguration((change) => {
    settings.reset(change.settings);
    for (const document of documents.all()) validation.schedule(document.uri);
  });

  documents.onDidOpen((e) => validation.schedule(e.document.uri));
  documents.onDidChangeContent((e) => validation.schedule(e.document.uri));
  documents.onDidClose((e) => validation.clear(e.document.uri));

  connection.onCodeAction((params) => {
    const all = validation.diagnostics(params.textDocument.uri);
    return computeCodeActions(params.textDocument.uri, params.context.diagnostics, all);
  });

  registerAssistFeatures(connection, store, { client: () => client });
  registerNavigationFeatures(connection, store, { clientCapabilities: () => client?.capabilities });

  documents.listen(connection);
  connection.listen();
}

startServer(createConnection(ProposedFeatures.all));
