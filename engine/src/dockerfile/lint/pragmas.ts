/**
 * Comments that switch rules off, in the three dialects users already write:
 * - `# check=skip=A,B;error=true;experimental=C` as a parser directive (whole file) or as a
 *   comment right above an instruction (that instruction) — BuildKit's own;
 * - `# hadolint ignore=DL3006,DL3008` above an instruction, and `# hadolint global ignore=...`;
 * - `# berth ignore=RuleId` above an instruction, for any rule, including the syntax ones.
 */
import { DockerfileModel, Instruction } from '../model';
import { parseGoBool } from '../goValues';

export interface CheckOptions {
  readonly skipAll: boolean;
  readonly skip: ReadonlySet<string>;
  /** `error=true`: BuildKit fails the build on check findings. */
  readonly errorOnWarning: boolean;
  readonly experimentalAll: boolean;
  readonly experimental: ReadonlySet<string>;
}

export const NO_CHECK_OPTIONS: CheckOptions = { skipAll: false, skip: new Set(), errorOnWarning: false, experimentalAll: false, experimental: new Set() };

/**
 * Parses BuildKit's check option string (`skip=A,B;error=true`) as linter.ParseLintOptions does:
 * option names are case-sensitive, "all" is exact, and error= takes Go's booleans. undefined when
 * malformed (BuildKit then ignores the directive; InvalidCheckDirective reports it).
 */
export function parseCheckOptions(value: string): CheckOptions | undefined {
  const text = value.trim().split(' ')[0].trim();
  if (!text) return NO_CHECK_OPTIONS;
  let skipAll = false;
  let experimentalAll = false;
  let errorOnWarning = false;
  const skip = new Set<string>();
  const experimental = new Set<string>();
  const parts = text.split(';');
  // Go's SplitN(s, ";", 3): the third part keeps any further semicolons.
  if (parts.length > 3) parts.splice(2, parts.length - 2, parts.slice(2).join(';'));
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    if (key === 'skip' || key === 'experimental') {
      const all = val === 'all';
      const names = all ? [] : val.split(',').map((n) => n.trim());
      if (key === 'skip') {
        skipAll ||= all;
        for (const n of names) skip.add(n);
      } else {
        experimentalAll ||= all;
        for (const n of names) experimental.add(n);
      }
    } else if (key === 'error') {
      const parsed = parseGoBool(val);
      if (parsed === undefined) return undefined;
      errorOnWarning = parsed;
    } else return undefined;
  }
  return { skipAll, skip, errorOnWarning, experimentalAll, experimental };
}

const HADOLINT = /^hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s]+)$/;
const BERTH = /^berth\s+ignore\s*=\s*([A-Za-z0-9_,\s]+)$/;
const CHECK = /^check\s*=\s*(.+)$/;

/** Rules switched off for one instruction by the comments right above it. */
export function ignoredAt(instruction: Instruction): { ids: Set<string>; check: CheckOptions | undefined } {
  const ids = new Set<string>();
  let check: CheckOptions | undefined;
  for (const raw of instruction.comments) {
    const comment = raw.replace(/^#\s*/, '').trim();
    const h = HADOLINT.exec(comment);
    if (h && !h[1]) for (const id of h[2].split(',')) if (id.trim()) ids.add(id.trim());
    const b = BERTH.exec(comment);
    if (b) for (const id of b[1].split(',')) if (id.trim()) ids.add(id.trim());
    const c = CHECK.exec(comment);
    if (c && !check) check = parseCheckOptions(c[1]);
  }
  return { ids, check };
}

/** Rules switched off for the whole file: the check directive and `# hadolint global ignore=`. */
export function ignoredInFile(model: DockerfileModel): { ids: Set<string>; check: CheckOptions } {
  const ids = new Set<string>();
  for (const comment of model.comments) {
    const h = HADOLINT.exec(comment.text.trim());
    if (h && h[1]) for (const id of h[2].split(',')) if (id.trim()) ids.add(id.trim());
  }
  const directive = model.directives.find((d) => d.name === 'check');
  const check = (directive && parseCheckOptions(directive.value)) || NO_CHECK_OPTIONS;
  return { ids, check };
}
