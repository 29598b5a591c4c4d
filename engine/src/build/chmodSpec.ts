// COPY/ADD --chmod as BuildKit applies it: an octal mode (at most 07777) replaces every copied
// entry's permission bits; a symbolic mode (chmod(1)'s `u+x`, `go=rX`, `a-w`; dchapes-mode's
// grammar, no umask) edits each entry's own bits, `X` granting execute to directories and to files
// that already have an execute bit. The syntax was checked by the lint rule (chmodMode.ts) before
// the build starts; what reaches here and does not parse is an internal error.
import { berthError } from '../image/berthError';

/** The new permission bits of an entry with `mode` (07777 bits). */
export type ChmodSpec = (mode: number, isDir: boolean) => number;

const who: Readonly<Record<string, number>> = { u: 0o4700, g: 0o2070, o: 0o0007, a: 0o7777 };

interface Clause {
  readonly mask: number;
  readonly ops: readonly { readonly op: string; readonly perms: string }[];
}

function parseClauses(text: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  for (const part of text.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(part);
    if (!m) return undefined;
    let mask = 0;
    for (const w of m[1]!) mask |= who[w]!;
    if (mask === 0) mask = 0o7777;
    const ops = [...m[2]!.matchAll(/([-+=])([rwxXstugo]*)/g)].map((o) => ({ op: o[1]!, perms: o[2]! }));
    if (ops.some((o) => /[ugo]/.test(o.perms) && !/^[ugo]$/.test(o.perms))) return undefined;
    clauses.push({ mask, ops });
  }
  return clauses;
}

/** The bits `perms` stands for within `mask`, given the entry's current mode. */
function bits(perms: string, mask: number, mode: number, isDir: boolean): number {
  let out = 0;
  if (/^[ugo]$/.test(perms)) {
    // copy another class's bits: `g=u`
    const shift = perms === 'u' ? 6 : perms === 'g' ? 3 : 0;
    const rwx = (mode >> shift) & 0o7;
    return ((rwx << 6) | (rwx << 3) | rwx) & mask & 0o777;
  }
  for (const p of perms) {
    if (p === 'r') out |= 0o444;
    else if (p === 'w') out |= 0o222;
    else if (p === 'x') out |= 0o111;
    else if (p === 'X') { if (isDir || (mode & 0o111) !== 0) out |= 0o111; }
    else if (p === 's') out |= 0o6000;
    else if (p === 't') out |= 0o1000;
  }
  return out & mask;
}

/** undefined for an empty value (no --chmod). */
export function parseChmod(text: string): ChmodSpec | undefined {
  if (text === '') return undefined;
  if (/^[0-7]+$/.test(text)) {
    const value = parseInt(text, 8);
    if (value > 0o7777) throw berthError('invalid-argument', `invalid chmod parameter: '${text}'. it should be octal string and between 0 and 07777`);
    return () => value;
  }
  const clauses = parseClauses(text);
  if (!clauses) throw berthError('invalid-argument', `invalid chmod parameter: '${text}': write an octal mode like 0755 or a symbolic one like u+x`);
  return (mode, isDir) => {
    let m = mode & 0o7777;
    for (const c of clauses) {
      for (const { op, perms } of c.ops) {
        const b = bits(perms, c.mask, m, isDir);
        if (op === '+') m |= b;
        else if (op === '-') m &= ~b;
        else m = (m & ~(c.mask & 0o7777)) | b;
      }
    }
    return m;
  };
}
