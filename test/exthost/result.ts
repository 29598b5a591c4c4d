/** One test's outcome, as the extension-host runner writes it and the e2e harness reads it. */
export interface ExtensionHostResult {
  readonly title: string;
  /** The compiled test file, for grouping. */
  readonly file: string;
  readonly passed: boolean;
  /** Stack or message of the failure. */
  readonly error?: string;
}
