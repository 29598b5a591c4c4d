// What every benchmark suite gets from the dispatcher (bench/run.ts) and what it must provide.
// Suites are benchmarks, not tests: they print medians and ratios against a named peer measured
// on the same machine in the same run, and fail only when something breaks (a server crashes,
// a peer never answers), never because a number is slow.

export interface SuiteContext {
  /** Repository root; dist/ and node_modules/ are resolved from here. */
  readonly repoRoot: string;
  /** Where raw results go (gitignored); the suite creates it when it writes. */
  readonly resultsDir: string;
  /** Command-line options after the suite name, for the suite to parse. */
  readonly args: readonly string[];
}

export interface BenchSuite {
  readonly description: string;
  run(context: SuiteContext): Promise<void>;
}
