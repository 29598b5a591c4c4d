// The build options a client sends, read from untrusted input: POST /build's query (what the
// docker CLI's classic builder sends: `t` several times, `buildargs` and `labels` as JSON, …) and
// the JSON body of Berth's own POST /berth/v1/build. Both become the same BuildSettings, so the
// two endpoints build alike. Resource limits (memory, cpu*, shmsize) and `rm`/`forcerm` are
// accepted and have no effect: step containers are always removed and run without limits.
import { berthError } from '../image/berthError';
import { hostPlatform, parsePlatform, type Platform } from '../image/platform';
import { referenceError } from '../image/reference';
import type { RunNetwork } from '../build/stepRunner';
import { boolParam } from './apiContext';

export interface BuildSettings {
  readonly tags: readonly string[];
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly noCache: boolean;
  readonly pull: boolean;
  readonly target?: string;
  readonly network?: RunNetwork;
  readonly platform?: Platform;
  /** Only the image ID is streamed back (`-q`); the output is sent only when the build fails. */
  readonly quiet: boolean;
  /** `--check`: every lint rule runs first and an error fails the build. */
  readonly check: boolean;
}

function invalid(message: string): Error {
  return berthError('invalid-argument', message);
}

export function checkTags(tags: readonly string[]): string[] {
  for (const tag of tags) {
    const problem = referenceError(tag);
    if (problem !== undefined) throw invalid(`invalid tag ${JSON.stringify(tag)}: ${problem}`);
    if (tag.includes('@')) throw invalid(`invalid tag ${JSON.stringify(tag)}: a build names its image with tags, not digests`);
  }
  return [...tags];
}

/** `buildargs`/`labels`: a JSON object of strings; `null` values (an unset --build-arg) are left out. */
export function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid(`${what}: not valid JSON (expected an object such as {"KEY":"value"})`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(`${what}: expected a JSON object of strings`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(parsed)) {
    if (v === null) continue;
    if (typeof v !== 'string') throw invalid(`${what}: the value of ${key} must be a string`);
    out[key] = v;
  }
  return out;
}

/** Docker's network modes for builds; `bridge` and `default` are the default bridge network. */
export function networkMode(value: string | undefined): RunNetwork | undefined {
  if (value === undefined || value === '' || value === 'default' || value === 'bridge') return undefined;
  if (value === 'host' || value === 'none') return value;
  throw invalid(`network mode ${JSON.stringify(value)} is not supported for builds: use default, bridge, host or none`);
}

/** `os[/arch[/variant]]`; the host's architecture fills in what is left out. */
export function platformOf(text: string | undefined): Platform | undefined {
  if (text === undefined || text === '') return undefined;
  if (text.includes(',')) throw invalid(`platform ${JSON.stringify(text)}: one platform per build (multi-platform builds need BuildKit)`);
  return text.includes('/') ? parsePlatform(text) : { ...hostPlatform(), os: text };
}

/** POST /build's query. */
export function settingsFromQuery(query: URLSearchParams): BuildSettings & { readonly dockerfile: string } {
  if (query.get('remote')) throw invalid('build from a remote context (a git or tarball URL) is not supported: send the context as the request body');
  if (query.get('version') === '2') throw invalid('BuildKit build sessions are not supported by this engine: use the classic builder (DOCKER_BUILDKIT=0)');
  if (boolParam(query, 'squash')) throw invalid('squash is not supported by this engine');
  const target = query.get('target') || undefined;
  const network = networkMode(query.get('networkmode') ?? undefined);
  const platform = platformOf(query.get('platform') ?? undefined);
  return {
    dockerfile: query.get('dockerfile') || 'Dockerfile',
    tags: checkTags(query.getAll('t').filter((t) => t !== '')),
    buildArgs: stringMap(query.get('buildargs') ?? undefined, 'buildargs'),
    labels: stringMap(query.get('labels') ?? undefined, 'labels'),
    noCache: boolParam(query, 'nocache'),
    pull: boolParam(query, 'pull'),
    quiet: boolParam(query, 'q'),
    check: false,
    ...(target ? { target } : {}),
    ...(network ? { network } : {}),
    ...(platform ? { platform } : {}),
  };
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${key}: must be a string`);
  return value;
}

function stringList(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid(`${key}: must be a list of strings`);
  return value as string[];
}

/** The JSON body of POST /berth/v1/build (field names as in BuildRequest). */
export function settingsFromBody(body: Record<string, unknown>): BuildSettings {
  const target = optionalString(body, 'target');
  const network = networkMode(optionalString(body, 'network'));
  const platform = platformOf(optionalString(body, 'platform'));
  return {
    tags: checkTags(stringList(body, 'tags')),
    buildArgs: stringMap(body.buildArgs, 'buildArgs'),
    labels: stringMap(body.labels, 'labels'),
    noCache: body.noCache === true,
    pull: body.pull === true,
    quiet: body.quiet === true,
    check: body.check === true,
    ...(target ? { target } : {}),
    ...(network ? { network } : {}),
    ...(platform ? { platform } : {}),
  };
}
