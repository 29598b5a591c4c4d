/**
 * The port specifications of an EXPOSE instruction, expanded and split as BuildKit's
 * dispatchExpose does, then parsed like its parsePort: `[ip:][hostPort:]containerPort[/proto]`
 * (an IPv6 address in brackets keeps its colons). Specifications BuildKit rejects (unknown
 * protocol, no port) are not returned: the build fails on them before any check runs.
 */
import { Instruction } from '../../../model';
import { Scopes } from '../../../scope';
import { Range } from '../../../text';
import { LintContext } from '../../rule';
import { expandedWords } from './expandedWords';

export interface ExposedPort {
  /** The specification as BuildKit sees it after expansion. */
  readonly raw: string;
  readonly ip: string;
  readonly hostPort: string;
  /** The container port or range, without the protocol. */
  readonly port: string;
  /** The protocol as written ("" when omitted). */
  readonly protocol: string;
  /** Where the specification was written. */
  readonly range: Range;
  /** True when the source text is exactly `raw`, so edits can rewrite it. */
  readonly literal: boolean;
}

const PROTOCOLS = new Set(['', 'tcp', 'udp', 'sctp']);
// By scopes first: the ports follow the variables in scope, and an instruction an edit left alone
// is the same object in the next version of the model.
const cache = new WeakMap<Scopes, WeakMap<Instruction, readonly ExposedPort[]>>();

export function exposedPorts(context: LintContext, instruction: Instruction): readonly ExposedPort[] {
  let byInstruction = cache.get(context.scopes);
  if (!byInstruction) cache.set(context.scopes, (byInstruction = new WeakMap()));
  let ports = byInstruction.get(instruction);
  if (ports) return ports;
  const out: ExposedPort[] = [];
  for (const word of expandedWords(context, instruction)) {
    if (word.role !== 'port' || word.error) continue;
    const literal = word.words.length === 1 && word.words[0] === word.text;
    for (const raw of word.words) {
      const parts = raw.split(':');
      const n = parts.length;
      const containerPort = parts[n - 1];
      const hostPort = n >= 2 ? parts[n - 2] : '';
      const ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
      const slash = containerPort.indexOf('/');
      const port = slash < 0 ? containerPort : containerPort.slice(0, slash);
      const protocol = slash < 0 ? '' : containerPort.slice(slash + 1);
      if (!port || !PROTOCOLS.has(protocol.toLowerCase())) continue;
      out.push({ raw, ip, hostPort, port, protocol, range: word.range, literal });
    }
  }
  byInstruction.set(instruction, (ports = out));
  return ports;
}
