/**
 * The options of `RUN --mount=...`, per mount type, as BuildKit's parseMount reads them
 * (instructions/commands_runmount.go): comma-separated fields, keys case-insensitive, `type`
 * defaulting to `bind`. Which keys each type accepts follows the same function: `required` only
 * for secret and ssh, `size` only for tmpfs, `mode`/`uid`/`gid` only for cache, secret and ssh,
 * `sharing` only for cache, `from` not for secret. Pure data.
 */
import type { ValueSpec } from './instructionSpecs';

/** Docker's reference sections are `#run---mounttype<type>`. */
const TYPE_URL = 'https://docs.docker.com/reference/dockerfile/#run---mounttype';

export interface MountKeySpec {
  readonly name: string;
  /** Other spellings BuildKit accepts for the same key (`dst`, `destination`). */
  readonly aliases: readonly string[];
  readonly doc: string;
  /** May be written without `=value` (`ro`, `required`). */
  readonly bare?: boolean;
  readonly values?: readonly ValueSpec[];
  /** Typical values when any is accepted (cache directories of common tools). */
  readonly examples?: readonly ValueSpec[];
  readonly valueHint?: string;
}

export interface MountTypeSpec {
  readonly type: string;
  readonly doc: string;
  readonly url: string;
  readonly keys: readonly MountKeySpec[];
}

const BOOL: readonly ValueSpec[] = [
  { value: 'true', doc: 'yes' },
  { value: 'false', doc: 'no' },
];

const key = (name: string, aliases: string[], doc: string, extra: Partial<MountKeySpec> = {}): MountKeySpec => ({ name, aliases, doc, ...extra });

const target = (what: string) => key('target', ['dst', 'destination'], `Where ${what} appears in the RUN container.`, { valueHint: '<path>' });
const readonly = (defaultText: string) => key('readonly', ['ro'], `Mount read-only (${defaultText}).`, { bare: true, values: BOOL });
const readwrite = key('readwrite', ['rw'], 'Mount read-write; writes are thrown away after the command.', { bare: true, values: BOOL });
const from = (what: string) => key('from', [], `Stage, image or named context to take ${what} from; the build context by default.`, { valueHint: '<stage|image>' });
const mode = (defaultMode: string) => key('mode', [], `Permission bits, in octal (default ${defaultMode}).`, { valueHint: '<octal>', values: [{ value: '0400', doc: 'owner read-only' }, { value: '0755', doc: 'rwxr-xr-x' }] });
const uid = key('uid', [], 'Owner user id (default 0).', { valueHint: '<uid>' });
const gid = key('gid', [], 'Owner group id (default 0).', { valueHint: '<gid>' });
const required = (what: string) => key('required', [], `Fail the build when the ${what} is not provided (default false).`, { bare: true, values: BOOL });

/** Where common package managers and compilers keep their caches (as root). */
const CACHE_DIRECTORIES: readonly ValueSpec[] = [
  { value: '/var/cache/apt', doc: 'apt downloads (pair with /var/lib/apt and sharing=locked)' },
  { value: '/var/lib/apt', doc: 'apt package lists (sharing=locked)' },
  { value: '/root/.cache/pip', doc: 'pip' },
  { value: '/root/.cache/uv', doc: 'uv' },
  { value: '/root/.npm', doc: 'npm' },
  { value: '/usr/local/share/.cache/yarn', doc: 'yarn (classic)' },
  { value: '/root/.local/share/pnpm/store', doc: 'pnpm store' },
  { value: '/go/pkg/mod', doc: 'Go modules (golang images)' },
  { value: '/root/.cache/go-build', doc: 'Go build cache' },
  { value: '/usr/local/cargo/registry', doc: 'Cargo registry (rust images)' },
  { value: '/root/.m2', doc: 'Maven repository' },
  { value: '/root/.gradle', doc: 'Gradle caches' },
  { value: '/var/cache/apk', doc: 'Alpine apk' },
];

const TYPE_KEY = key('type', [], 'Kind of mount (default `bind`).', {
  values: [
    { value: 'bind', doc: 'files from the context, a stage or an image' },
    { value: 'cache', doc: 'a directory kept between builds' },
    { value: 'tmpfs', doc: 'an in-memory filesystem' },
    { value: 'secret', doc: 'a build secret' },
    { value: 'ssh', doc: 'the SSH agent socket' },
  ],
});

export const RUN_MOUNT_SPEC: { readonly typeKey: MountKeySpec; readonly types: readonly MountTypeSpec[] } = {
  typeKey: TYPE_KEY,
  types: [
    {
      type: 'bind',
      doc: 'Makes files from the build context, a stage or an image visible to the command without copying them into a layer (read-only by default).',
      url: TYPE_URL + 'bind',
      keys: [
        target('the files'),
        key('source', ['src'], 'Path inside the `from` source (default: its root).', { valueHint: '<path>' }),
        from('the files'),
        readonly('the default for bind mounts'),
        readwrite,
      ],
    },
    {
      type: 'cache',
      doc: 'Mounts a directory that keeps its content from one build to the next, for package manager and compiler caches. It never ends up in the image.',
      url: TYPE_URL + 'cache',
      keys: [
        key('id', [], 'Name of the cache; caches with the same id are shared (default: the target path).', { valueHint: '<id>' }),
        { ...target('the cache'), examples: CACHE_DIRECTORIES },
        readonly('read-write by default'),
        readwrite,
        key('sharing', [], 'What happens when several builds use the cache at once (default `shared`).', {
          values: [
            { value: 'shared', doc: 'all writers use it at the same time' },
            { value: 'private', doc: 'a new cache is made for each concurrent writer' },
            { value: 'locked', doc: 'a second writer waits until the first is done' },
          ],
        }),
        from('the initial content'),
        key('source', ['src'], 'Path inside `from` to seed the cache with (default: its root).', { valueHint: '<path>' }),
        mode('0755'),
        uid,
        gid,
      ],
    },
    {
      type: 'tmpfs',
      doc: 'Mounts an empty in-memory filesystem for the command.',
      url: TYPE_URL + 'tmpfs',
      keys: [target('the tmpfs'), key('size', [], 'Maximum size (`64m`, `1g`); unlimited by default.', { valueHint: '<size>' })],
    },
    {
      type: 'secret',
      doc: 'Gives the command a secret passed with `docker build --secret`, as a file (default `/run/secrets/<id>`) or an environment variable, without storing it in the image.',
      url: TYPE_URL + 'secret',
      keys: [
        key('id', [], 'Id of the secret (`--secret id=...`); defaults to the base name of the target.', { valueHint: '<id>' }),
        target('the secret file'),
        key('env', [], 'Also expose the secret as this environment variable.', { valueHint: '<NAME>' }),
        required('secret'),
        mode('0400'),
        uid,
        gid,
      ],
    },
    {
      type: 'ssh',
      doc: 'Gives the command the SSH agent socket forwarded with `docker build --ssh`, for cloning private repositories.',
      url: TYPE_URL + 'ssh',
      keys: [
        key('id', [], 'Id of the forwarded agent or keys (default `default`).', { valueHint: '<id>' }),
        target('the agent socket (default `/run/buildkit/ssh_agent.${N}`)'),
        required('SSH agent'),
        mode('0600'),
        uid,
        gid,
      ],
    },
  ],
};

/** A mount type by name (case-insensitive, as BuildKit compares it). */
export function mountTypeSpec(type: string): MountTypeSpec | undefined {
  const lower = type.toLowerCase();
  return RUN_MOUNT_SPEC.types.find((t) => t.type === lower);
}

/** A key of a mount type, by name or alias; `type` itself is known for every type. */
export function mountKeySpec(type: string, name: string): MountKeySpec | undefined {
  const lower = name.toLowerCase();
  if (lower === 'type') return TYPE_KEY;
  return mountTypeSpec(type)?.keys.find((k) => k.name === lower || k.aliases.includes(lower));
}
