/**
 * An LSP client for integration tests: starts the real language server (`node dist/server.js
 * --stdio`), talks JSON-RPC to it over its stdio the way an editor does, and announces what VS
 * Code announces (snippets, markdown, label details, insert/replace edits, hierarchical symbols,
 * semantic tokens, versioned diagnostics). Tests wait on messages, never on time.
 */
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import {
  ClientCapabilities,
  CompletionItem,
  CompletionList,
  createProtocolConnection,
  Hover,
  InitializeResult,
  Position,
  ProtocolConnection,
  PublishDiagnosticsParams,
  SignatureHelp,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

/** The repository root, from out/test/integration/lsp. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The bundled server; `npm test` builds it (`node scripts/build.mjs`). */
export const SERVER_PATH = resolve(REPO_ROOT, 'dist', 'server.js');

export const VSCODE_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: {
      contextSupport: true,
      signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true, noActiveParameterSupport: true },
    },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, isPreferredSupport: true, dataSupport: true },
    semanticTokens: {
      requests: { range: true, full: { delta: true } },
      tokenTypes: ['keyword', 'variable', 'parameter', 'string', 'comment', 'operator', 'property', 'namespace', 'class', 'enumMember', 'number', 'macro'],
      tokenModifiers: ['declaration', 'deprecated', 'readonly', 'modification', 'documentation', 'defaultLibrary'],
      formats: ['relative'],
      multilineTokenSupport: false,
      overlappingTokenSupport: false,
    },
    inlayHint: { resolveSupport: { properties: ['tooltip'] } },
  },
};

export interface StartOptions {
  readonly capabilities?: ClientCapabilities;
  /** VS Code sends `Visual Studio Code`; the server enables VS Code-only commands for it. */
  readonly clientName?: string;
  readonly rootUri?: string | null;
  /** What the client answers for the `berth` configuration section (null = defaults). */
  readonly settings?: unknown;
  /** Added to the server's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** The `berth` section the client reports; change it, then call `settingsChanged()`. */
  settings: unknown = null;
  private readonly waiters: { uri: string; version: number; resolve(p: PublishDiagnosticsParams): void }[] = [];
  private exited: Promise<number | null>;
  private stderr = '';
  initializeResult: InitializeResult | undefined;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {
    this.exited = new Promise((done) => process.once('exit', (code) => done(code)));
    process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const w of [...this.waiters]) {
        if (w.uri === params.uri && (params.version === undefined || params.version >= w.version)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(params);
        }
      }
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'berth' ? this.settings : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/semanticTokens/refresh', () => null);
    connection.onRequest('workspace/inlayHint/refresh', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
  }

  /** Spawns `node dist/server.js --stdio` and completes the initialize handshake. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    // the machine's own engines (a berthd a user started, Docker, Podman) stay out of the tests:
    // a test that wants an engine names it in BERTH_HOST
    const env = { ...process.env, BERTH_HOST: process.env.BERTH_HOST || 'unix:///nonexistent/berth-tests-no-engine.sock', ...options.env };
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: 'pipe', env });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection);
    client.settings = options.settings ?? null;
    connection.listen();
    // A server that dies before answering must fail the test with its output, not hang it.
    const died = client.exited.then((code) => {
      throw new Error(`language server ${SERVER_PATH} exited with code ${code} before initialize: ${client.stderr.trim() || '(no output)'}`);
    });
    client.initializeResult = await Promise.race([
      connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        clientInfo: { name: options.clientName ?? 'Visual Studio Code', version: '1.99.0' },
        rootUri: options.rootUri ?? null,
        capabilities: options.capabilities ?? VSCODE_CAPABILITIES,
        workspaceFolders: null,
      }),
      died,
    ]);
    died.catch(() => undefined);
    await connection.sendNotification('initialized', {});
    return client;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics for `uri` at `version` or later (or unversioned). */
  waitForDiagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const known = this.diagnostics.get(uri);
    if (known && known.version !== undefined && known.version >= version) return Promise.resolve(known);
    return new Promise((done) => this.waiters.push({ uri, version, resolve: done }));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async completion(uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]> {
    const context = triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 };
    const result = await this.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position, context });
    return result === null ? [] : Array.isArray(result) ? result : result.items;
  }

  resolveCompletion(item: CompletionItem): Promise<CompletionItem> {
    return this.request<CompletionItem>('completionItem/resolve', item);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  }

  signatureHelp(uri: string, position: Position): Promise<SignatureHelp | null> {
    return this.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri }, position, context: { triggerKind: 1, isRetrigger: false } });
  }

  /** Tells the server the settings changed (VS Code sends no payload when it pulls configuration). */
  async settingsChanged(): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** shutdown, exit, and wait for the process to end. */
  async stop(): Promise<number | null> {
    if (this.process.exitCode === null) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** For `after` hooks: ends the process whatever state it is in. */
  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }
}

/** Splits `text` at the `§` marker: the text without it and the marker's position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf('§');
  if (at < 0) throw new Error(`withCursor: no "§" marker in ${JSON.stringify(marked)}`);
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/**
 * A server for the enclosing `describe`: started (with `documents` opened, by URI) before its tests
 * and stopped after them. Reach it as `.client` from inside tests and hooks.
 */
export function serverPerSuite(documents: Readonly<Record<string, string>> = {}): { readonly client: LspClient } {
  let started: LspClient | undefined;
  before(async () => {
    started = await LspClient.start();
    for (const [uri, text] of Object.entries(documents)) await started.open(uri, text);
  });
  after(async () => {
    await started?.stop().catch(() => started?.kill());
  });
  return {
    get client(): LspClient {
      if (!started) throw new Error('serverPerSuite: the server is reached before its suite started it');
      return started;
    },
  };
}
