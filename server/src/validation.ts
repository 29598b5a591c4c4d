/**
 * Publishes diagnostics after each change. Validation runs on the next turn of the event loop, so
 * a burst of changes that arrive together is validated once, at its last version; nothing waits
 * on timers, so a single edit gets its diagnostics as fast as linting allows.
 */
import { Connection, Diagnostic } from 'vscode-languageserver';
import { computeDiagnostics } from './diagnostics';
import { DocumentStore } from './documentStore';
import { SettingsCache } from './settingsCache';
import { BerthSettings } from './settings';

export class ValidationScheduler {
  private readonly pending = new Set<string>();
  private readonly published = new Map<string, Diagnostic[]>();

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly settings: SettingsCache,
  ) {}

  schedule(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.add(uri);
    setImmediate(() => {
      this.pending.delete(uri);
      void this.validate(uri);
    });
  }

  clear(uri: string): void {
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  diagnostics(uri: string): Diagnostic[] {
    return this.published.get(uri) ?? [];
  }

  private async validate(uri: string): Promise<void> {
    const known = this.settings.known();
    const settings: BerthSettings = known ?? (await this.settings.forDocument(uri));
    const document = this.store.document(uri);
    const model = this.store.model(uri);
    if (!document || !model) return;
    const diagnostics = computeDiagnostics(model, { severities: settings.rules });
    this.published.set(uri, diagnostics);
    await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  }
}
