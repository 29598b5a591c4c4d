// `--user` resolved against the image's own /etc/passwd and /etc/group, with runc's GetExecUser rules
// (which Docker uses): a name must exist, a number need not; without an explicit group the primary
// group comes from passwd and the supplementary groups from group memberships; `--group-add` adds
// more. Pure: the two files' contents come in as strings (undefined when the image has none).
import { berthError } from '../image/berthError';

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

export interface ExecUser {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids: readonly number[];
  readonly home: string;
}

const isNumeric = (s: string): boolean => /^\d+$/.test(s);

function lines(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(':'));
}

export function parsePasswd(text: string | undefined): PasswdEntry[] {
  return lines(text).flatMap((f) => {
    if (f.length < 4 || !isNumeric(f[2]!) || !isNumeric(f[3]!)) return [];
    return [{ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '' }];
  });
}

export function parseGroup(text: string | undefined): GroupEntry[] {
  return lines(text).flatMap((f) => {
    if (f.length < 3 || !isNumeric(f[2]!)) return [];
    return [{ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '') }];
  });
}

function checkId(n: number, what: string, text: string): number {
  if (n > 0xfffffffe) throw berthError('invalid-argument', `${what} ${text} is out of range (at most 4294967294)`);
  return n;
}

export function resolveUser(spec: string, passwdText: string | undefined, groupText: string | undefined, groupAdd: readonly string[] = []): ExecUser {
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const colon = spec.indexOf(':');
  const userPart = colon < 0 ? spec : spec.slice(0, colon);
  const groupPart = colon < 0 ? '' : spec.slice(colon + 1);

  let entry: PasswdEntry | undefined;
  let uid: number;
  if (userPart === '') {
    entry = passwd.find((p) => p.uid === 0);
    uid = 0;
  } else if (isNumeric(userPart)) {
    uid = checkId(Number(userPart), 'user id', userPart);
    entry = passwd.find((p) => p.uid === uid);
  } else {
    entry = passwd.find((p) => p.name === userPart);
    if (!entry) throw berthError('invalid-argument', `unable to find user ${userPart}: no matching entries in passwd file`);
    uid = entry.uid;
  }

  let gid = entry?.gid ?? 0;
  let additional: number[] = [];
  if (groupPart !== '') {
    if (isNumeric(groupPart)) {
      gid = checkId(Number(groupPart), 'group id', groupPart);
    } else {
      const g = groups.find((x) => x.name === groupPart);
      if (!g) throw berthError('invalid-argument', `unable to find group ${groupPart}: no matching entries in group file`);
      gid = g.gid;
    }
  } else if (entry) {
    additional = groups.filter((g) => g.members.includes(entry.name)).map((g) => g.gid);
  }
  for (const extra of groupAdd) {
    if (isNumeric(extra)) {
      additional.push(checkId(Number(extra), 'group id', extra));
      continue;
    }
    const g = groups.find((x) => x.name === extra);
    if (!g) throw berthError('invalid-argument', `Unable to find group ${extra}: no matching entries in group file`);
    additional.push(g.gid);
  }
  return { uid, gid, additionalGids: [...new Set(additional)], home: entry?.home || '/' };
}
