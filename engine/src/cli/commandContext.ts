// What every verb gets: its streams, the way to reach the engine (connected lazily, so `--help`
// and usage errors never start one), and the argument parser with docker-style usage errors.
import type { Readable, Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { EngineClient } from './engineClient';

export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable;
  readonly stdin: Readable & { isTTY?: boolean };
}

export interface CommandContext {
  readonly io: CliIo;
  readonly env: NodeJS.ProcessEnv;
  connect(): Promise<EngineClient>;
}

export type Command = (argv: readonly string[], ctx: CommandContext) => Promise<number>;

/** A mistake in how a command was called: printed with its usage, exit status 2 (125 for the verbs that relay a container's status; see main.ts). */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommand<O extends Options>(argv: readonly string[], options: O, usage: string, positionals: { min?: number; max?: number } = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message, usage);
  }
  const count = parsed.positionals.length;
  if (count < (positionals.min ?? 0)) throw new UsageError(`requires at least ${positionals.min} argument${positionals.min === 1 ? '' : 's'}`, usage);
  if (positionals.max !== undefined && count > positionals.max) throw new UsageError(`accepts at most ${positionals.max} argument${positionals.max === 1 ? '' : 's'}`, usage);
  return parsed;
}

/** `--filter a=b` values as Docker's filters JSON (`{"a": ["b"]}`), or undefined when none. */
export function filtersJson(specs: readonly string[] | undefined, usage: string): string | undefined {
  if (!specs || specs.length === 0) return undefined;
  const filters: Record<string, string[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`bad format of filter (expected name=value): ${spec}`, usage);
    (filters[spec.slice(0, eq)] ??= []).push(spec.slice(eq + 1));
  }
  return JSON.stringify(filters);
}
