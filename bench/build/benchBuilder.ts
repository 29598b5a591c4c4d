// What the suite needs from each builder under test: the build command as a user types it (the
// context directory as the path, `-f` naming the Dockerfile in it), the command that runs a built
// image's CMD, and a way to release everything it set up.
import type { Command } from '../run/timedCommand';

export type BuilderName = 'berth' | 'buildah';

export interface BuildOptions {
  /** The context directory (absolute). */
  readonly context: string;
  /** Dockerfile inside the context. */
  readonly file: string;
  readonly tag: string;
  /** Cold build: every step runs (`--no-cache`). */
  readonly noCache: boolean;
}

export interface BenchBuilder {
  readonly name: BuilderName;
  /** Version line for the report. */
  readonly version: string;
  buildCommand(options: BuildOptions): Command;
  /** Runs the image's CMD in a container without a network and removes the container. */
  runCommand(tag: string): Command;
  close(): Promise<void>;
}
