// COPY/ADD --chown (and the owner of directories WORKDIR creates) as BuildKit resolves it against
// the image being built (llbsolver/file readUser): `user[:group]`, each a name or a number. A
// name is looked up in the stage's /etc/passwd or /etc/group and must exist; a user id alone
// also sets the group id to the same number, a user name alone takes its primary group.
import { berthError } from '../image/berthError';
import type { MergedView } from './mergedView';

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

const numeric = /^\d+$/;

function parseId(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > 0xffffffff) throw berthError('invalid-argument', `invalid ${what} ${text}: ids are at most 4294967295`);
  return n;
}

/** name:…:id:gid lines of a passwd or group file. */
function lookup(view: MergedView, file: string, name: string): string[] | undefined {
  const text = view.readFile(file)?.toString('utf8');
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(':');
    if (fields[0] === name && fields.length >= 3 && numeric.test(fields[2]!)) return fields;
  }
  return undefined;
}

/** The owner `spec` names in the filesystem `view`; undefined for an empty spec (keep owners). */
export function resolveOwner(spec: string, view: MergedView): Owner | undefined {
  if (spec === '') return undefined;
  const colon = spec.indexOf(':');
  const user = colon < 0 ? spec : spec.slice(0, colon);
  const group = colon < 0 ? undefined : spec.slice(colon + 1);
  let uid = 0;
  let gid = 0;
  if (numeric.test(user)) {
    uid = parseId(user, 'user id');
    gid = uid;
  } else if (user !== '') {
    const entry = lookup(view, '/etc/passwd', user);
    if (!entry || entry.length < 4 || !numeric.test(entry[3]!)) throw berthError('invalid-argument', `unable to find user ${user}: no matching entries in passwd file`);
    uid = parseId(entry[2]!, 'user id');
    gid = parseId(entry[3]!, 'group id');
  }
  if (group !== undefined && group !== '') {
    if (numeric.test(group)) gid = parseId(group, 'group id');
    else {
      const entry = lookup(view, '/etc/group', group);
      if (!entry) throw berthError('invalid-argument', `unable to find group ${group}: no matching entries in group file`);
      gid = parseId(entry[2]!, 'group id');
    }
  }
  return { uid, gid };
}
