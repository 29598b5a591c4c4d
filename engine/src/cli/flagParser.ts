// Docker-style flags for the verbs whose arguments end in a command (`run IMAGE CMD...`, `exec
// CONTAINER CMD...`): flags stop at the first positional, so the command's own flags are left to
// it. Also what the docker CLI accepts beyond node's parseArgs: grouped short flags ending in one
// that takes a value (`-itp 80:80`), attached values (`-p80:80`), and booleans given a value
// (`--rm=true`, `--sig-proxy=false`).
import { UsageError } from './commandContext';

export type FlagKind = 'boolean' | 'string' | 'list';

export interface FlagSpec {
  readonly kind: FlagKind;
  readonly short?: string;
  /** Other long names (`--net` for `--network`). */
  readonly aliases?: readonly string[];
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedFlags {
  readonly booleans: ReadonlyMap<string, boolean>;
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

function parseBoolean(name: string, text: string, usage: string): boolean {
  if (/^(1|t|true|True|TRUE)$/.test(text)) return true;
  if (/^(0|f|false|False|FALSE)$/.test(text)) return false;
  throw new UsageError(`invalid argument "${text}" for "--${name}" flag: expected true or false`, usage);
}

/**
 * Parses flags up to the first positional (with `stopAtPositional`), which starts the positionals
 * together with everything after it; `--` ends the flags too.
 */
export function parseFlags(argv: readonly string[], specs: FlagSpecs, usage: string, stopAtPositional = true): ParsedFlags {
  const byLong = new Map<string, string>();
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    byLong.set(name, name);
    for (const alias of spec.aliases ?? []) byLong.set(alias, name);
    if (spec.short) byShort.set(spec.short, name);
  }
  const booleans = new Map<string, boolean>();
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  const set = (name: string, value: string | undefined, next: () => string | undefined, shown: string) => {
    const spec = specs[name]!;
    if (spec.kind === 'boolean') {
      booleans.set(name, value === undefined ? true : parseBoolean(name, value, usage));
      return;
    }
    const v = value ?? next();
    if (v === undefined) throw new UsageError(`flag needs an argument: ${shown}`, usage);
    if (spec.kind === 'string') strings.set(name, v);
    else lists.set(name, [...(lists.get(name) ?? []), v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => (i + 1 < argv.length ? argv[++i] : undefined);
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const long = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const name = byLong.get(long);
      if (name === undefined) throw new UsageError(`unknown flag: --${long}`, usage);
      set(name, eq < 0 ? undefined : arg.slice(eq + 1), next, `--${long}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const name = byShort.get(arg[j]!);
        if (name === undefined) throw new UsageError(`unknown shorthand flag: '${arg[j]}' in ${arg}`, usage);
        if (specs[name]!.kind === 'boolean') {
          const rest = arg.slice(j + 1);
          if (rest.startsWith('=')) {
            set(name, rest.slice(1), next, `-${arg[j]}`);
            break;
          }
          set(name, undefined, next, `-${arg[j]}`);
          continue;
        }
        const attached = arg.slice(j + 1).replace(/^=/, '');
        set(name, attached === '' ? undefined : attached, next, `-${arg[j]}`);
        break;
      }
      continue;
    }
    if (stopAtPositional) {
      positionals.push(...argv.slice(i));
      break;
    }
    positionals.push(arg);
  }
  return { booleans, strings, lists, positionals };
}
