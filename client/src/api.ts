/** What Berth's `activate` returns: its API for other extensions and for the extension-host tests. */
export interface BerthApi {
  /**
   * Milliseconds from the start of `activate` until the language client was ready (the server
   * answered `initialize`). Rejects with the start error when the language server did not start.
   */
  readonly activated: Promise<number>;
}
