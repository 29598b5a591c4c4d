// `RUN --mount=...` read as BuildKit's parseMount does (instructions/commands_runmount.go): CSV
// fields, keys case-insensitive and with their aliases (runMountSpecs.ts, the table the editor
// uses), each value expanded with the instruction's variables, then the type's defaults: bind is
// read-only, a secret defaults to /run/secrets/<id> with mode 0400, a cache is shared with mode
// 0755 and its id defaults to the target. The lint rule InvalidMount has already refused what
// BuildKit's parser refuses; what is checked here is what only shows after expansion.
import { posix } from 'node:path';
import { berthError } from '../image/berthError';
import { csvFields } from '../dockerfile/csvFields';
import { mountKeySpec, mountTypeSpec } from '../dockerfile/runMountSpecs';

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
export type CacheSharing = 'shared' | 'private' | 'locked';

export interface RunMountSpec {
  readonly type: MountType;
  /** Absolute (a relative target is under the working directory). */
  readonly target: string;
  /** Path inside `from` (or the context); '' for its root. */
  readonly source: string;
  /** Stage or image name; absent = the build context (bind) or an empty cache. */
  readonly from?: string;
  readonly readOnly: boolean;
  readonly id: string;
  readonly sharing: CacheSharing;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly required: boolean;
  /** secret: also expose it as this environment variable. */
  readonly env?: string;
  /** tmpfs: size limit in bytes. */
  readonly sizeBytes?: number;
}

function bool(value: string | undefined, key: string): boolean {
  if (value === undefined || value === '') return true;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1' || v === 't') return true;
  if (v === 'false' || v === '0' || v === 'f') return false;
  throw berthError('invalid-argument', `invalid value for ${key}: ${value}`);
}

/** go-units RAMInBytes: `64m`, `1g`, `512k`, plain bytes. */
function sizeInBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?$/i.exec(text.trim());
  if (!m) throw berthError('invalid-argument', `invalid size: '${text}'`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't' | 'p'];
  return Math.floor(Number(m[1]) * unit);
}

/** Parses one --mount value; `expand` is the instruction's variable expansion. */
export function parseRunMount(value: string, expand: (text: string) => string, workdir: string): RunMountSpec {
  const csv = csvFields(value);
  if ('error' in csv) throw berthError('invalid-argument', `failed to parse --mount=${value}: ${csv.error}`);
  const fields = new Map<string, string | undefined>();
  let type = 'bind';
  for (const f of csv.fields) {
    const eq = f.text.indexOf('=');
    const key = (eq < 0 ? f.text : f.text.slice(0, eq)).toLowerCase();
    const raw = eq < 0 ? undefined : expand(f.text.slice(eq + 1));
    if (key === 'type') type = (raw ?? '').toLowerCase();
    else fields.set(key, raw);
  }
  const spec = mountTypeSpec(type);
  if (!spec) throw berthError('invalid-argument', `unsupported mount type "${type}"`);
  const get = (name: string): string | undefined => {
    let found: string | undefined;
    for (const [key, v] of fields) if (mountKeySpec(type, key)?.name === name) found = v ?? '';
    return found;
  };
  for (const key of fields.keys()) {
    if (!mountKeySpec(type, key)) throw berthError('invalid-argument', `unexpected key '${key}' in '${value}'`);
  }
  const t = type as MountType;
  const idText = get('id') ?? '';
  let target = get('target') ?? '';
  if (t === 'secret' && target === '' && idText === '') throw berthError('invalid-argument', 'one of source, target required');
  if (t === 'secret' && target === '') target = `/run/secrets/${idText}`;
  if (t === 'ssh' && target === '') target = '/run/buildkit/ssh_agent.0';
  if (target === '') throw berthError('invalid-argument', `mount type ${t}: target is required`);
  if (!target.startsWith('/')) target = posix.join('/', workdir, target);
  target = posix.normalize(target);
  if (target === '/') throw berthError('invalid-argument', `invalid mount target "${target}"`);
  const id = idText !== '' ? idText : t === 'secret' ? posix.basename(target) : t === 'cache' ? posix.normalize(get('target') ?? target) : idText;
  const rw = get('readwrite');
  const ro = get('readonly');
  const readOnly = rw !== undefined ? !bool(rw, 'readwrite') : ro !== undefined ? bool(ro, 'readonly') : t === 'bind';
  const sharing = (get('sharing') ?? 'shared').toLowerCase();
  if (sharing !== 'shared' && sharing !== 'private' && sharing !== 'locked') throw berthError('invalid-argument', `unsupported sharing value "${sharing}"`);
  const num = (name: string, base: number): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const n = Number.parseInt(v, base);
    if (!Number.isInteger(n) || n < 0 || !/^\d+$/.test(base === 8 ? v.replace(/^0o/, '') : v)) throw berthError('invalid-argument', `invalid ${name} ${v}`);
    return n;
  };
  const mode = num('mode', 8);
  const uid = num('uid', 10);
  const gid = num('gid', 10);
  const size = get('size');
  const from = get('from');
  const env = get('env');
  return {
    type: t, target, source: get('source') ?? '', readOnly, id, sharing: sharing as CacheSharing,
    required: get('required') !== undefined && bool(get('required'), 'required'),
    ...(from ? { from } : {}),
    ...(mode !== undefined ? { mode } : t === 'secret' ? { mode: 0o400 } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(gid !== undefined ? { gid } : {}),
    ...(env ? { env } : {}),
    ...(size ? { sizeBytes: sizeInBytes(size) } : {}),
  };
}
