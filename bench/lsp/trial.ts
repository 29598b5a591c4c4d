// One trial against one server process: initialize, open the fixture, time the first diagnostics,
// a series of incremental edits, then completion at four kinds of position and hover on a keyword.
// The code path is identical for every server; only the server path differs.
import { performance } from 'node:perf_hooks';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic, InitializeResult, TextDocumentSyncOptions } from 'vscode-languageserver';
import type { DockerfileFixture } from './dockerfileFixture';
import { EditableDocument } from './editableDocument';
import { LspClient } from './lspClient';

export const completionTargets = ['line start', 'after FROM', 'in COPY --', 'after $ in RUN'] as const;
export type CompletionTarget = (typeof completionTargets)[number];

export interface TrialOptions {
  readonly edits: number;
  readonly repeats: number;
  readonly warmup: number;
  readonly timeoutMs: number;
  /** The fixture on disk; its folder is the workspace folder. */
  readonly fixturePath: string;
}

export interface TrialResult {
  readonly initializeMs: number;
  readonly openToDiagnosticsMs: number;
  readonly diagnosticsOnOpen: readonly Diagnostic[];
  readonly changeToDiagnosticsMs: readonly number[];
  readonly changeKinds: readonly ('character' | 'line')[];
  readonly completionMs: Readonly<Record<CompletionTarget, number[]>>;
  readonly completionItems: Readonly<Record<CompletionTarget, number>>;
  readonly hoverMs: readonly number[];
  /** Whether the hover had content (a null hover is cheaper and would flatter the latency). */
  readonly hoverAnswered: boolean;
  readonly memoryKiB: { rss: number; peak: number };
  readonly incrementalSync: boolean;
  /** Features the server did not announce in its capabilities are not requested (their samples stay empty). */
  readonly completionOffered: boolean;
  readonly hoverOffered: boolean;
  readonly serverInfo: { name: string; version?: string } | undefined;
  readonly versionedDiagnostics: boolean;
  readonly serverRequests: Readonly<Record<string, number>>;
}

// Inserted before the final stage once the timed edits are done; each completion target sits on one line.
const completionBlock = ['FROM debian:12-slim AS completion', 'ARG BENCH_FLAVOR=fast', 'ENV BENCH_HOME=/opt/bench', '', 'COPY --', 'RUN echo $', 'FROM '];
const completionCursor: Record<CompletionTarget, { offset: number; character: number }> = {
  'line start': { offset: 3, character: 0 },
  'in COPY --': { offset: 4, character: 7 },
  'after $ in RUN': { offset: 5, character: 10 },
  'after FROM': { offset: 6, character: 5 },
};

function itemCount(result: CompletionItem[] | CompletionList | null): number {
  return Array.isArray(result) ? result.length : (result?.items.length ?? 0);
}

/** 1 = full text, 2 = incremental (TextDocumentSyncKind). */
function syncKind(result: InitializeResult): number | undefined {
  const sync = result.capabilities.textDocumentSync;
  return typeof sync === 'number' ? sync : (sync as TextDocumentSyncOptions | undefined)?.change;
}

/** initialize/initialized with the capabilities an editor like VS Code announces. */
async function initialize(client: LspClient, folder: string): Promise<InitializeResult> {
  client.workspaceFolders = [{ uri: folder, name: 'bench' }];
  const response = await client.request<InitializeResult>('initialize', {
    processId: process.pid,
    clientInfo: { name: 'berth-bench' },
    rootUri: folder,
    workspaceFolders: client.workspaceFolders,
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        completion: { contextSupport: true, completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      },
    },
  });
  const kind = syncKind(response.value);
  if (kind !== 1 && kind !== 2) {
    throw new Error(`${client.label}: server does not synchronize documents (textDocumentSync ${JSON.stringify(response.value.capabilities.textDocumentSync)})`);
  }
  client.notify('initialized', {});
  return response.value;
}

/**
 * Alternates typing a character into an instruction's first argument and inserting a whole
 * instruction line (which shifts every later line), spread evenly over the document; each edit
 * is timed to its diagnostics before the next is sent.
 */
async function timeEdits(change: (line: number, character: number, text: string) => Promise<number>, document: EditableDocument,
  instructionLines: number[], edits: number): Promise<{ ms: number[]; kinds: ('character' | 'line')[] }> {
  const ms: number[] = [];
  const kinds: ('character' | 'line')[] = [];
  for (let i = 0; i < edits; i++) {
    const index = Math.floor(((i + 1) * (instructionLines.length - 2)) / (edits + 1));
    const line = instructionLines[index];
    if (i % 2 === 0) {
      ms.push(await change(line, document.line(line).indexOf(' ') + 1, 'x'));
      kinds.push('character');
    } else {
      ms.push(await change(line, 0, `ENV EDIT_${i}=value_${i}\n`));
      kinds.push('line');
      for (let j = index + 1; j < instructionLines.length; j++) instructionLines[j]++;
    }
  }
  return { ms, kinds };
}

/** Completion at every target, interleaved round by round, after untimed warm-up rounds. */
async function timeCompletions(client: LspClient, uri: string, blockLine: number, options: TrialOptions):
  Promise<{ ms: Record<CompletionTarget, number[]>; items: Record<CompletionTarget, number> }> {
  const ms = Object.fromEntries(completionTargets.map((target) => [target, [] as number[]])) as Record<CompletionTarget, number[]>;
  const items = Object.fromEntries(completionTargets.map((target) => [target, 0])) as Record<CompletionTarget, number>;
  for (let round = 0; round < options.warmup + options.repeats; round++) {
    for (const target of completionTargets) {
      const { offset, character } = completionCursor[target];
      const response = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', {
        textDocument: { uri }, position: { line: blockLine + offset, character }, context: { triggerKind: 1 },
      });
      if (round >= options.warmup) ms[target].push(response.ms);
      items[target] = itemCount(response.value);
    }
  }
  return { ms, items };
}

async function timeHover(client: LspClient, uri: string, line: number, options: TrialOptions): Promise<{ ms: number[]; answered: boolean }> {
  const ms: number[] = [];
  let answered = false;
  for (let round = 0; round < options.warmup + options.repeats; round++) {
    const response = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 1 } });
    if (round >= options.warmup) ms.push(response.ms);
    answered = response.value !== null;
  }
  return { ms, answered };
}

/** How a server is started: its script, Node flags and environment changes, as its editor client starts it. */
export interface ServerLaunch {
  readonly path: string;
  readonly nodeArgs: readonly string[];
  readonly envOverrides: Readonly<Record<string, string | undefined>>;
}

export async function runTrial(label: string, server: ServerLaunch, fixture: DockerfileFixture, options: TrialOptions): Promise<TrialResult> {
  const client = new LspClient(label, server.path, options.timeoutMs, server.nodeArgs, server.envOverrides);
  try {
    const uri = pathToFileURL(options.fixturePath).href;
    const initialized = await initialize(client, pathToFileURL(dirname(options.fixturePath)).href);
    const initializeMs = performance.now() - client.startedAt;
    const { completionProvider, hoverProvider } = initialized.capabilities;
    const incrementalSync = syncKind(initialized) === 2;
    const completionOffered = completionProvider !== undefined;
    const hoverOffered = hoverProvider !== undefined && hoverProvider !== false;

    const document = new EditableDocument([...fixture.lines, ''], incrementalSync);
    const opened = client.diagnostics(uri, document.version);
    const openedAt = performance.now();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: document.version, text: document.text } });
    const first = await opened;
    const openToDiagnosticsMs = first.at - openedAt;

    const change = async (line: number, character: number, text: string): Promise<number> => {
      const contentChange = document.insert(line, character, text);
      const published = client.diagnostics(uri, document.version);
      const sentAt = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [contentChange] });
      return (await published).at - sentAt;
    };
    const instructionLines = [...fixture.instructionLines];
    const edits = await timeEdits(change, document, instructionLines, options.edits);

    const finalStage = document.findLine((text) => text.startsWith('FROM ') && text.endsWith(' AS final'), 'the final FROM');
    await change(finalStage, 0, completionBlock.join('\n') + '\n');
    const none = { ...options, warmup: 0, repeats: 0 }; // for a feature the server does not offer: no requests, no samples
    const completion = await timeCompletions(client, uri, finalStage, completionOffered ? options : none);
    const hover = await timeHover(client, uri, instructionLines[Math.floor(instructionLines.length / 2)], hoverOffered ? options : none);

    const memoryKiB = client.memoryKiB();
    await client.stop();
    return {
      initializeMs, openToDiagnosticsMs, diagnosticsOnOpen: first.params.diagnostics,
      changeToDiagnosticsMs: edits.ms, changeKinds: edits.kinds, completionMs: completion.ms, completionItems: completion.items,
      hoverMs: hover.ms, hoverAnswered: hover.answered, memoryKiB, incrementalSync,
      completionOffered, hoverOffered, serverInfo: initialized.serverInfo,
      versionedDiagnostics: client.versionedDiagnostics, serverRequests: Object.fromEntries(client.serverRequests),
    };
  } finally {
    client.kill();
  }
}
