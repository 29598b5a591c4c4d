/**
 * Settings per document, pulled from the client with workspace/configuration and cached until the
 * client says they changed (lsp-sample's getDocumentSettings). Clients that cannot answer get the
 * settings pushed with didChangeConfiguration, or the defaults.
 */
import { Connection } from 'vscode-languageserver';
import { BerthSettings, DEFAULT_SETTINGS, settingsFrom } from './settings';

export class SettingsCache {
  private readonly perDocument = new Map<string, Promise<BerthSettings>>();
  private global: BerthSettings = DEFAULT_SETTINGS;
  clientSupportsConfiguration = false;

  constructor(private readonly connection: Connection) {}

  setClientSupport(supported: boolean): void {
    this.clientSupportsConfiguration = supported;
  }

  /** Drops cached settings; `pushed` is what a client without workspace/configuration sent. */
  reset(pushed: unknown): void {
    this.perDocument.clear();
    if (!this.clientSupportsConfiguration) {
      const section = typeof pushed === 'object' && pushed !== null && 'berth' in pushed ? (pushed as { berth: unknown }).berth : undefined;
      this.global = settingsFrom(section);
    }
  }

  forDocument(uri: string): Promise<BerthSettings> {
    if (!this.clientSupportsConfiguration) return Promise.resolve(this.global);
    let settings = this.perDocument.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'berth' })
        .then(settingsFrom, () => DEFAULT_SETTINGS);
      this.perDocument.set(uri, settings);
    }
    return settings;
  }

  /** The settings already known for a document, without waiting (defaults until the first answer). */
  known(): BerthSettings | undefined {
    return this.clientSupportsConfiguration ? undefined : this.global;
  }
}
