// Image references as Docker writes them, parsed by distribution/reference's grammar:
//
//   reference := name [ ":" tag ] [ "@" digest ]      name   := [domain "/"] path
//   domain    := host [":" port]                      path   := component ("/" component)*
//   component := [a-z0-9]+ (separator [a-z0-9]+)*      separator := [._] | __ | -+
//   tag       := [\w][\w.-]{0,127}                     digest := algorithm ":" hex{32,}
//
// `parseReference` follows ParseNormalizedNamed (what `docker pull` and BuildKit use): a familiar
// name gains docker.io and library/, index.docker.io becomes docker.io, and a name without tag or
// digest gets `latest`. Error texts are distribution's and go-digest's own, so the engine, the CLI
// and the Dockerfile lint rules say exactly what Docker says.
import { berthError } from './berthError';
import type { Digest } from './digest';

export const defaultDomain = 'docker.io';
export const defaultTag = 'latest';
const legacyDefaultDomain = 'index.docker.io';
const officialRepoPrefix = 'library/';
const maxPathLength = 255;

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const host = `(?:${domainName}|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;

// Leftmost-first matching in JavaScript picks the same groups as Go's regexp does here. The
// pieces have almost no ambiguity, so matching stays fast on long hostile input (tested).
const referenceRegexp = new RegExp(`^((?:${domainAndPort}/)?${remoteName})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredTagRegexp = new RegExp(`^${tagPattern}$`);
const identifierRegexp = /^[a-f0-9]{64}$/;
const goDigestRegexp = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const digestHexLength: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** A parsed image reference. Example: `localhost:5000/team/app:1.2@sha256:…`. */
export class Reference {
  constructor(
    /** Registry host and optional port, as written (`docker.io`, `localhost:5000`, `[::1]:5000`). */
    readonly domain: string,
    /** Repository path inside the registry (`library/busybox`, `team/app`). */
    readonly path: string,
    /** `1.2`; absent when only a digest was given. */
    readonly tag?: string,
    /** Manifest digest the reference pins; sha384 passes the grammar but cannot be verified. */
    readonly digest?: Digest,
  ) {}

  /** `domain/path`: distribution's Name(). */
  get name(): string {
    return this.domain === '' ? this.path : `${this.domain}/${this.path}`;
  }

  /** The tag or digest the registry is asked for (a digest wins when both are given). */
  get version(): string {
    return this.digest ?? this.tag ?? defaultTag;
  }

  /** Docker's short form of the name alone: `busybox`, `team/app`, `localhost:5000/app`. */
  familiarName(): string {
    if (this.domain !== defaultDomain) return this.name;
    const rest = this.path.startsWith(officialRepoPrefix) ? this.path.slice(officialRepoPrefix.length) : '';
    return rest !== '' && !rest.includes('/') ? rest : this.path;
  }

  /** Docker's FamiliarString: `busybox:latest`, `team/app@sha256:…`. */
  familiar(): string {
    return this.familiarName() + this.suffix();
  }

  toString(): string {
    return this.name + this.suffix();
  }

  private suffix(): string {
    return (this.tag === undefined ? '' : `:${this.tag}`) + (this.digest === undefined ? '' : `@${this.digest}`);
  }
}

/**
 * Parses what a user typed (`busybox`, `docker.io/library/busybox:latest`, `localhost:5000/x@sha256:…`)
 * into a normalised reference; throws invalid-argument with distribution's message.
 */
export function parseReference(text: string): Reference {
  const error = referenceError(text);
  if (error !== undefined) throw berthError('invalid-argument', error);
  const { domain, remainder } = splitDockerDomain(text);
  const parts = splitReference(`${domain}/${remainder}`)!;
  const tag = parts.tag ?? (parts.digest === undefined ? defaultTag : undefined);
  return new Reference(parts.domain, parts.path, tag, parts.digest as Digest | undefined);
}

/** The same repository with another tag and no digest (what `docker tag` and push record). */
export function withTag(ref: Reference, tag: string): Reference {
  if (!anchoredTagRegexp.test(tag)) throw berthError('invalid-argument', 'invalid tag format');
  return new Reference(ref.domain, ref.path, tag);
}

/** The same repository pinned to a digest (`name@sha256:…`), the form a pull reports. */
export function withDigest(ref: Reference, digest: Digest): Reference {
  return new Reference(ref.domain, ref.path, undefined, digest);
}

/**
 * Why Docker rejects `text` as an image reference, or undefined when it accepts it, without
 * building anything. `normalize` (default) checks it as `docker pull` and BuildKit do
 * (ParseNormalizedNamed); `normalize: false` checks the text as written (distribution's Parse),
 * so `Busybox` says "repository name must be lowercase" and `foo/bar` keeps `foo` as its domain.
 */
export function referenceError(text: string, options: { normalize?: boolean } = {}): string | undefined {
  if (options.normalize === false) return parseError(text);
  if (identifierRegexp.test(text)) return `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`;
  const { domain, remainder } = splitDockerDomain(text);
  const colon = remainder.indexOf(':');
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  return parseError(`${domain}/${remainder}`);
}

/** go-digest's Digest.Validate, for the algorithms Docker registers (sha256, sha384, sha512). */
export function digestError(text: string): string | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon + 1 === text.length) return 'invalid checksum digest format';
  const length = digestHexLength[text.slice(0, colon)];
  if (length === undefined) return goDigestRegexp.test(text) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  const hex = text.slice(colon + 1);
  if (hex.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(hex) ? undefined : 'invalid checksum digest format';
}

interface ReferenceParts {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

function splitReference(text: string): ReferenceParts | undefined {
  const m = referenceRegexp.exec(text);
  if (!m) return undefined;
  const name = anchoredNameRegexp.exec(m[1]!);
  return {
    domain: name?.[1] ?? '',
    path: name ? name[2]! : m[1]!,
    ...(m[2] === undefined ? {} : { tag: m[2] }),
    ...(m[3] === undefined ? {} : { digest: m[3] }),
  };
}

/** distribution's Parse, error side only. */
function parseError(text: string): string | undefined {
  if (text === '') return 'repository name must have at least one component';
  const parts = splitReference(text);
  if (!parts) {
    const lower = text.toLowerCase();
    return lower !== text && referenceRegexp.test(lower) ? 'repository name must be lowercase' : 'invalid reference format';
  }
  if (parts.path.length > maxPathLength) return `repository name must not be more than ${maxPathLength} characters`;
  return parts.digest === undefined ? undefined : digestError(parts.digest);
}

/** distribution's splitDockerDomain: which part of a familiar name is the registry. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: defaultDomain, remainder: officialRepoPrefix + name };
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain = defaultDomain;
  let remainder = name;
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) [domain, remainder] = [first, rest];
  if (first === legacyDefaultDomain) [domain, remainder] = [defaultDomain, rest];
  if (domain === defaultDomain && !remainder.includes('/')) remainder = officialRepoPrefix + remainder;
  return { domain, remainder };
}
