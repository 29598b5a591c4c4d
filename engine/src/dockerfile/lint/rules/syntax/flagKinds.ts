/**
 * The flags BuildKit's instruction parser registers for each instruction, with their kinds
 * (instructions/parse.go, bflag.go, commands_run*.go). This is what the parser enforces, not what
 * the documentation lists: ARG and STOPSIGNAL never parse their flags (anything is accepted and
 * dropped), and `HEALTHCHECK NONE` skips flag parsing altogether.
 */
import { Instruction } from '../../../model';

/** bool: bare or `=true|false`; string: needs `=value`, once; strings: needs `=value`, may repeat. */
export type FlagKind = 'bool' | 'string' | 'strings';

export type FlagKinds = ReadonlyMap<string, FlagKind>;

const NONE: FlagKinds = new Map();

const BY_INSTRUCTION: ReadonlyMap<string, FlagKinds> = new Map<string, FlagKinds>([
  ['ADD', new Map<string, FlagKind>([['chown', 'string'], ['chmod', 'string'], ['link', 'bool'], ['keep-git-dir', 'bool'], ['checksum', 'string'], ['unpack', 'bool'], ['exclude', 'strings']])],
  ['COPY', new Map<string, FlagKind>([['chown', 'string'], ['from', 'string'], ['chmod', 'string'], ['link', 'bool'], ['exclude', 'strings'], ['parents', 'bool']])],
  ['FROM', new Map<string, FlagKind>([['platform', 'string']])],
  ['RUN', new Map<string, FlagKind>([['mount', 'strings'], ['network', 'string'], ['security', 'string'], ['device', 'strings']])],
  ['HEALTHCHECK', new Map<string, FlagKind>([['interval', 'string'], ['timeout', 'string'], ['start-period', 'string'], ['start-interval', 'string'], ['retries', 'string']])],
  ['CMD', NONE],
  ['ENTRYPOINT', NONE],
  ['ENV', NONE],
  ['EXPOSE', NONE],
  ['LABEL', NONE],
  ['MAINTAINER', NONE],
  ['ONBUILD', NONE],
  ['SHELL', NONE],
  ['USER', NONE],
  ['VOLUME', NONE],
  ['WORKDIR', NONE],
]);

/**
 * The flags BuildKit accepts on this instruction, or undefined when it does not look at them
 * (ARG, STOPSIGNAL, `HEALTHCHECK NONE`, and instructions it does not know).
 */
export function flagKindsOf(instruction: Instruction): FlagKinds | undefined {
  if (instruction.name === 'HEALTHCHECK' && instruction.args[0]?.value.toUpperCase() === 'NONE') return undefined;
  return BY_INSTRUCTION.get(instruction.name);
}

/** The 18 instructions BuildKit knows. */
export const INSTRUCTION_NAMES: readonly string[] = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK',
  'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];

const KNOWN = new Set(INSTRUCTION_NAMES);

export function isKnownInstruction(name: string): boolean {
  return KNOWN.has(name);
}
