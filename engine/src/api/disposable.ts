// vscode's IDisposable: what a subscription or a started resource hands back to be released.
export interface Disposable {
  dispose(): void;
}
