/**
 * BuildKit's `RUN --mount` parsing (instructions/commands_runmount.go and the dispatch checks in
 * dockerfile2llb): the CSV fields, the option keys, their values after expansion, and the rules
 * between options (mode only for cache/secret/ssh mounts, sharing only for cache mounts, a secret
 * needs a source, target or id...). Like BuildKit it stops at the first problem of a mount, because
 * later options are read in the light of earlier ones (`required` before `type=secret` fails).
 */
import { quoteGo } from '../../../lineParsers';
import { csvFields } from '../../../csvFields';
import { didYouMean, suggest } from '../../../suggest';
import { parseGoBool, parseGoFloat, parseGoUint } from '../../../goValues';

export interface MountProblem {
  readonly message: string;
  /** Offsets in the mount value. */
  readonly start: number;
  readonly end: number;
  /** A replacement of value[start, end) that fixes it, when one is clear. */
  readonly replacement?: { readonly start: number; readonly end: number; readonly text: string };
}

export const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARING = ['shared', 'private', 'locked'];
const KEYS = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env'];

/** Presence of an option whose value may be unknown: absent, certainly empty, set, or unknown. */
type Presence = 'absent' | 'empty' | 'set' | 'unknown';

/**
 * The first reason BuildKit rejects this `--mount` value, or undefined. `expand` gives a value after
 * expansion, or undefined when it cannot be known in the editor.
 */
export function mountProblem(value: string, expand: (text: string) => string | undefined): MountProblem | undefined {
  const csv = csvFields(value);
  if ('error' in csv) return { message: `failed to parse csv mounts: ${csv.error}`, start: 0, end: value.length };
  for (const f of csv.fields) {
    const eq = f.text.indexOf('=');
    if (eq < 0 || f.text.slice(0, eq).toLowerCase() !== 'from') continue;
    const dollar = f.text.indexOf('$', eq + 1);
    if (dollar >= 0 && dollar !== f.text.length - 1) {
      return { message: "'from' doesn't support variable expansion, define alias stage instead", start: f.start, end: f.end };
    }
  }

  let type: string | undefined = 'bind';
  const seen = new Map<string, Presence>();
  const presence = (v: string | undefined): Presence => (v === undefined ? 'unknown' : v === '' ? 'empty' : 'set');
  let target: string | undefined = '';
  for (const f of csv.fields) {
    const plain = value.slice(f.start, f.end) === f.text;
    const eq = f.text.indexOf('=');
    const key = (eq < 0 ? f.text : f.text.slice(0, eq)).toLowerCase();
    const at = { start: f.start, end: f.end };
    const unexpected = () => ({ message: `unexpected key '${key}' for mount type '${type}'`, ...at });
    if (eq < 0) {
      if (['readonly', 'ro', 'readwrite', 'rw'].includes(key)) continue;
      if (key === 'required') {
        if (type !== undefined && type !== 'secret' && type !== 'ssh') return unexpected();
        continue;
      }
      return { message: `invalid field '${f.text}' must be a key=value pair`, ...at };
    }
    const raw = f.text.slice(eq + 1);
    const v = expand(raw);
    const valueAt = plain ? { start: f.start + eq + 1, end: f.end } : at;
    switch (key) {
      case 'type': {
        if (v === undefined) type = undefined;
        else if (MOUNT_TYPES.includes(v.toLowerCase())) type = v.toLowerCase();
        else {
          const suggestion = suggest(v, MOUNT_TYPES, true);
          return { message: `unsupported mount type ${quoteGo(v)}${didYouMean(suggestion)}`, ...valueAt, replacement: plain && suggestion ? { ...valueAt, text: suggestion } : undefined };
        }
        break;
      }
      case 'readonly': case 'ro': case 'readwrite': case 'rw':
        if (v !== undefined && parseGoBool(v) === undefined) return { message: `invalid value for ${key}: ${v}`, ...valueAt };
        break;
      case 'required':
        if (type !== undefined && type !== 'secret' && type !== 'ssh') return unexpected();
        if (v !== undefined && parseGoBool(v) === undefined) return { message: `invalid value for ${key}: ${v}`, ...valueAt };
        break;
      case 'size':
        if (type !== undefined && type !== 'tmpfs') return unexpected();
        if (v !== undefined && type === 'tmpfs' && !validSize(v)) return { message: `invalid value for ${key}: ${v}`, ...valueAt };
        break;
      case 'sharing': {
        if (v !== undefined && !SHARING.includes(v.toLowerCase())) {
          const suggestion = suggest(v, SHARING, true);
          return { message: `unsupported sharing value ${quoteGo(v)}${didYouMean(suggestion)}`, ...valueAt, replacement: plain && suggestion ? { ...valueAt, text: suggestion } : undefined };
        }
        seen.set('sharing', v === undefined ? 'unknown' : 'set');
        break;
      }
      case 'mode': case 'uid': case 'gid':
        if (v !== undefined && !('value' in parseGoUint(v, key === 'mode' ? 8 : 10, 32))) return { message: `invalid value ${v} for ${key}`, ...valueAt };
        seen.set(key, 'set');
        break;
      case 'from': case 'id': case 'env':
        seen.set(key, presence(v));
        break;
      case 'source': case 'src':
        seen.set('source', presence(v));
        break;
      case 'target': case 'dst': case 'destination':
        seen.set('target', presence(v));
        target = v;
        break;
      default: {
        const suggestion = suggest(key, KEYS, true);
        const keyAt = { start: f.start, end: f.start + eq };
        return { message: `unexpected key '${key}' in '${f.text}'${didYouMean(suggestion)}`, ...at, replacement: plain && suggestion ? { ...keyAt, text: suggestion } : undefined };
      }
    }
  }
  return optionConflict(type, seen, target, value.length);
}

function optionConflict(type: string | undefined, seen: ReadonlyMap<string, Presence>, target: string | undefined, length: number): MountProblem | undefined {
  if (type === undefined) return undefined;
  const whole = (message: string): MountProblem => ({ message, start: 0, end: length });
  const has = (key: string) => seen.get(key) === 'set';
  const maybe = (key: string) => seen.get(key) === 'set' || seen.get(key) === 'unknown';
  if (type !== 'secret' && type !== 'ssh' && type !== 'cache') {
    for (const key of ['mode', 'uid', 'gid']) if (has(key)) return whole(`${key} not allowed for ${quoteGo(type)} type mounts`);
  }
  if (type === 'secret') {
    if (has('from')) return whole('secret mount should not have a from');
    if (maybe('sharing')) return whole('secret mount should not define sharing');
    if (!maybe('source') && !maybe('target') && !maybe('id')) return whole('invalid secret mount. one of source, target required');
    if (has('source') && has('id')) return whole("both source and id can't be set");
  }
  if (seen.has('sharing') && type !== 'cache') return whole(`invalid cache sharing set for ${type} mount`);
  if (type === 'ssh' && has('source')) return whole('ssh does not support source');
  if ((type === 'bind' || type === 'cache' || type === 'tmpfs') && target !== undefined && target.startsWith('/') && cleanPath(target) === '/') {
    return whole(`invalid mount target ${quoteGo('/')}`);
  }
  return undefined;
}

/** go-units RAMInBytes accepts it: a non-negative number and an optional k/m/g/t/p[i][b] or b suffix. */
function validSize(text: string): boolean {
  const sep = Math.max(...Array.from('01234567890. ', (c) => text.lastIndexOf(c)));
  if (sep < 0) return false;
  const num = text[sep] === ' ' ? text.slice(0, sep) : text.slice(0, sep + 1);
  const suffix = text.slice(sep + 1).toLowerCase();
  const size = parseGoFloat(num);
  if (size === undefined || size < 0) return false;
  if (suffix === '' || suffix === 'b') return true;
  if (suffix.length > 3 || !'kmgtp'.includes(suffix[0])) return false;
  return suffix.length === 1 || (suffix.length === 2 && suffix[1] === 'b') || (suffix.length === 3 && suffix.slice(1) === 'ib');
}

/** path.Clean for absolute paths, enough to tell whether a target is the root. */
function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}
