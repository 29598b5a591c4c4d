/**
 * Publishes diagnostics after each change. Linting starts on the next turn of the event loop, so
 * a burst of changes is linted once, at its last version; it runs in slices that leave the event
 * loop free for completion and hover in between, and a run whose version went stale stops at
 * the next slice. Rules local to an instruction run only on the instructions an edit changed,
 * rules local to a stage only on the stages it changed (LintCache). The lint results stay here (with their fixes), so diagnostics sent to the
 * client stay small and code actions look the fixes up by index. Work that can wait for the
 * diagnostics waits for `whenIdle`.
 */
import { Connection, Diagnostic } from 'vscode-languageserver';
import { LintDiagnostic, lintSteps } from '../../engine/src/dockerfile/lint/lint';
import { allRules } from '../../engine/src/dockerfile/lint/rules';
import { LintCache } from '../../engine/src/dockerfile/lint/lintCache';
import { toLspDiagnostic } from './diagnostics';
import { DocumentStore } from './documentStore';
import { SettingsCache } from './settingsCache';
import { BuildContexts } from './buildContext';

/** How long one slice may run before other messages get their turn. */
const SLICE_MS = 4;

/**
 * A monotonic clock in milliseconds. Not the global `performance`: Node loads perf_hooks the first
 * time it is touched (~1 ms, more under a profiler), which fell inside the first lint of every server.
 */
function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const FIRST_PUBLISH_DELAY_MS = 500;

export interface ValidationResult {
  readonly version: number;
  readonly lint: readonly LintDiagnostic[];
  readonly diagnostics: readonly Diagnostic[];
}

export class ValidationScheduler {
  private readonly pending = new Set<string>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly results = new Map<string, ValidationResult>();
  private published = false;
  private firstPublishTimer: NodeJS.Timeout | undefined;
  /** Per document: the findings of the last version by instruction, so an edit re-lints what it changed. */
  private readonly caches = new Map<string, LintCache>();

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly settings: SettingsCache,
    private readonly contexts: BuildContexts,
    /** Called once, after the first diagnostics have been published. */
    private readonly onFirstPublish: () => void = () => undefined,
  ) {}

  schedule(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.add(uri);
    setImmediate(() => {
      this.pending.delete(uri);
      this.running++;
      void this.validate(uri)
        .catch((err: unknown) => this.connection.console.error(`berth: validating ${uri} failed: ${(err as Error).stack ?? err}`))
        .finally(() => {
          this.running--;
          this.wakeIdleWaiters();
        });
    });
  }

  /**
   * Resolves once no lint is scheduled or running. Work that can wait (asking the engine for its
   * images) waits for it, so a document's diagnostics do not share the event loop with it.
   */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wakeIdleWaiters();
    });
  }

  private wakeIdleWaiters(): void {
    if (this.pending.size > 0 || this.running > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  clear(uri: string): void {
    this.results.delete(uri);
    this.caches.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * A session that ends within the delay after its first diagnostics still leaves what it
   * compiled for the next start.
   */
  shutdown(): void {
    if (this.firstPublishTimer) this.firstPublished();
  }

  private firstPublished(): void {
    clearTimeout(this.firstPublishTimer);
    this.firstPublishTimer = undefined;
    this.onFirstPublish();
  }

  result(uri: string): ValidationResult | undefined {
    return this.results.get(uri);
  }

  private async validate(uri: string): Promise<void> {
    let settings = this.settings.known();
    if (!settings) {
      const asked = this.settings.forDocument(uri);
      // Parse while the client answers (a document's first lint waits for its settings).
      this.store.model(uri);
      settings = await asked;
    }
    const document = this.store.document(uri);
    const model = this.store.model(uri);
    if (!document || !model) return;
    const version = document.version;
    let cache = this.caches.get(uri);
    if (!cache) this.caches.set(uri, (cache = new LintCache()));
    const steps = lintSteps(
      model,
      allRules,
      { severities: settings.rules, trustedRegistries: settings.trustedRegistries, buildContext: this.contexts.view(uri) },
      cache,
    );
    let deadline = nowMs() + SLICE_MS;
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        const diagnostics = step.value.map((d, index) => toLspDiagnostic(d, index));
        this.results.set(uri, { version, lint: step.value, diagnostics });
        await this.connection.sendDiagnostics({ uri, version, diagnostics });
        if (!this.published) {
          this.published = true;
          // Writing a code cache blocks for a few milliseconds: not on the heels of the first
          // diagnostics, when the next keystroke is likely on its way.
          this.firstPublishTimer = setTimeout(() => this.firstPublished(), FIRST_PUBLISH_DELAY_MS).unref();
        }
        return;
      }
      if (nowMs() > deadline) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.store.document(uri)?.version !== version) return;
        deadline = nowMs() + SLICE_MS;
      }
    }
  }
}
